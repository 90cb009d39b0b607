package dev.runnermetrics.exporter.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runnermetrics.exporter.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The job message JSON as the Worker dumps it, cut out of whole Worker logs. */
class JobMessageParserTest {

    private static final Path CONSTRUCTED = Path.of("src/test/resources/constructed/worker-diag");

    @Test
    void realWorkflowDispatchMessageHasNoEnvironmentAndNoHeadCommit() throws IOException {
        // The only real dump: a workflow_dispatch job without `environment:` (see runner-logs/SOURCES.md).
        JobContext context = JobMessageParser.parse(messageIn(
                Fixtures.RUNNER_LOGS.resolve("worker-diag/003-ohmytv-windows-worker-2.333.1-inprogress.log")));
        assertEquals(new JobContext("70869668-86ba-5fd6-962e-e5e37689181b", "start-night-batch",
                "FPXszk/Oh-MY-TradingView", "Night Batch Self Hosted", null, "24282322391", "1", "refs/heads/main",
                "2c23e7ab53d11d74711583aa35e15ef26ccb50f0", "workflow_dispatch", null, null), context);
    }

    @Test
    void constructedPushDeployMessageGivesEnvironmentAndHeadCommitTime() throws IOException {
        JobContext context = JobMessageParser.parse(messageIn(
                CONSTRUCTED.resolve("001-push-deploy-production-succeeded.log")));
        assertEquals(new JobContext("5b0f3c1e-8d2a-5e4f-9a7b-1c2d3e4f5a6b", "deploy", "example-org/shop",
                "Release", "deploy", "24290000001", "1", "refs/heads/main",
                "8f14e45fceea167a5a36dedd4bea2543a1b2c3d4", "push", "production", "2026-04-11T23:40:12+09:00"),
                context);
    }

    @Test
    void nullHeadCommitAndBlankEnvironmentAreAbsent() throws IOException {
        // A push that deletes a branch has "head_commit": null; a job may evaluate its environment to "".
        JobContext context = JobMessageParser.parse("""
                {"jobId":"j1","actionsEnvironment":{"name":"","url":null},
                 "contextData":{"github":{"t":2,"d":[{"k":"event_name","v":"push"},
                   {"k":"event","v":{"t":2,"d":[{"k":"deleted","v":true},{"k":"head_commit","v":null}]}}]}}}""");
        assertEquals(null, context.environment());
        assertEquals(null, context.headCommitTimestamp());
        assertEquals("push", context.eventName());
    }

    @Test
    void plainJsonContextFormIsReadToo() throws IOException {
        JobContext context = JobMessageParser.parse("""
                {"jobId":"j2","actionsEnvironment":{"name":"staging"},
                 "contextData":{"github":{"repository":"o/r",
                   "event":{"head_commit":{"timestamp":"2026-01-02T03:04:05Z","added":{"t":1}}}}}}""");
        assertEquals("staging", context.environment());
        assertEquals("2026-01-02T03:04:05Z", context.headCommitTimestamp());
        assertEquals("o/r", context.repository());
    }

    @Test
    void notAnObjectIsRejected() {
        assertThrows(IOException.class, () -> JobMessageParser.parse("[1,2]"));
    }

    /** The JSON after the {@code Job message:} header, up to the next diag line. */
    static String messageIn(Path workerLog) throws IOException {
        List<String> lines = Files.readAllLines(workerLog, StandardCharsets.UTF_8);
        StringBuilder json = new StringBuilder();
        boolean inside = false;
        for (String line : lines) {
            if (inside && line.startsWith("[")) {
                break;
            }
            if (inside) {
                json.append(line).append('\n');
            } else if (line.contains("INFO Worker] Job message:")) {
                inside = true;
            }
        }
        return json.toString();
    }
}
