package dev.runnermetrics.exporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.testing.RunnerDir;
import dev.runnermetrics.testkit.process.ExporterProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter started before its runner: no runner folder at all, then the folder without {@code _diag}, then
 * {@code _diag} appearing with the runner's history in it (a volume mounted late, a runner that starts later). It
 * serves throughout, says the sources are down and why it is not ready, claims no figures, and then counts exactly
 * what the logs hold.
 */
class RunnerDirAppearsIT {

    private static final String NAME = "r1";
    private static final String LABELS = "runner_name=\"r1\",runner_type=\"standard\"";

    @TempDir
    Path tmp;

    private ExporterProcess exporter;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (exporter != null) {
            exporter.close();
        }
    }

    @Test
    void aMissingRunnerFolderIsReportedThenItsLogsAreCountedWhenTheyAppear() throws Exception {
        Path root = tmp.resolve("host/runner");
        Path diag = root.resolve("_diag");
        exporter = ExporterProcess.startLive(Map.of(
                "RUNNER_DIR", root.toString(),
                "STATE_DIR", tmp.resolve("state").toString(),
                "RUNNER_NAME", NAME), tmp.resolve("exporter.log"));
        String reason = NAME + ": " + diag + " is not readable yet (missing, not mounted, or no permission); first "
                + "pass over its logs not done";

        assertNothingKnown("no runner folder", reason);
        Files.createDirectories(root);
        Thread.sleep(1_000); // several polls
        assertNothingKnown("runner folder without _diag", reason);

        // _diag appears at once with the runner's history: built beside it and renamed into place.
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        RunnerDir staged = new RunnerDir(tmp.resolve("staged")).listenerStarts(base, "2.333.1");
        job(staged, base.plusSeconds(10), "J1", "Succeeded");
        job(staged, base.plusSeconds(20), "J2", "Failed");
        job(staged, base.plusSeconds(30), "J3", "Succeeded");
        Files.move(staged.diag(), diag);
        RunnerDir runner = new RunnerDir(root);

        String scrape = exporter.awaitScrape(s -> s.contains("github_runner_jobs_total{" + LABELS
                + ",result=\"success\",} 2.0"), Duration.ofSeconds(15));
        assertEquals(List.of(
                "github_runner_status{" + LABELS + ",} 1.0",
                "github_runner_jobs_total{" + LABELS + ",result=\"success\",} 2.0",
                "github_runner_jobs_total{" + LABELS + ",result=\"failure\",} 1.0",
                "github_runner_jobs_total{" + LABELS + ",result=\"cancelled\",} 0.0",
                "github_runner_jobs_total{" + LABELS + ",result=\"skipped\",} 0.0",
                "github_runner_jobs_total{" + LABELS + ",result=\"abandoned\",} 0.0",
                "runner_metrics_source_up{" + LABELS + ",source=\"runner_log\",} 1.0",
                "runner_metrics_source_up{" + LABELS + ",source=\"worker_log\",} 1.0"), lines(scrape));
        assertEquals(200, exporter.get("/q/health/ready", null).statusCode(), "ready once the logs are read");

        // The runner goes on (its listener restarted: a new Runner_ file): later jobs count on top.
        runner.listenerStarts(base.plusSeconds(35), "2.333.1");
        runner.jobReceived(base.plusSeconds(40), "J4", "build");
        runner.jobFinished(base.plusSeconds(45), "J4", "build", "Canceled");
        scrape = exporter.awaitScrape(s -> s.contains("result=\"cancelled\",} 1.0"), Duration.ofSeconds(15));
        assertEquals(List.of(
                "github_runner_status{" + LABELS + ",} 1.0",
                "github_runner_jobs_total{" + LABELS + ",result=\"success\",} 2.0",
                "github_runner_jobs_total{" + LABELS + ",result=\"failure\",} 1.0",
                "github_runner_jobs_total{" + LABELS + ",result=\"cancelled\",} 1.0",
                "github_runner_jobs_total{" + LABELS + ",result=\"skipped\",} 0.0",
                "github_runner_jobs_total{" + LABELS + ",result=\"abandoned\",} 0.0",
                "runner_metrics_source_up{" + LABELS + ",source=\"runner_log\",} 1.0",
                "runner_metrics_source_up{" + LABELS + ",source=\"worker_log\",} 1.0"), lines(scrape));
    }

    private static void job(RunnerDir dir, Instant start, String id, String result) {
        dir.jobReceived(start, id, "build");
        dir.worker(start, start.plusSeconds(4), id, "build", "acme/app", result);
        dir.jobFinished(start.plusSeconds(5), id, "build", result);
    }

    /** Serving, both sources down, not ready with the documented reason, and no job or status figure made up. */
    private void assertNothingKnown(String when, String reason) throws Exception {
        String scrape = exporter.scrape();
        assertEquals(List.of(
                "runner_metrics_source_up{" + LABELS + ",source=\"runner_log\",} 0.0",
                "runner_metrics_source_up{" + LABELS + ",source=\"worker_log\",} 0.0"), lines(scrape), when);
        HttpResponse<String> ready = exporter.get("/q/health/ready", null);
        assertEquals(503, ready.statusCode(), when + ": " + ready.body());
        assertTrue(ready.body().contains("\"reason\": \"" + reason + "\""), when + ": " + ready.body());
        assertEquals(200, exporter.get("/q/health/live", null).statusCode(), when + ": live");
    }

    /** The job, status and source figures of a scrape. */
    private static List<String> lines(String scrape) {
        return scrape.lines().filter(l -> l.startsWith("github_runner_jobs_total{")
                || l.startsWith("github_runner_status{") || l.startsWith("runner_metrics_source_up{")).toList();
    }
}
