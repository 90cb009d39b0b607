package dev.runnermetrics.demo.sim;

import static dev.runnermetrics.demo.sim.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The expected texts are what the demo's own JSON writer (before Jackson) wrote for the same sample: the job message
 * and telemetry in the Worker logs must not change, nor the compact message's length and hash in the Runner log.
 */
class JsonTest {

    private static final Map<String, Object> SAMPLE = obj("name", "a \"quoted\"\\ line\nnext\ttab", "n", 13,
            "big", 58123456789L, "t", true, "nil", null, "raw", Json.raw("1.0"), "empty", List.of(),
            "none", new LinkedHashMap<>(), "list", List.of(1, obj("k", "v", "d", List.of("x")), "ü ✓ ›"));

    @Test
    void prettyIsNewtonsoftsIndentedFormAsTheOldWriterWroteIt() {
        assertEquals("""
                {
                  "name": "a \\"quoted\\"\\\\ line\\nnext\\ttab",
                  "n": 13,
                  "big": 58123456789,
                  "t": true,
                  "nil": null,
                  "raw": 1.0,
                  "empty": [],
                  "none": {},
                  "list": [
                    1,
                    {
                      "k": "v",
                      "d": [
                        "x"
                      ]
                    },
                    "ü ✓ ›"
                  ]
                }""", Json.pretty(SAMPLE));
    }

    @Test
    void compactHasNoSpacesAsTheOldWriterWroteIt() {
        assertEquals("{\"name\":\"a \\\"quoted\\\"\\\\ line\\nnext\\ttab\",\"n\":13,\"big\":58123456789,\"t\":true,"
                + "\"nil\":null,\"raw\":1.0,\"empty\":[],\"none\":{},\"list\":[1,{\"k\":\"v\",\"d\":[\"x\"]},\"ü ✓ ›\"]}",
                Json.compact(SAMPLE));
    }
}
