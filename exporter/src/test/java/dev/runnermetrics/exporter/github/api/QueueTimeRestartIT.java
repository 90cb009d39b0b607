package dev.runnermetrics.exporter.github.api;

import static dev.runnermetrics.exporter.github.api.ApiTesting.queueTimeCount;
import static dev.runnermetrics.exporter.github.api.ApiTesting.queueTimeSum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnermetrics.exporter.testing.RunnerDir;
import dev.runnermetrics.testkit.process.ExporterProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter as a real process with the REST API client on, pointed at the recorded GitHub over real HTTP (slow,
 * so lookups are pending when the process dies), killed with SIGKILL twice while jobs appear: after the last
 * restart the queue-time histogram holds every job exactly once.
 */
class QueueTimeRestartIT {

    private static final String RUNNER = "runner-1";
    /** Jobs of any run's first attempt: the recorded listing has `build` on runner-1, queued 12 s. */
    private static final String ANY_RUN = "GET /repos/octo-org/octo-repo/actions/runs/[0-9]+/attempts/1/jobs\\?per_page=100";
    private static final double QUEUE_SECONDS = 12.0;
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private RecordedGithub github;
    private RunnerDir runner;
    private Path stateDir;
    private Path log;
    private Instant base;
    private int written;
    private final List<ExporterProcess> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        github = new RecordedGithub().always(ANY_RUN, "jobs/attempt-1.json").delay(Duration.ofMillis(150));
        runner = new RunnerDir(tmp.resolve("runner"));
        stateDir = tmp.resolve("state");
        log = tmp.resolve("exporter.log");
        // Log times near now: older jobs than queue-time-max-age (1 h) are not looked up.
        base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        runner.listenerStarts(base.minusSeconds(5), "2.333.1");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (ExporterProcess p : started) {
            p.close();
        }
        github.close();
    }

    @Test
    void killNineWithLookupsPendingObservesEachJobOnce() throws Exception {
        ExporterProcess exporter = start();
        write(20, 30);
        JsonNode saved1 = awaitSavedWithPending("kill 1", 0);
        exporter.kill();
        System.out.printf("QueueTimeRestartIT: kill 1 with %d observed and %d pending in the state file%n",
                observed(saved1), saved1.path("pending").size());
        write(10, 0); // while down

        exporter = start();
        write(15, 30);
        JsonNode saved2 = awaitSavedWithPending("kill 2", observed(saved1));
        exporter.kill();
        System.out.printf("QueueTimeRestartIT: kill 2 with %d observed and %d pending in the state file%n",
                observed(saved2), saved2.path("pending").size());
        write(5, 0);

        exporter = start();
        String scrape = exporter.awaitScrape(s -> queueTimeCount(s) >= written, SETTLE);
        assertEquals(written, queueTimeCount(scrape), "each of the " + written + " jobs once:\n" + queueLines(scrape)
                + logTail());
        assertEquals(written * QUEUE_SECONDS, queueTimeSum(scrape), queueLines(scrape));
        Thread.sleep(2_000); // nothing left that would count a job late a second time
        String later = exporter.scrape();
        assertEquals(queueLines(scrape), queueLines(later));
        assertEquals("", failures(later), "no lookup failed");
        assertEquals(0, JSON.readTree(Files.readString(stateDir.resolve("state.json"))).path("features").path(QueueTimeFeature.STATE_KEY)
                .path("pending").size(), "nothing left pending in the state file");
    }

    /** Writes {@code n} more jobs, one Worker log each, {@code pauseMs} apart. */
    private void write(int n, long pauseMs) throws InterruptedException {
        for (int i = 0; i < n; i++, written++) {
            Instant start = base.plusSeconds(2L * written);
            runner.worker(start, start.plusSeconds(1), "job-" + written, "build", "octo-org/octo-repo", "Succeeded",
                    Long.toString(29679449L + written), "1");
            Thread.sleep(pauseMs);
        }
    }

    /**
     * Waits for a state file whose queue-time part has jobs still pending and more observed than {@code before}
     * (so it was written by this process).
     */
    private JsonNode awaitSavedWithPending(String when, long before) throws Exception {
        Instant deadline = Instant.now().plus(SETTLE);
        Predicate<JsonNode> both = s -> observed(s) > before && s.path("pending").size() > 0;
        while (Instant.now().isBefore(deadline)) {
            Path file = stateDir.resolve("state.json");
            if (Files.exists(file)) {
                JsonNode part = JSON.readTree(Files.readString(file)).path("features").path(QueueTimeFeature.STATE_KEY);
                if (both.test(part)) {
                    return part;
                }
            }
            Thread.sleep(20);
        }
        fail(when + ": no state file with observed and pending lookups\n" + logTail());
        return null;
    }

    private static long observed(JsonNode part) {
        long n = 0;
        for (JsonNode series : part.path("queueTime")) {
            n += series.path("histogram").path("count").asLong();
        }
        return n;
    }

    private ExporterProcess start() throws IOException, InterruptedException {
        ExporterProcess p = ExporterProcess.start(Map.of(
                "RUNNER_DIR", runner.root().toString(),
                "STATE_DIR", stateDir.toString(),
                "RUNNER_NAME", RUNNER,
                "RUNNER_TYPE", "standard",
                "RUNNER_METRICS_STATE_SAVE_INTERVAL", "1s",
                "RUNNER_METRICS_GITHUB_API_ENABLED", "true",
                "RUNNER_METRICS_GITHUB_API_BASE_URL", github.base().toString(),
                "RUNNER_METRICS_GITHUB_API_TOKEN", "ghp_restartTestToken0123456789",
                "RUNNER_METRICS_GITHUB_API_QUEUE_TIME", "true"), log);
        started.add(p);
        return p;
    }




    private static String queueLines(String scrape) {
        return String.join("\n", scrape.lines().filter(l -> l.startsWith("github_runner_queue_time")).toList());
    }

    private static String failures(String scrape) {
        return String.join("\n", scrape.lines()
                .filter(l -> l.startsWith("runner_metrics_github_api_queue_time_lookups_failed_total")
                        || l.startsWith("runner_metrics_github_observations_dropped_total"))
                .toList());
    }

    private String logTail() {
        try {
            String text = Files.exists(log) ? Files.readString(log) : "";
            return "\nexporter log (tail):\n" + text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return "exporter log unreadable: " + e;
        }
    }
}
