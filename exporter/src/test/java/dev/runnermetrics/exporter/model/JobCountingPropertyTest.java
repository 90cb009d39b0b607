package dev.runnermetrics.exporter.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.exporter.logs.LogEvent;
import dev.runnermetrics.exporter.logs.LogFileInterpreter;
import dev.runnermetrics.exporter.logs.ParseErrors;
import dev.runnermetrics.exporter.logs.RunnerLogInterpreter;
import dev.runnermetrics.exporter.logs.TaskResult;
import dev.runnermetrics.exporter.logs.WorkerLogInterpreter;
import dev.runnermetrics.exporter.state.PersistedState;
import dev.runnermetrics.exporter.state.StateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A property test of job counting, from log text to counters: a seeded random runner runs several jobs in a row, and
 * its logs keep any subset of each job's lines (start lines, the name echo, the Worker log or parts of it, the end
 * reports), cut into files anywhere, read in polls that end anywhere, with exporter restarts (state saved as the
 * state file and read back, interpreters resumed from their safe offsets) between any two polls. Whatever survives,
 * each job is counted exactly once, with the result of its first end report, a duration from its earliest start
 * line to that report whenever a start line survives (none otherwise), and a conflict when its Worker log and the
 * listener disagree.
 *
 * <p>What the generator keeps to, because runners do: one job at a time, in the order the runner writes its lines
 * (docs/RUNNER-LOG-LINES.md); jobs last at least 6 s, so the next job's end is never within
 * {@link JobTracker#END_CLUSTER} of the previous one's; the Worker's result precedes the listener's end lines by at
 * least a second; every job keeps at least one end report (a job with none is abandoned, a different truth, covered
 * by {@link RunnerModelTest}).
 *
 * <p>{@code -Djobs.cases=N} runs N cases (default {@value #DEFAULT_CASES}); {@code -Djobs.seed=S} runs case S
 * alone and prints its logs.
 */
class JobCountingPropertyTest {

    static final int DEFAULT_CASES = 10_000;
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static final DateTimeFormatter HEADER =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final String[] NAMES = {"build", "build", "test (ubuntu, 22)", "deploy"};
    private static final TaskResult[] RESULTS =
            {TaskResult.Succeeded, TaskResult.Succeeded, TaskResult.Failed, TaskResult.Canceled,
                TaskResult.SucceededWithIssues};

    @Test
    void everyJobCountsOnceWithItsResultAndDurationWhateverLinesSurvive() {
        String single = System.getProperty("jobs.seed");
        if (single != null) {
            check(Long.parseLong(single), true);
            return;
        }
        int cases = Integer.getInteger("jobs.cases", DEFAULT_CASES);
        long first = Long.getLong("jobs.firstSeed", 1);
        int restarts = 0;
        Map<String, Integer> shapes = new TreeMap<>();
        for (long seed = first; seed < first + cases; seed++) {
            Outcome outcome = check(seed, false);
            restarts += outcome.restarts;
            outcome.shapes.forEach((shape, n) -> shapes.merge(shape, n, Integer::sum));
        }
        System.out.printf("JobCountingPropertyTest: %d cases (seeds %d..%d), %d restarts, jobs by shape %s%n", cases,
                first, first + cases - 1, restarts, shapes);
    }

    private record Outcome(Map<String, Integer> shapes, int restarts) {
    }

    private static Outcome check(long seed, boolean print) {
        Scenario scenario = Scenario.generate(new Random(seed));
        if (print) {
            System.out.println(scenario.describe());
        }
        Replay replay = new Replay(scenario, new Random(seed * 31 + 7));
        try {
            replay.run();
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("seed " + seed + " (rerun with -Djobs.seed=" + seed + "): " + e, e);
        }
        Map<String, String> expected = scenario.truth();
        Map<String, String> actual = figures(replay.model.state());
        if (!expected.equals(actual) || scenario.conflicts() != replay.model.state().resultConflicts()
                || replay.model.busy()) {
            fail("seed " + seed + " (rerun with -Djobs.seed=" + seed + " to print the logs)\nexpected " + expected
                    + ", conflicts " + scenario.conflicts() + "\nactual   " + actual + ", conflicts "
                    + replay.model.state().resultConflicts() + ", busy " + replay.model.busy() + "\n"
                    + scenario.describe());
        }
        assertEquals(scenario.lastEnd(), replay.model.state().lastJobCompleted(), "seed " + seed);
        return new Outcome(scenario.shapes(), replay.restarts);
    }

    /** result → jobs, timed jobs, duration sum and per-bucket counts, as the exporter would expose them. */
    private static Map<String, String> figures(RunnerState state) {
        Map<String, String> out = new TreeMap<>();
        state.series().forEach((key, s) -> out.put(key.get(JobSeries.RESULT), s.jobs() + " jobs, "
                + s.duration().count() + " timed, " + s.duration().sum() + " s, buckets "
                + java.util.Arrays.toString(s.duration().buckets())));
        return out;
    }

    /** One job as it ran, and which of its lines the logs kept. */
    private static final class Job {
        String id;
        String name;
        Instant start;
        Instant end;
        TaskResult listenerResult;
        TaskResult workerResult;
        int workerLead;
        boolean workerLog;
        final Map<String, Boolean> kept = new LinkedHashMap<>();

        boolean has(String line) {
            return kept.getOrDefault(line, false);
        }

        /** The first end report applied: the Worker's result when kept (it comes first), else the listener's. */
        TaskResult firstResult() {
            return has("W-result") ? workerResult : listenerResult;
        }

        Instant firstEnd() {
            return has("W-result") ? end.minusSeconds(workerLead) : end;
        }

        boolean listenerEnd() {
            return has("L-worker-finished") || has("L-finish-request") || has("L-echo-end");
        }

        Instant firstStart() {
            Instant first = null;
            for (String line : List.of("L-received", "L-echo", "L-renew")) {
                if (has(line)) {
                    first = start;
                }
            }
            if (first == null && (has("L-dispatched") || has("L-notified") || has("W-message") || has("W-id"))) {
                first = start.plusSeconds(1);
            }
            return first;
        }
    }

    /** A log line with the time it was written and the file it went to. */
    private record Line(Instant time, String file, String text) {
    }

    private static final class Scenario {
        final List<Job> jobs = new ArrayList<>();
        /** Every kept line in the order the runner wrote it. */
        final List<Line> lines = new ArrayList<>();

        static Scenario generate(Random random) {
            Scenario s = new Scenario();
            double keep = new double[] {0.25, 0.5, 0.8, 1.0}[random.nextInt(4)];
            int count = 1 + random.nextInt(4);
            Instant t = T0.plusSeconds(random.nextInt(3600));
            String runnerFile = runnerFile(t);
            for (int i = 0; i < count; i++) {
                Job job = new Job();
                job.id = new java.util.UUID(random.nextLong(), random.nextLong()).toString();
                job.name = NAMES[random.nextInt(NAMES.length)];
                job.start = t.plusSeconds(1 + random.nextInt(random.nextBoolean() ? 5 : 600));
                job.end = job.start.plusSeconds(6 + random.nextInt(random.nextBoolean() ? 30 : 1200));
                job.listenerResult = RESULTS[random.nextInt(RESULTS.length)];
                job.workerResult = random.nextInt(10) == 0 ? RESULTS[random.nextInt(RESULTS.length)]
                        : job.listenerResult;
                job.workerLead = 1 + random.nextInt(3);
                job.workerLog = random.nextInt(4) != 0;
                for (String line : List.of("L-received", "L-echo", "L-renew", "L-dispatched", "L-notified",
                        "L-worker-finished", "L-finish-request", "L-echo-end", "W-message", "W-id", "W-result")) {
                    boolean worker = line.startsWith("W-");
                    job.kept.put(line, (!worker || job.workerLog) && random.nextDouble() < keep);
                }
                if (!job.listenerEnd() && !job.has("W-result")) {
                    String[] ends = job.workerLog
                            ? new String[] {"L-worker-finished", "L-finish-request", "L-echo-end", "W-result"}
                            : new String[] {"L-worker-finished", "L-finish-request", "L-echo-end"};
                    job.kept.put(ends[random.nextInt(ends.length)], true);
                }
                if (random.nextInt(3) == 0) {
                    runnerFile = runnerFile(job.start.minusSeconds(1)); // the listener's log rotated
                }
                runnerFile = s.write(job, runnerFile, random);
                s.jobs.add(job);
                t = job.end;
            }
            s.lines.sort(Comparator.comparing(Line::time)); // stable: the order within a second is the runner's
            return s;
        }

        private String write(Job job, String runnerFile, Random random) {
            Instant s = job.start;
            Instant s1 = s.plusSeconds(1);
            String worker = "Worker_" + FILE.format(s1) + "-utc.log";
            runner(job, "L-received", s, runnerFile, "JobDispatcher",
                    "Job request 0 for plan " + job.id.substring(0, 8) + "-plan job " + job.id + " received.");
            runner(job, "L-echo", s, runnerFile, "Terminal",
                    "WRITE LINE: " + HEADER.format(s) + ": Running job: " + job.name);
            runner(job, "L-renew", s, runnerFile, "JobDispatcher",
                    "Start renew job request 0 for job " + job.id + ".");
            if (job.workerLog) {
                lines.add(new Line(s1, worker, header(s1, "Worker") + "Version: 2.330.0"));
            }
            runner(job, "L-dispatched", s1, runnerFile, "JobDispatcher",
                    "Send job request message to worker for job " + job.id + ".");
            if (job.has("W-message")) {
                lines.add(new Line(s1, worker, header(s1, "Worker") + "Job message:"));
                lines.add(new Line(s1, worker, "{"));
                lines.add(new Line(s1, worker, "  \"jobId\": \"" + job.id + "\","));
                lines.add(new Line(s1, worker, "  \"jobDisplayName\": \"" + job.name + "\""));
                lines.add(new Line(s1, worker, "}"));
            }
            if (job.has("W-id")) {
                lines.add(new Line(s1, worker, header(s1, "JobRunner") + "Job ID " + job.id));
            }
            runner(job, "L-notified", s1, runnerFile, "JobNotification", "Entering JobStarted Notification");
            Instant workerEnd = job.end.minusSeconds(job.workerLead);
            if (job.workerLog) {
                for (Instant a = s1.plusSeconds(10); a.isBefore(workerEnd); a = a.plusSeconds(10 + random.nextInt(50))) {
                    lines.add(new Line(a, worker, header(a, "HostContext") + "Well known directory 'Bin': '/runner/bin'"));
                }
                if (job.has("W-result")) {
                    lines.add(new Line(workerEnd, worker,
                            header(workerEnd, "JobRunner") + "Job result after all job steps finish: " + job.workerResult));
                }
                lines.add(new Line(workerEnd, worker, header(workerEnd, "Worker") + "Job completed."));
            }
            if (random.nextInt(4) == 0) {
                runnerFile = runnerFile(job.end.minusSeconds(1)); // rotated between the start and the end
            }
            Instant e = job.end;
            runner(job, "L-worker-finished", e, runnerFile, "JobDispatcher",
                    "Worker finished for job " + job.id + ". Code: " + (100 + job.listenerResult.ordinal()));
            runner(job, "L-finish-request", e, runnerFile, "JobDispatcher",
                    "finish job request for job " + job.id + " with result: " + job.listenerResult);
            runner(job, "L-echo-end", e, runnerFile, "Terminal", "WRITE LINE: " + HEADER.format(e) + ": Job "
                    + job.name + " completed with result: " + job.listenerResult);
            return runnerFile;
        }

        private void runner(Job job, String line, Instant time, String file, String component, String message) {
            if (job.has(line)) {
                lines.add(new Line(time, file, header(time, component) + message));
            }
        }

        private static String header(Instant time, String component) {
            return "[" + HEADER.format(time) + " INFO " + component + "] ";
        }

        private static String runnerFile(Instant time) {
            return "Runner_" + FILE.format(time) + "-utc.log";
        }

        Map<String, String> truth() {
            Map<String, List<Long>> durations = new TreeMap<>();
            Map<String, Integer> counts = new TreeMap<>();
            for (Job job : jobs) {
                String result = job.firstResult().jobResult().label();
                counts.merge(result, 1, Integer::sum);
                List<Long> timed = durations.computeIfAbsent(result, r -> new ArrayList<>());
                Instant start = job.firstStart();
                if (start != null) {
                    timed.add(Duration.between(start, job.firstEnd()).toSeconds());
                }
            }
            Map<String, String> out = new TreeMap<>();
            counts.forEach((result, n) -> {
                List<Long> timed = durations.get(result);
                long[] buckets = new long[Catalogue.JOB_DURATION_BUCKETS.size() + 1];
                for (long seconds : timed) {
                    int i = 0;
                    while (i < Catalogue.JOB_DURATION_BUCKETS.size() && seconds > Catalogue.JOB_DURATION_BUCKETS.get(i)) {
                        i++;
                    }
                    buckets[i]++;
                }
                out.put(result, n + " jobs, " + timed.size() + " timed, "
                        + (double) timed.stream().mapToLong(Long::longValue).sum() + " s, buckets "
                        + java.util.Arrays.toString(buckets));
            });
            return out;
        }

        /** How many jobs of each telling shape the case has, to show what the cases covered. */
        Map<String, Integer> shapes() {
            Map<String, Integer> shapes = new TreeMap<>();
            for (int i = 0; i < jobs.size(); i++) {
                Job job = jobs.get(i);
                shapes.merge("all", 1, Integer::sum);
                if (job.firstStart() == null) {
                    shapes.merge("no start line", 1, Integer::sum);
                }
                if (!job.has("L-echo") && !job.has("W-message")) {
                    shapes.merge("no name", 1, Integer::sum);
                }
                if (!job.workerLog) {
                    shapes.merge("no Worker log", 1, Integer::sum);
                }
                long ends = job.kept.entrySet().stream().filter(e -> e.getValue() && (e.getKey().endsWith("-end")
                        || e.getKey().endsWith("finished") || e.getKey().endsWith("request")
                        || e.getKey().equals("W-result"))).count();
                if (ends == 1 && job.has("L-echo-end")) {
                    shapes.merge("only the end echo", 1, Integer::sum);
                }
                if (i > 0 && job.firstStart() == null && job.name.equals(jobs.get(i - 1).name)) {
                    shapes.merge("no start line, same name as the job before", 1, Integer::sum);
                }
            }
            return shapes;
        }

        long conflicts() {
            return jobs.stream().filter(j -> j.has("W-result") && j.listenerEnd()
                    && j.workerResult.jobResult() != j.listenerResult.jobResult()).count();
        }

        Instant lastEnd() {
            Instant last = null;
            for (Job job : jobs) {
                Instant end = job.firstEnd();
                if (last == null || end.isAfter(last)) {
                    last = end;
                }
            }
            return last;
        }

        String describe() {
            StringBuilder out = new StringBuilder();
            for (Job job : jobs) {
                out.append("job ").append(job.id, 0, 8).append(' ').append(job.name).append(' ')
                        .append(job.start).append(" → ").append(job.end).append(" listener ")
                        .append(job.listenerResult).append(" worker ").append(job.workerResult).append(" kept ")
                        .append(job.kept).append('\n');
            }
            lines.forEach(l -> out.append(l.file()).append(": ").append(l.text()).append('\n'));
            return out.toString();
        }
    }

    /** Reads the scenario's lines as the exporter does: in polls, per file, with restarts between polls. */
    private static final class Replay {
        private final Scenario scenario;
        private final Random random;
        private final Map<String, FileReader> files = new TreeMap<>(
                Comparator.comparing((String name) -> name.startsWith("Worker_")).thenComparing(name -> name));
        RunnerModel model = newModel(new RunnerState());
        int restarts;

        Replay(Scenario scenario, Random random) {
            this.scenario = scenario;
            this.random = random;
        }

        void run() throws IOException {
            int written = 0;
            List<Line> lines = scenario.lines;
            while (written < lines.size()) {
                written = Math.min(lines.size(), written + 1 + random.nextInt(lines.size() - written));
                files.values().forEach(f -> f.written = 0);
                for (Line line : lines.subList(0, written)) {
                    files.computeIfAbsent(line.file(), FileReader::new).written++;
                }
                poll(lines.get(written - 1).time());
                if (random.nextInt(4) == 0) {
                    restart();
                }
            }
            poll(lines.get(lines.size() - 1).time().plusSeconds(60)); // nothing new: abandonment due only
        }

        private void poll(Instant now) {
            List<LogEvent> events = new ArrayList<>();
            for (FileReader file : files.values()) {
                file.read(scenario, events);
            }
            events.sort(Comparator.comparing(LogEvent::time));
            for (LogEvent event : events) {
                model.apply(event, now);
            }
            model.sweep(now);
            model.drainEnded();
        }

        private void restart() throws IOException {
            restarts++;
            PersistedState saved = new PersistedState();
            saved.putRunner("r", new PersistedState.Runner(Map.of(), model.state(),
                    new dev.runnermetrics.exporter.steps.StepState()));
            PersistedState restored = StateStore.decode(StateStore.encode(saved));
            model = newModel(restored.runners().get("r").state());
            files.values().forEach(FileReader::restart);
        }

        private static RunnerModel newModel(RunnerState state) {
            return new RunnerModel(state, Duration.ofSeconds(3), Duration.ofMinutes(30), JobLabelPolicy.none());
        }
    }

    /** One file as the tailer follows it: lines read so far, and the offset a restart resumes from. */
    private static final class FileReader {
        final String name;
        int written;
        int read;
        long offset;
        LogFileInterpreter interpreter;
        private final List<Long> lineStarts = new ArrayList<>();

        FileReader(String name) {
            this.name = name;
            this.interpreter = create(0, 0, null);
        }

        private LogFileInterpreter create(long startOffset, long replayUntil, String jobKey) {
            return name.startsWith("Runner_") ? new RunnerLogInterpreter(startOffset, replayUntil)
                    : new WorkerLogInterpreter(startOffset, replayUntil, jobKey, name);
        }

        void read(Scenario scenario, List<LogEvent> out) {
            List<Line> mine = scenario.lines.stream().filter(l -> l.file().equals(name)).toList();
            ParseErrors errors = reason -> fail("parse error " + reason + " in " + name);
            boolean any = read < written;
            for (; read < written; read++) {
                String text = mine.get(read).text();
                lineStarts.add(offset);
                offset += text.getBytes(StandardCharsets.UTF_8).length + 1;
                interpreter.accept(text, offset, out, errors);
            }
            if (!any) {
                interpreter.idle(out); // as the tailer does for a file with nothing new
            } else {
                interpreter.caughtUp(out); // as the tailer does after a read
            }
        }

        /** A new interpreter from the safe offset, as the tailer makes one from the saved cursor. */
        void restart() {
            long safe = interpreter.safeOffset();
            String jobKey = interpreter.jobKey();
            int line = lineStarts.indexOf(safe);
            if (line < 0) {
                line = lineStarts.size(); // safe offset at the end of what was read
            }
            long readUntil = offset;
            read = line;
            offset = safe;
            while (lineStarts.size() > line) {
                lineStarts.remove(lineStarts.size() - 1);
            }
            interpreter = create(safe, readUntil, jobKey);
        }
    }
}
