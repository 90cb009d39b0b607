package dev.runnermetrics.exporter.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runnermetrics.exporter.logs.JobContext;
import dev.runnermetrics.exporter.logs.JobMessageParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Worker's {@code Job message:} JSON. Any text either parses or fails with an IOException (counted as
 * bad_json by the interpreter), never another exception; a parsed message reads the same after a JSON round trip
 * (whitespace and key order do not matter). And a message built from arbitrary field values, in the runner's compact
 * context form or as plain JSON, yields exactly those values. Input: byte 0 even = raw text, odd = field values
 * separated by U+0001 (bit 1 chooses the plain form), then UTF-8 text.
 */
class JobMessageParserFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> GITHUB_KEYS =
            List.of("repository", "workflow", "job", "run_id", "run_attempt", "ref", "sha", "event_name");

    static Stream<Arguments> fixtures() {
        List<Arguments> seeds = new ArrayList<>();
        for (String folder : List.of("runner-logs/worker-diag", "fixture-runner/_diag")) {
            for (var file : Seeds.list(folder)) {
                String text = new String(Seeds.read(file), StandardCharsets.UTF_8);
                int at = text.indexOf("Job message:");
                int brace = at < 0 ? -1 : text.indexOf('{', at);
                if (brace < 0) {
                    continue;
                }
                try (JsonParser parser = JSON.createParser(text.substring(brace))) {
                    JsonNode message = JSON.readTree(parser);
                    seeds.add(Seeds.seed(folder + "/" + file.getFileName(),
                            Seeds.prefixed(JSON.writeValueAsBytes(message), 0)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        seeds.add(Seeds.seed("fields", Seeds.prefixed(String.join("\u0001", "4211", "build (ubuntu)", "octo/repo",
                "CI", "build", "99", "1", "refs/heads/main", "abc123", "push").getBytes(StandardCharsets.UTF_8), 1)));
        return seeds.stream();
    }

    @MethodSource("fixtures")
    @FuzzTest
    void onlyJsonErrorsEscapeAndFieldsComeBackAsWritten(byte[] input) throws IOException {
        if (input.length < 1) {
            return;
        }
        String text = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        if ((input[0] & 1) == 0) {
            JobContext context;
            try {
                context = JobMessageParser.parse(text);
            } catch (IOException e) {
                return; // malformed: the interpreter counts it
            }
            assertEquals(context, JobMessageParser.parse(JSON.writeValueAsString(JSON.readTree(text))));
            return;
        }
        String[] v = Arrays.copyOf(text.split("\u0001", -1), 2 + GITHUB_KEYS.size());
        ObjectNode message = JSON.createObjectNode();
        if (v[0] != null) {
            message.put("jobId", v[0]);
        }
        if (v[1] != null) {
            message.put("jobDisplayName", v[1]);
        }
        boolean plain = (input[0] & 2) != 0;
        ObjectNode github = message.putObject("contextData").putObject("github");
        ArrayNode entries = plain ? null : github.put("t", 2).putArray("d");
        for (int i = 0; i < GITHUB_KEYS.size(); i++) {
            if (v[2 + i] != null) {
                if (plain) {
                    github.put(GITHUB_KEYS.get(i), v[2 + i]);
                } else {
                    entries.addObject().put("k", GITHUB_KEYS.get(i)).put("v", v[2 + i]);
                }
            }
        }
        JobContext c = JobMessageParser.parse(JSON.writeValueAsString(message));
        assertEquals(Arrays.asList(v), Arrays.asList(c.jobId(), c.displayName(), c.repository(), c.workflow(),
                c.job(), c.runId(), c.runAttempt(), c.ref(), c.sha(), c.eventName()));
    }
}
