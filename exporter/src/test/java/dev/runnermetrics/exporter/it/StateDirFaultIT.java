package dev.runnermetrics.exporter.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runnermetrics.exporter.testing.RunnerDir;
import dev.runnermetrics.testkit.exposition.Exposition;
import dev.runnermetrics.testkit.process.ExporterProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state directory goes read-only or fills up under a running exporter: it keeps serving and counting, counts
 * each failed save in runner_metrics_state_save_failures_total, leaves the last good state file as it was, and
 * saves again once it can. A kill -9 after that restarts on the new state with exact totals.
 */
class StateDirFaultIT {

    private static final String RUNNER = "r1";
    private static final Map<String, String> RUNNER_LABELS = Map.of("runner_name", RUNNER, "runner_type", "standard");
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final String[] RESULTS = {"Succeeded", "Failed", "Canceled"};

    @TempDir
    Path tmp;

    private RunnerDir runner;
    private Path stateDir;
    private StateDirFault fault;
    private Instant base;
    private int written;
    private final List<ExporterProcess> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        runner = new RunnerDir(tmp.resolve("runner"));
        stateDir = tmp.resolve("state");
        fault = StateDirFault.at(stateDir);
        System.out.println("StateDirFaultIT: state directory faults by " + fault.mechanism());
        // Log times near now: open jobs silent for 30 min would be closed as abandoned.
        base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        runner.listenerStarts(base.minusSeconds(5), "2.333.1");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (ExporterProcess p : started) {
            p.close();
        }
        if (fault != null) {
            fault.close();
        }
    }

    /** One exporter through both faults (each start costs seconds), then a kill -9 and a graceful restart. */
    @Test
    void aReadOnlyOrFullStateDirectoryLosesNothingAndSavingResumes() throws Exception {
        writeJobs(6);
        ExporterProcess exporter = start();
        awaitJobs(exporter, "before the faults");
        await("the first jobs saved", () -> stateHolds(written - 1));
        assertEquals(0.0, failures(exporter.scrape()), "no failed save yet");

        fault(exporter, "read-only", fault::readOnly, fault::writable);
        fault(exporter, "full", fault::fill, fault::unfill);

        exporter.kill();
        writeJobs(3); // while it is down
        exporter = start();
        awaitJobs(exporter, "kill -9 and restart on the state saved after the faults");

        // The offsets saved are exact: after a graceful stop only the lines written while down are read.
        exporter.close();
        long runnerLines = newlines(runner.runnerLog());
        long workerLines = 0;
        for (Path worker : writeJobs(2)) {
            workerLines += newlines(worker);
        }
        runnerLines = newlines(runner.runnerLog()) - runnerLines;
        exporter = start();
        awaitJobs(exporter, "graceful restart");
        String scrape = exporter.scrape();
        assertEquals(List.of((double) runnerLines, (double) workerLines), List.of(
                Exposition.value(scrape, "runner_metrics_source_lines_read_total", Map.of("source", "runner_log")),
                Exposition.value(scrape, "runner_metrics_source_lines_read_total", Map.of("source", "worker_log"))),
                "lines read after the restart: only those written while it was down");
    }

    private interface Step {
        void run() throws Exception;
    }

    private void fault(ExporterProcess exporter, String what, Step breakIt, Step mendIt) throws Exception {
        double failuresBefore = failures(exporter.scrape());
        breakIt.run();
        byte[] good = Files.readAllBytes(stateFile());
        writeJobs(6);
        awaitJobs(exporter, "state directory " + what);
        ExporterProcess running = exporter;
        await("two failed saves counted", () -> failures(scrape(running)) >= failuresBefore + 2);
        assertEquals(200, exporter.get("/q/health/ready", null).statusCode(), "still ready");
        assertArrayEquals(good, Files.readAllBytes(stateFile()), "the last good state file is left as it was");

        mendIt.run();
        await("the jobs written while " + what + " saved", () -> stateHolds(written - 1));
        double failures = failures(exporter.scrape());
        writeJobs(1);
        await("a job after the directory was " + what + " saved", () -> stateHolds(written - 1));
        assertEquals(failures, failures(exporter.scrape()), "no more failures once the directory is not " + what);
        awaitJobs(exporter, "after the directory was " + what);
    }

    private static long newlines(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------------------------------------ jobs

    /** Jobs 10 s apart in the listener's log and a Worker log each; results cycle success, failure, cancelled. */
    private List<Path> writeJobs(int n) {
        List<Path> workers = new ArrayList<>();
        for (int end = written + n; written < end; written++) {
            int i = written;
            String id = jobId(i);
            Instant start = base.plusSeconds(10L * i);
            Instant finish = start.plusSeconds(3);
            String result = RESULTS[i % RESULTS.length];
            runner.jobReceived(start, id, "build-" + i);
            workers.add(runner.worker(start, finish, id, "build-" + i, "acme/app", result));
            runner.jobFinished(finish, id, "build-" + i, result);
        }
        return workers;
    }

    private static String jobId(int i) {
        return UUID.nameUUIDFromBytes(("job-" + i).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** github_runner_jobs_total as the logs hold it, one line per result. */
    private List<String> truth() {
        Map<String, Integer> byResult = new TreeMap<>(Map.of("success", 0, "failure", 0, "cancelled", 0,
                "skipped", 0, "abandoned", 0));
        for (int i = 0; i < written; i++) {
            byResult.merge(switch (RESULTS[i % RESULTS.length]) {
                case "Succeeded" -> "success";
                case "Failed" -> "failure";
                default -> "cancelled";
            }, 1, Integer::sum);
        }
        List<String> lines = new ArrayList<>();
        byResult.forEach((result, n) -> {
            Map<String, String> labels = new TreeMap<>(RUNNER_LABELS);
            labels.put("result", result);
            lines.add(labels + " " + (double) n);
        });
        return lines.stream().sorted().toList();
    }

    private void awaitJobs(ExporterProcess exporter, String when) throws Exception {
        List<String> expected = truth();
        String scrape = exporter.awaitScrape(
                s -> Exposition.series(s, "github_runner_jobs_total").equals(expected), SETTLE);
        assertEquals(expected, Exposition.series(scrape, "github_runner_jobs_total"), when);
        assertEquals(List.of(new TreeMap<>(RUNNER_LABELS) + " 0.0"),
                Exposition.series(scrape, "runner_metrics_job_result_conflicts_total"), when + ": no conflicts");
    }

    // ------------------------------------------------------------------------------------------------ exporter

    private ExporterProcess start() throws IOException, InterruptedException {
        ExporterProcess p = ExporterProcess.start(Map.of(
                "RUNNER_DIR", runner.root().toString(),
                "STATE_DIR", stateDir.toString(),
                "RUNNER_NAME", RUNNER,
                "RUNNER_METRICS_STATE_SAVE_INTERVAL", "1s"), tmp.resolve("exporter.log"));
        started.add(p);
        return p;
    }

    private static String scrape(ExporterProcess exporter) {
        try {
            return exporter.scrape();
        } catch (IOException e) {
            throw new AssertionError("the exporter stopped answering", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static double failures(String scrape) {
        Double v = Exposition.value(scrape, "runner_metrics_state_save_failures_total", RUNNER_LABELS);
        assertTrue(v != null, "runner_metrics_state_save_failures_total is exposed");
        return v;
    }

    private Path stateFile() {
        return stateDir.resolve("state.json");
    }

    /** Whether the state file on disk holds job {@code i} (its id is remembered once the job has finished). */
    private boolean stateHolds(int i) {
        try {
            return Files.readString(stateFile()).contains(jobId(i));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void await(String what, BooleanSupplier condition) throws Exception {
        Instant deadline = Instant.now().plus(SETTLE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                String log = Files.readString(tmp.resolve("exporter.log"));
                fail("timed out waiting for: " + what + "\nexporter log (tail):\n"
                        + log.substring(Math.max(0, log.length() - 4000)));
            }
            Thread.sleep(50);
        }
    }
}
