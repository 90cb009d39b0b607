package dev.runnermetrics.exporter.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import dev.runnermetrics.exporter.state.StateStore;
import dev.runnermetrics.exporter.steps.CacheTypeFile;
import dev.runnermetrics.exporter.testing.RunnerDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on real files: malformed input is counted and skipped, several runners stay apart. */
class ExporterEngineTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    @TempDir
    Path tmp;

    private ExporterEngine engine(Clock clock, RunnerTarget... targets) {
        return new ExporterEngine(List.of(targets), new ExporterEngine.Settings(4096, Duration.ofSeconds(3),
                Duration.ofMinutes(30), JobLabelPolicy.none(), true, CacheTypeFile.shipped()),
                new StateStore(tmp.resolve("state"), clock), clock);
    }

    private static RunnerTarget target(RunnerDir dir, String name, String type) {
        return new RunnerTarget(name, type, dir.root(), dir.diag());
    }

    @Test
    void malformedInputIsCountedAndSkippedAndLaterJobsStillCount() throws IOException {
        RunnerDir dir = new RunnerDir(tmp.resolve("r")).listenerStarts(T0, "2.333.1");
        Clock clock = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);
        ExporterEngine engine = engine(clock, target(dir, "r", "standard"));
        Path log = dir.runnerLog();
        Files.write(log, new byte[] {0, (byte) 0xFF, (byte) 0xFE, '\n'}, StandardOpenOption.APPEND);
        Files.writeString(log, "[2026-02-30 10:00:00Z INFO JobDispatcher] impossible date\n"
                + "[2026-11-01 10:00:01Z INFO JobDispatcher] Worker finished for job X. Code: not-a-number\n"
                + "[2026-11-01 10:00:02Z INFO Runner] " + "z".repeat(10_000) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        dir.worker(T0.plusSeconds(3), null, "J0", "broken", "acme/app", null);
        Files.writeString(dir.diag().resolve("Worker_20261101-100003-utc.log"),
                "[2026-11-01 10:00:04Z INFO Worker] Job message:\n {\n  \"jobId\": \"J0\",\n"
                        + "[2026-11-01 10:00:05Z INFO JobRunner] Job ID J0\n", StandardOpenOption.APPEND);
        dir.jobReceived(T0.plusSeconds(10), "J1", "build").jobFinished(T0.plusSeconds(40), "J1", "build", "Succeeded");
        engine.poll();
        RunnerFigures s = RunnerFigures.first(engine);
        assertEquals(Map.of("success", 1L), s.jobs());
        assertEquals(Map.of("bad_timestamp", 1L, "line_too_long", 1L), s.parseErrors("runner_log"));
        assertEquals(Map.of("bad_json", 1L), s.parseErrors("worker_log"));
        assertEquals("2.333.1", s.info("version"));
        assertEquals("Linux", s.info("os"));
        assertEquals("X64", s.info("arch"));
        assertEquals(Boolean.TRUE, s.online());
        assertEquals(Boolean.FALSE, s.busy(), "J1 started after J0: a runner runs one job at a time, so it moved on");
        assertEquals(60.0, s.uptimeSeconds());
        assertTrue(engine.notReadyReasons().isEmpty());
    }

    /**
     * Logs that reach the exporter out of order between files (a burst, a volume synced in pieces): every job's Worker
     * log is read and counted first, its Runner lines a poll later. The Runner lines that name the job are known as
     * its own; the console echoes between them name no job and must not become jobs of their own.
     */
    @Test
    void jobsWhoseRunnerLinesArriveAfterTheirWorkerLogsCountOnce() {
        RunnerDir dir = new RunnerDir(tmp.resolve("r")).listenerStarts(T0, "2.333.1");
        Clock clock = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);
        ExporterEngine engine = engine(clock, target(dir, "r", "standard"));
        engine.poll();
        String[] results = {"Succeeded", "Failed", "Canceled", "Succeeded", "Succeeded"};
        for (int i = 0; i < results.length; i++) {
            Instant start = T0.plusSeconds(60 + 120L * i);
            dir.worker(start, start.plusSeconds(60), "J" + i, "build " + i, "acme/app", results[i]);
        }
        engine.poll();
        assertEquals(Map.of("success", 3L, "failure", 1L, "cancelled", 1L), RunnerFigures.first(engine).jobs());
        for (int i = 0; i < results.length; i++) {
            Instant start = T0.plusSeconds(60 + 120L * i);
            dir.jobReceived(start.minusSeconds(1), "J" + i, "build " + i)
                    .jobFinished(start.plusSeconds(61), "J" + i, "build " + i, results[i]);
        }
        engine.poll();
        assertEquals(Map.of("success", 3L, "failure", 1L, "cancelled", 1L), RunnerFigures.first(engine).jobs(),
                "each job once, whichever log came first");
    }

    /**
     * The same out-of-order reading with the broker flow's lines (2.295.0 on), as real Runner logs have them: a job's
     * first lines name no job id (Busy, the console's "Running job"), its id comes with the renewal after them. With
     * several jobs counted from their Worker logs first, the echo of an early job must not open a job of its own.
     */
    @Test
    void jobsWhoseBrokerFlowRunnerLinesArriveAfterTheirWorkerLogsCountOnce() {
        RunnerDir dir = new RunnerDir(tmp.resolve("r")).listenerStarts(T0, "2.333.1");
        Clock clock = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);
        ExporterEngine engine = engine(clock, target(dir, "r", "standard"));
        engine.poll();
        String[] results = {"Succeeded", "Failed", "Canceled", "Succeeded", "Succeeded"};
        for (int i = 0; i < results.length; i++) {
            Instant start = T0.plusSeconds(60 + 120L * i);
            dir.worker(start, start.plusSeconds(60), "J" + i, "build " + i, "acme/app", results[i]);
        }
        engine.poll();
        assertEquals(Map.of("success", 3L, "failure", 1L, "cancelled", 1L), RunnerFigures.first(engine).jobs());
        for (int i = 0; i < results.length; i++) {
            Instant start = T0.plusSeconds(60 + 120L * i).minusSeconds(1);
            dir.runner(start, "MessageListener", "Received job status event. JobState: Busy")
                    .runner(start, "Terminal", "WRITE LINE: " + RunnerDir.stamp(start) + ": Running job: build " + i)
                    .runner(start, "JobDispatcher", "Start renew job request 16318 for job J" + i + ".")
                    .jobFinished(start.plusSeconds(62), "J" + i, "build " + i, results[i]);
        }
        engine.poll();
        assertEquals(Map.of("success", 3L, "failure", 1L, "cancelled", 1L), RunnerFigures.first(engine).jobs(),
                "each job once, whichever log came first");
    }

    @Test
    void severalRunnersAreKeptApart() {
        RunnerDir a = new RunnerDir(tmp.resolve("a")).listenerStarts(T0, "2.333.1");
        RunnerDir b = new RunnerDir(tmp.resolve("b")).listenerStarts(T0, "2.332.0");
        a.jobReceived(T0.plusSeconds(1), "A1", "x").jobFinished(T0.plusSeconds(2), "A1", "x", "Failed");
        b.jobReceived(T0.plusSeconds(1), "B1", "y").jobFinished(T0.plusSeconds(2), "B1", "y", "Succeeded");
        b.jobReceived(T0.plusSeconds(3), "B2", "y");
        Clock clock = Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC);
        ExporterEngine engine = engine(clock, target(a, "a", "chrome"), target(b, "b", "chrome-go"));
        engine.poll();
        assertEquals(List.of("a/chrome/2.333.1/{failure=1}/false", "b/chrome-go/2.332.0/{success=1}/true"),
                RunnerFigures.of(engine).stream().map(r -> r.name() + "/" + r.type() + "/" + r.info("version") + "/"
                        + r.jobs() + "/" + r.busy()).toList());
    }

    @Test
    void anEmptyDiagFolderIsReadableButTheRunnerLogSourceIsNotUpAndNoZerosAreClaimed() {
        RunnerDir dir = new RunnerDir(tmp.resolve("empty")); // _diag exists, the runner never wrote to it
        ExporterEngine engine = engine(Clock.systemUTC(), target(dir, "r", "standard"));
        engine.poll();
        RunnerFigures s = RunnerFigures.first(engine);
        assertEquals(false, s.up("runner_log"));
        assertEquals(true, s.up("worker_log"));
        String exposition = exposition(engine);
        assertEquals(List.of(
                "runner_metrics_source_up{runner_name=\"r\",runner_type=\"standard\",source=\"runner_log\",} 0.0",
                "runner_metrics_source_up{runner_name=\"r\",runner_type=\"standard\",source=\"worker_log\",} 1.0"),
                exposition.lines().filter(l -> l.startsWith("github_runner_jobs") || l.startsWith("runner_metrics_source_up"))
                        .toList(), "no job series without a Runner log");
    }

    private static String exposition(ExporterEngine engine) {
        try {
            io.prometheus.client.CollectorRegistry registry = new io.prometheus.client.CollectorRegistry();
            new dev.runnermetrics.exporter.metrics.CatalogueCollector().add(engine::expose).register(registry);
            java.io.StringWriter out = new java.io.StringWriter();
            io.prometheus.client.exporter.common.TextFormat.write004(out, registry.metricFamilySamples());
            return out.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aMissingRunnerFolderKeepsTheExporterNotReadyWithTheReason() throws IOException {
        RunnerDir dir = new RunnerDir(tmp.resolve("r"));
        Path missing = tmp.resolve("not-mounted");
        ExporterEngine engine = engine(Clock.systemUTC(),
                new RunnerTarget("r", "standard", missing, missing.resolve("_diag")));
        engine.poll();
        assertEquals(List.of("r: " + missing.resolve("_diag") + " is not readable yet (missing, not mounted, or no "
                + "permission); first pass over its logs not done"), engine.notReadyReasons());
        assertEquals(null, RunnerFigures.first(engine).online(), "nothing known: status is absent, not 0");
        Files.createDirectories(missing);
        Files.move(dir.diag(), missing.resolve("_diag"));
        engine.poll();
        assertEquals(List.of(), engine.notReadyReasons());
    }
}
