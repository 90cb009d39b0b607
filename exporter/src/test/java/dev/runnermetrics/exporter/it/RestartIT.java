package dev.runnermetrics.exporter.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runnermetrics.exporter.testing.RunnerDir;
import dev.runnermetrics.testkit.exposition.Exposition;
import dev.runnermetrics.testkit.exposition.Exposition.Sample;
import dev.runnermetrics.testkit.process.ExporterProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter as a real process, killed with SIGKILL or stopped and started again on the same state and runner
 * folders: job counts must equal what the logs hold, exactly, whatever happened to the process or the state file.
 */
class RestartIT {

    private static final String RUNNER = "r1";
    private static final String TYPE = "standard";
    private static final String VERSION = "2.333.1";
    private static final List<String> RESULT_LABELS =
            List.of("success", "failure", "cancelled", "skipped", "abandoned");
    private static final Duration SETTLE = Duration.ofSeconds(10);
    /** Pause after each write of the burst: about 30 ms a job, so several polls and saves fall into a burst. */
    private static final long STEP_PAUSE_MS = 8;

    @TempDir
    Path tmp;

    private RunnerDir runner;
    private Path stateDir;
    private Path log;
    private Instant base;
    private final Truth truth = new Truth();
    private final Map<Integer, Path> workerFiles = new ConcurrentHashMap<>();
    private final List<ExporterProcess> started = new ArrayList<>();
    private BurstWriter writer;

    @BeforeEach
    void setUp() {
        runner = new RunnerDir(tmp.resolve("runner"));
        stateDir = tmp.resolve("state");
        log = tmp.resolve("exporter.log");
        // Log times near now: an open job whose last line is older than abandon-after-silence (30m) would be closed.
        base = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(10);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (writer != null) {
            writer.stop = true;
        }
        for (ExporterProcess p : started) {
            p.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void killNineDuringABurstNeitherLosesNorDoubleCountsJobs() throws Exception {
        int jobs = 200;
        runner.listenerStarts(base.minusSeconds(5), VERSION);
        ExporterProcess exporter = start();
        writer = new BurstWriter(jobs);
        Thread thread = new Thread(writer, "burst-writer");
        thread.setDaemon(true);

        // Kill 1: while the writer runs freely, after at least one state save of this process.
        FileTime savedBefore = stateMtime();
        writer.allow(3 * 60);
        thread.start();
        await("45 jobs written and a state save", () -> writer.steps() >= 3 * 45 && changed(savedBefore));
        assertNotAbove(exporter.scrape(), "just before kill 1");
        exporter.kill();
        int killedAt1 = writer.steps();
        // Jobs that start and finish while the exporter is down.
        writer.allow(3 * 80);
        await("jobs written while down (1)", () -> writer.steps() == 3 * 80);
        assertTrue(killedAt1 < 3 * 80, "kill 1 happened in the middle of the burst (step " + killedAt1 + ")");
        System.out.printf("RestartIT: kill 1 at burst step %d of %d%n", killedAt1, 3 * jobs);
        exporter = start();
        assertExact(exporter, "restart after kill 1");

        // Kill 2: while job 110 is open (its start read and saved, no result written yet).
        writer.allow(3 * 110 + 1);
        Job held = job(110);
        await("job 110 received and saved as open",
                () -> writer.steps() == 3 * 110 + 1 && stateContains(held.id()));
        assertNotAbove(exporter.scrape(), "just before kill 2");
        exporter.kill();
        // While down: job 110 ends, more jobs run, and job 130 is left with only its Worker log's result.
        writer.allow(3 * 130 + 2);
        await("jobs written while down (2)", () -> writer.steps() == 3 * 130 + 2);
        exporter = start();
        assertExact(exporter, "restart after kill 2");

        // Kill 3: free-running again; the rest of the burst is written while the exporter is down.
        FileTime savedBefore3 = stateMtime();
        writer.allow(3 * 175);
        await("160 jobs written and a state save", () -> writer.steps() >= 3 * 160 && changed(savedBefore3));
        assertNotAbove(exporter.scrape(), "just before kill 3");
        exporter.kill();
        int killedAt3 = writer.steps();
        writer.allow(3 * jobs);
        await("rest of the burst written while down", () -> writer.steps() == 3 * jobs);
        assertTrue(killedAt3 < 3 * jobs, "kill 3 happened in the middle of the burst (step " + killedAt3 + ")");
        System.out.printf("RestartIT: kill 3 at burst step %d of %d%n", killedAt3, 3 * jobs);
        thread.join(5_000);

        exporter = start();
        assertExact(exporter, "restart after kill 3");
        assertEquals(jobs, truth.snapshot().total(), "ground truth covers the whole burst");
        for (String result : RESULT_LABELS) {
            assertTrue(truth.snapshot().jobs(result) > 0, "the burst has " + result + " jobs");
        }
        assertStable(exporter, "after the burst");
    }

    @Test
    void firstStartCountsJobsAlreadyInTheLogs() throws Exception {
        runner.listenerStarts(base.minusSeconds(5), VERSION);
        writeJobs(0, 30);
        Job running = job(30);
        received(running);

        ExporterProcess exporter = start();
        assertExact(exporter, "first start");
        assertEquals(1.0, gauge(exporter.scrape(), "github_runner_busy"), "job 30 is running");

        work(running);
        finished(running);
        writeJobs(31, 35);
        assertExact(exporter, "jobs after the first start");
        assertEquals(0.0, gauge(exporter.scrape(), "github_runner_busy"), "idle again");
        assertStable(exporter, "first start");
    }

    @Test
    void gracefulRestartKeepsTotalsAndRetentionDeletesDoNotReduceThem() throws Exception {
        runner.listenerStarts(base.minusSeconds(5), VERSION);
        Path firstRunnerLog = runner.runnerLog();
        writeJobs(0, 20);
        runner.listenerStarts(job(20).start().minusSeconds(2), VERSION); // the listener restarted: new Runner_ file
        writeJobs(20, 40);
        Job running = job(40);
        received(running); // open across the restart

        ExporterProcess exporter = start();
        assertExact(exporter, "first start");
        assertEquals(1.0, gauge(exporter.scrape(), "github_runner_busy"), "job 40 is running");
        exporter.close(); // SIGTERM: graceful, saves on the way out
        assertTrue(Files.exists(stateFile()), "state saved on graceful stop");

        // While it is down: the runner's retention deletes old logs (all already read), job 40 ends, more run.
        Files.delete(firstRunnerLog);
        for (int i = 0; i < 30; i++) {
            Files.delete(workerFiles.get(i));
        }
        work(running);
        finished(running);
        writeJobs(41, 50);

        exporter = start();
        assertExact(exporter, "restart after graceful stop and deletions");
        assertEquals(0.0, gauge(exporter.scrape(), "github_runner_busy"), "job 40 finished while down");

        // Retention while it runs.
        for (int i = 30; i < 45; i++) {
            Files.delete(workerFiles.get(i));
        }
        writeJobs(50, 60);
        assertExact(exporter, "deletions while running");
        exporter.close();

        exporter = start();
        assertExact(exporter, "second graceful restart");
        assertStable(exporter, "graceful restarts");
    }

    @Test
    void corruptStateFileIsSetAsideAndTheLogsAreReadAgain() throws Exception {
        runner.listenerStarts(base.minusSeconds(5), VERSION);
        writeJobs(0, 30);
        Files.createDirectories(stateDir);

        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        garbage[0] = 0;
        byte[] halfOfPrevious = new byte[0]; // stands for half of the state file the previous start left
        List<Map.Entry<String, byte[]>> variants = List.of(
                Map.entry("garbage bytes", garbage),
                Map.entry("half-written JSON", halfOfPrevious),
                Map.entry("empty file", new byte[0]));

        int next = 30;
        for (Map.Entry<String, byte[]> variant : variants) {
            String what = variant.getKey();
            byte[] corrupt = variant.getValue();
            if (corrupt == halfOfPrevious) {
                byte[] valid = Files.readAllBytes(stateFile());
                assertTrue(valid.length > 100 && valid[0] == '{', "a real state file to cut: " + valid.length);
                corrupt = java.util.Arrays.copyOf(valid, valid.length / 2);
            }
            ExporterProcess exporter = startWithCorruptState(what, corrupt);
            writeJobs(next, next + 5); // while it runs; the next start reads them again from the start
            next += 5;
            assertExact(exporter, "jobs after start with " + what);
            exporter.close(); // leaves a valid state file, cut in half for the next variant
            assertTrue(Files.size(stateFile()) > 100, "state saved on graceful stop");
        }
    }

    /**
     * Syntactically valid JSON with null where the exporter expects an object (hand edits, another version): should
     * be set aside like any unreadable state.
     */
    @Test
    void stateFileWithNullSectionsIsSetAside() throws Exception {
        runner.listenerStarts(base.minusSeconds(5), VERSION);
        writeJobs(0, 10);
        Files.createDirectories(stateDir);
        Map<String, String> variants = new java.util.LinkedHashMap<>();
        variants.put("null runner", "{\"format\":1,\"runners\":{\"r1\":null}}");
        variants.put("null open jobs", "{\"format\":1,\"runners\":{\"r1\":{\"state\":{\"open\":null}}}}");
        variants.put("null file key", "{\"format\":1,\"runners\":{\"r1\":{\"cursors\":{\""
                + runner.runnerLog().getFileName() + "\":{\"fileKey\":null,\"offset\":5}}}}}");
        for (Map.Entry<String, String> variant : variants.entrySet()) {
            startWithCorruptState(variant.getKey(), variant.getValue().getBytes(StandardCharsets.UTF_8)).close();
        }
    }

    /** Starts on a state file holding these bytes: it must be set aside unchanged and the logs read again. */
    private ExporterProcess startWithCorruptState(String what, byte[] corrupt) throws Exception {
        Files.write(stateFile(), corrupt);
        Set<Path> asideBefore = setAside();
        ExporterProcess exporter = start();
        assertExact(exporter, "start with " + what);
        Set<Path> aside = setAside();
        aside.removeAll(asideBefore);
        assertEquals(1, aside.size(), what + ": one state.json.unreadable-* file more, got " + aside);
        assertArrayEquals(corrupt, Files.readAllBytes(aside.iterator().next()), what + ": set aside unchanged");
        await(what + ": a new state file written", () -> Files.exists(stateFile()));
        return exporter;
    }

    // ------------------------------------------------------------------------------------------------ jobs

    /** One job of the synthetic history: 10 s apart, 1..7 s long, mixed results. */
    private record Job(int index, String id, String name, Instant start, Instant end, String result) {
    }

    private Job job(int i) {
        Random r = new Random(7919L * i + 17);
        int p = r.nextInt(100);
        String result = p < 40 ? "Succeeded"
                : p < 50 ? "SucceededWithIssues"
                : p < 70 ? "Failed"
                : p < 84 ? "Canceled"
                : p < 94 ? "Skipped"
                : "Abandoned";
        Instant start = base.plusSeconds(10L * i);
        Instant end = start.plusSeconds(1 + r.nextInt(7));
        String id = UUID.nameUUIDFromBytes(("job-" + i).getBytes(StandardCharsets.UTF_8)).toString();
        return new Job(i, id, "build-" + i, start, end, result);
    }

    private void received(Job job) {
        runner.jobReceived(job.start(), job.id(), job.name());
    }

    /** The Worker_ file with the job's result: from here on the logs hold the job's outcome. */
    private void work(Job job) {
        workerFiles.put(job.index(),
                runner.worker(job.start(), job.end(), job.id(), job.name(), "acme/app", job.result()));
        truth.record(job);
    }

    private void finished(Job job) {
        runner.jobFinished(job.end(), job.id(), job.name(), job.result());
    }

    private void writeJobs(int from, int to) {
        for (int i = from; i < to; i++) {
            Job job = job(i);
            received(job);
            work(job);
            finished(job);
        }
    }

    /** Writes the burst one step at a time (received, worker log, finished) up to the allowed step. */
    private final class BurstWriter implements Runnable {
        private final int jobs;
        private final AtomicInteger allowed = new AtomicInteger();
        private final AtomicInteger steps = new AtomicInteger();
        volatile Throwable failure;
        volatile boolean stop;

        BurstWriter(int jobs) {
            this.jobs = jobs;
        }

        void allow(int step) {
            allowed.set(step);
        }

        int steps() {
            if (failure != null) {
                throw new AssertionError("burst writer failed", failure);
            }
            return steps.get();
        }

        @Override
        public void run() {
            try {
                for (int s = 0; s < 3 * jobs; s++) {
                    while (s >= allowed.get()) {
                        if (stop) {
                            return;
                        }
                        Thread.sleep(1);
                    }
                    Job job = job(s / 3);
                    switch (s % 3) {
                        case 0 -> received(job);
                        case 1 -> work(job);
                        default -> finished(job);
                    }
                    steps.set(s + 1);
                    Thread.sleep(STEP_PAUSE_MS);
                }
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    /** Expected figures per result label, from the jobs whose result has been written. */
    private static final class Truth {
        private final Map<String, Long> jobs = new HashMap<>();
        private final Map<String, Long> durationCount = new HashMap<>();
        private final Map<String, Double> durationSum = new HashMap<>();

        synchronized void record(Job job) {
            String label = label(job.result());
            jobs.merge(label, 1L, Long::sum);
            if (!label.equals("abandoned")) { // an abandoned job has no duration
                durationCount.merge(label, 1L, Long::sum);
                durationSum.merge(label, Duration.between(job.start(), job.end()).toMillis() / 1000.0, Double::sum);
            }
        }

        synchronized Snapshot snapshot() {
            return new Snapshot(Map.copyOf(jobs), Map.copyOf(durationCount), Map.copyOf(durationSum));
        }

        private static String label(String taskResult) {
            return switch (taskResult) {
                case "Succeeded", "SucceededWithIssues" -> "success";
                case "Failed" -> "failure";
                case "Canceled" -> "cancelled";
                case "Skipped" -> "skipped";
                case "Abandoned" -> "abandoned";
                default -> throw new IllegalArgumentException(taskResult);
            };
        }

        record Snapshot(Map<String, Long> jobsByResult, Map<String, Long> durationCount,
                Map<String, Double> durationSum) {
            long jobs(String result) {
                return jobsByResult.getOrDefault(result, 0L);
            }

            long total() {
                return jobsByResult.values().stream().mapToLong(Long::longValue).sum();
            }

            @Override
            public String toString() {
                return "jobs=" + new TreeMap<>(jobsByResult) + " durationCount=" + new TreeMap<>(durationCount)
                        + " durationSum=" + new TreeMap<>(durationSum);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ exporter

    /**
     * Starts the exporter and makes sure the process that answered "ready" is ours: ExporterProcess picks a free port
     * and releases it before the JVM binds it, so another process (a concurrent build's Quarkus test) can take it in
     * between; ours then exits and the ready answer came from the other one. Such a start is retried.
     */
    private ExporterProcess start() throws IOException, InterruptedException {
        Map<String, String> env = Map.of(
                "RUNNER_DIR", runner.root().toString(),
                "STATE_DIR", stateDir.toString(),
                "RUNNER_NAME", RUNNER,
                "RUNNER_TYPE", TYPE,
                "RUNNER_METRICS_STATE_SAVE_INTERVAL", "1s");
        for (int attempt = 1; ; attempt++) {
            long logBefore = Files.exists(log) ? Files.size(log) : 0;
            ExporterProcess p;
            try {
                p = ExporterProcess.start(env, log);
            } catch (IllegalStateException e) {
                if (attempt < 3 && String.valueOf(e.getMessage()).contains("seems to be in use")) {
                    System.out.println("RestartIT: port taken before the exporter bound it; starting again");
                    continue;
                }
                throw e;
            }
            started.add(p);
            Pattern ours = Pattern.compile("Listening on: http://\\S+:" + p.port() + "\\b");
            Instant deadline = Instant.now().plus(SETTLE);
            while (!ours.matcher(logSince(logBefore)).find()) {
                boolean alive = ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false);
                if (!alive || Instant.now().isAfter(deadline)) {
                    break;
                }
                Thread.sleep(20);
            }
            if (ours.matcher(logSince(logBefore)).find()) {
                return p;
            }
            p.close();
            if (attempt == 3) {
                fail("the exporter did not get its own port in three starts\n" + logTail());
            }
            System.out.println("RestartIT: another process answered on the exporter's port; starting again");
        }
    }

    private String logSince(long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(log);
        return new String(bytes, (int) Math.min(offset, bytes.length), (int) Math.max(0, bytes.length - offset),
                StandardCharsets.UTF_8);
    }

    private Path stateFile() {
        return stateDir.resolve("state.json");
    }

    private FileTime stateMtime() {
        try {
            return Files.getLastModifiedTime(stateFile());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean changed(FileTime before) {
        FileTime now = stateMtime();
        return now != null && !Objects.equals(now, before);
    }

    private boolean stateContains(String text) {
        try {
            return Files.readString(stateFile()).contains(text);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Set<Path> setAside() throws IOException {
        if (!Files.isDirectory(stateDir)) {
            return new TreeSet<>();
        }
        try (Stream<Path> files = Files.list(stateDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("state.json.unreadable-"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(SETTLE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("timed out waiting for: " + what + "\n" + logTail());
            }
            Thread.sleep(10);
        }
    }

    private String logTail() {
        try {
            String text = Files.exists(log) ? Files.readString(log) : "";
            return "exporter log (tail):\n" + text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return "exporter log unreadable: " + e;
        }
    }

    // ------------------------------------------------------------------------------------------------ assertions

    /** Waits until the job figures equal the ground truth, then fails with every difference if they never do. */
    private void assertExact(ExporterProcess exporter, String when) throws IOException, InterruptedException {
        Truth.Snapshot expected = truth.snapshot();
        String scrape = exporter.awaitScrape(s -> parses(s) && differences(Exposition.parse(s), expected).isEmpty(),
                SETTLE);
        if (!parses(scrape)) {
            fail(when + ": /metrics did not answer with the text format; body:\n" + scrape + "\n" + logTail());
        }
        List<String> differences = differences(Exposition.parse(scrape), expected);
        if (!differences.isEmpty()) {
            fail(when + ": job metrics differ from the logs' ground truth " + expected + ":\n  "
                    + String.join("\n  ", differences) + "\n" + jobLines(scrape) + "\n" + logTail());
        }
    }

    /** Equal now, and still equal after several more polls and saves: nothing is counted late a second time. */
    private void assertStable(ExporterProcess exporter, String when) throws IOException, InterruptedException {
        Thread.sleep(1_200);
        Truth.Snapshot expected = truth.snapshot();
        String scrape = exporter.scrape();
        List<String> differences = differences(Exposition.parse(scrape), expected);
        assertTrue(differences.isEmpty(), when + ": figures changed after settling: " + differences + "\n"
                + jobLines(scrape));
        assertEquals(List.of(), Exposition.parse(scrape).stream()
                .filter(s -> s.name().equals("runner_metrics_source_parse_errors_total"))
                .map(Sample::toString).toList(), when + ": no parse errors");
    }

    /** Mid-burst: every count is at most what the logs hold so far (the truth is read after the scrape). */
    private void assertNotAbove(String scrape, String when) {
        List<Sample> samples = Exposition.parse(scrape);
        Truth.Snapshot expected = truth.snapshot();
        for (String result : RESULT_LABELS) {
            double counted = valueOrZero(samples, "github_runner_jobs_total", jobLabels(result));
            assertTrue(counted <= expected.jobs(result), when + ": " + result + " counted " + counted
                    + " but the logs hold only " + expected.jobs(result) + "\n" + jobLines(scrape));
        }
    }

    private static List<String> differences(List<Sample> samples, Truth.Snapshot expected) {
        List<String> out = new ArrayList<>();
        for (String result : RESULT_LABELS) {
            Map<String, String> labels = jobLabels(result);
            compare(out, "github_runner_jobs_total", result, expected.jobs(result),
                    valueOrZero(samples, "github_runner_jobs_total", labels));
            compare(out, "github_runner_job_duration_seconds_count", result,
                    expected.durationCount().getOrDefault(result, 0L),
                    valueOrZero(samples, "github_runner_job_duration_seconds_count", labels));
            compare(out, "github_runner_job_duration_seconds_sum", result,
                    expected.durationSum().getOrDefault(result, 0.0),
                    valueOrZero(samples, "github_runner_job_duration_seconds_sum", labels));
        }
        for (Sample s : samples) {
            if (s.name().equals("github_runner_jobs_total") && !RESULT_LABELS.contains(s.labels().get("result"))) {
                out.add("unexpected series " + s);
            }
            if (s.name().equals("github_runner_jobs_total") && !s.labels().keySet().equals(
                    Set.of("runner_name", "runner_type", "result"))) {
                out.add("unexpected labels " + s);
            }
        }
        compare(out, "runner_metrics_job_result_conflicts_total", "-", 0,
                valueOrZero(samples, "runner_metrics_job_result_conflicts_total", runnerLabels()));
        return out;
    }

    private static void compare(List<String> out, String name, String result, double expected, double actual) {
        if (expected != actual) {
            out.add(name + "{result=" + result + "}: expected " + expected + ", actual " + actual);
        }
    }

    private static double gauge(String scrape, String name) {
        Double v = value(Exposition.parse(scrape), name, runnerLabels());
        assertTrue(v != null, name + " present");
        return v;
    }

    private static Map<String, String> runnerLabels() {
        return Map.of("runner_name", RUNNER, "runner_type", TYPE);
    }

    private static Map<String, String> jobLabels(String result) {
        return Map.of("runner_name", RUNNER, "runner_type", TYPE, "result", result);
    }

    private static String jobLines(String scrape) {
        return scrape.lines()
                .filter(l -> l.startsWith("github_runner_jobs_total") || l.startsWith("github_runner_job_duration_"
                        + "seconds_count") || l.startsWith("github_runner_job_duration_seconds_sum")
                        || l.startsWith("runner_metrics_job_result_conflicts"))
                .collect(Collectors.joining("\n"));
    }

    // ------------------------------------------------------------------------------------------------ samples

    private static double valueOrZero(List<Sample> samples, String name, Map<String, String> labels) {
        Double v = value(samples, name, labels);
        return v == null ? 0 : v;
    }

    /** The value of the one sample with exactly these labels; null when absent, an error when duplicated. */
    private static Double value(List<Sample> samples, String name, Map<String, String> labels) {
        List<Sample> matching = samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().equals(labels)).toList();
        if (matching.size() > 1) {
            throw new AssertionError("duplicate series " + matching);
        }
        return matching.isEmpty() ? null : matching.get(0).value();
    }

    private static boolean parses(String exposition) {
        try {
            Exposition.parse(exposition);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
