package dev.runnermetrics.testkit.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Answers in the shapes of https://prometheus.io/docs/prometheus/latest/querying/api/. */
class QueryResultTest {

    @Test
    void anInstantVectorIsOneValuePerSeries() {
        QueryResult r = QueryResult.of(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"__name__\":\"up\",\"job\":\"github-runners\"},\"value\":[1435781451.781,\"1\"]},"
                + "{\"metric\":{\"job\":\"other\"},\"value\":[1435781451.781,\"NaN\"]}]}}");
        assertNull(r.error());
        assertEquals("vector", r.type());
        assertEquals(2, r.series().size());
        assertEquals(Map.of("__name__", "up", "job", "github-runners"), r.series().get(0).labels());
        assertEquals(1.0, r.series().get(0).last());
        assertTrue(r.hasFiniteSample());
    }

    @Test
    void aMatrixKeepsEveryPointInTimeOrder() {
        QueryResult r = QueryResult.of(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{},\"values\":[[1,\"NaN\"],[2,\"+Inf\"],[3,\"0.5\"]]}]}}");
        assertEquals(List.of(Double.NaN, Double.POSITIVE_INFINITY, 0.5), r.series().get(0).values());
        assertEquals(0.5, r.series().get(0).last());
    }

    @Test
    void aScalarIsOneSeriesWithoutLabels() {
        QueryResult r = QueryResult.of(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
                + "\"result\":[1435781451.781,\"4\"]}}");
        assertEquals(List.of(new QueryResult.Series(Map.of(), List.of(4.0))), r.series());
    }

    @Test
    void anErrorIsAValueThatSaysWhatPrometheusSaid() {
        QueryResult bad = QueryResult.of(400, "{\"status\":\"error\",\"errorType\":\"bad_data\","
                + "\"error\":\"parse error\"}");
        assertEquals("HTTP 400 bad_data: parse error", bad.error());
        assertFalse(bad.hasFiniteSample());
        assertEquals("error: HTTP 400 bad_data: parse error", bad.toString());
        assertEquals("HTTP 502: Bad Gateway", QueryResult.of(502, "Bad Gateway").error());
    }
}
