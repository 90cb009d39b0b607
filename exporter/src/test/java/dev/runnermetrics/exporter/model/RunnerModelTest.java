package dev.runnermetrics.exporter.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.JobResult;
import dev.runnermetrics.exporter.logs.JobContext;
import dev.runnermetrics.exporter.logs.LogEvent;
import dev.runnermetrics.exporter.logs.LogEvent.Authority;
import dev.runnermetrics.exporter.logs.TaskResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnermetrics.exporter.state.PersistedState;
import dev.runnermetrics.exporter.state.StateStore;
import dev.runnermetrics.exporter.steps.StepState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RunnerModelTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(3);
    private static final Duration SILENCE = Duration.ofMinutes(30);

    private RunnerModel model = new RunnerModel(new RunnerState(), GRACE, SILENCE, JobLabelPolicy.none());

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private void apply(LogEvent... events) {
        for (LogEvent e : events) {
            model.apply(e, e.time()); // wall clock = log time in these scenarios
        }
    }

    /** result → jobs, with duration count and sum, e.g. {@code success=1 (1 timed, 90.0s)}. */
    private Map<String, String> counts() {
        Map<String, String> counts = new TreeMap<>();
        model.state().series().forEach((k, s) -> counts.put(k.get(JobSeries.RESULT),
                s.jobs() + " (" + s.duration().count() + " timed, " + s.duration().sum() + "s)"));
        return counts;
    }

    private static LogEvent.JobStarted received(Instant at, String id) {
        return new LogEvent.JobStarted(at, id, null, LogEvent.StartMark.RECEIVED);
    }

    private static LogEvent.JobStarted named(Instant at, String name) {
        return new LogEvent.JobStarted(at, null, name, LogEvent.StartMark.ECHOED);
    }

    /** The job message or {@code Job ID} line of the Worker log of job {@code id}. */
    private static LogEvent.WorkerJob workerJob(Instant at, String id, JobContext context) {
        return new LogEvent.WorkerJob(at, id, "worker-file:Worker_" + id + ".log", context);
    }

    private static LogEvent.JobFinished listener(int at, String id, TaskResult r) {
        return new LogEvent.JobFinished(t(at), id, null, r, Authority.LISTENER);
    }

    private static LogEvent.JobFinished worker(int at, String id, TaskResult r) {
        return new LogEvent.JobFinished(t(at), id, null, r, Authority.WORKER);
    }

    private static LogEvent.JobFinished console(int at, String name, TaskResult r) {
        return new LogEvent.JobFinished(t(at), null, name, r, Authority.CONSOLE);
    }

    @Test
    void aJobReportedByListenerWorkerAndConsoleCountsOnceWithItsDuration() {
        apply(received(t(0), "J1"),
                named(t(0), "build"),
                workerJob(t(1), "J1", null),
                worker(89, "J1", TaskResult.Succeeded),
                listener(90, "J1", TaskResult.Succeeded),
                listener(90, "J1", TaskResult.Succeeded),
                console(90, "build", TaskResult.Succeeded),
                new LogEvent.RunnerIdle(t(90)));
        model.sweep(t(200));
        assertEquals(Map.of("success", "1 (1 timed, 89.0s)"), counts());
        assertEquals(t(89), model.state().lastJobCompleted());
        assertFalse(model.busy());
        assertEquals(0, model.state().resultConflicts());
    }

    @Test
    void resultsMapToTheFiveConclusions() {
        TaskResult[] results = TaskResult.values();
        for (int i = 0; i < results.length; i++) {
            apply(received(t(i * 10), "J" + i), listener(i * 10 + 5, "J" + i, results[i]));
        }
        assertEquals(Map.of(
                "success", "2 (2 timed, 10.0s)",
                "failure", "1 (1 timed, 5.0s)",
                "cancelled", "1 (1 timed, 5.0s)",
                "skipped", "1 (1 timed, 5.0s)",
                "abandoned", "1 (0 timed, 0.0s)"), counts());
    }

    @Test
    void aJobOnlyInAWorkerLogCountsAndOneWhoseStartWasNotSeenHasNoDuration() {
        apply(workerJob(t(0), "W1", null), worker(30, "W1", TaskResult.Failed),
                worker(40, "worker-file:Worker_x.log", TaskResult.Succeeded));
        assertEquals(Map.of("failure", "1 (1 timed, 30.0s)", "success", "1 (0 timed, 0.0s)"), counts());
    }

    @Test
    void consoleOnlyLogsCountEachJobOnceEvenWhenEchoedTwice() {
        // ARC stdout can carry both the traced echo and the raw console copy of the same line.
        apply(named(t(0), "build"), named(t(0), "build"),
                console(60, "build", TaskResult.Failed), console(60, "build", TaskResult.Failed));
        assertEquals(Map.of("failure", "1 (1 timed, 60.0s)"), counts());
    }

    @Test
    void aJobTheRunnerMovedOnFromIsAbandonedAfterTheGraceUnlessItsResultArrives() {
        apply(received(t(0), "LOST"), new LogEvent.RunnerIdle(t(5)));
        assertFalse(model.busy(), "the runner said it is idle");
        model.sweep(t(5).plus(GRACE).minusMillis(1));
        assertEquals(Map.of(), counts(), "not before the grace is over");
        model.sweep(t(5).plus(GRACE));
        assertEquals(Map.of("abandoned", "1 (0 timed, 0.0s)"), counts());
        assertTrue(model.state().open().isEmpty());

        apply(received(t(100), "LATE"), received(t(101), "NEXT"),
                worker(101, "LATE", TaskResult.Succeeded));
        model.sweep(t(200));
        assertEquals("1 (1 timed, 1.0s)", counts().get("success"), "the late worker result wins over abandonment");
        assertTrue(model.busy(), "NEXT is running");
    }

    @Test
    void aRunnerThatStopsOrRestartsAbandonsItsJob() {
        apply(new LogEvent.ListenerStarted(t(0)), new LogEvent.Online(t(1)), received(t(2), "J"),
                new LogEvent.ListenerStarted(t(50)));
        assertEquals(Boolean.FALSE, model.state().online(), "a new process is offline until its session exists");
        assertEquals(t(50), model.state().listenerStart());
        model.sweep(t(60));
        assertEquals(Map.of("abandoned", "1 (0 timed, 0.0s)"), counts());
        apply(new LogEvent.ListenerStopped(t(70)));
        assertNull(model.state().listenerStart());
    }

    @Test
    void aJobSilentForLongerThanTheLimitIsAbandonedButActivityKeepsItOpen() {
        apply(workerJob(t(0), "LONG", null));
        model.apply(new LogEvent.JobActivity(t(1700), "LONG"), t(1700));
        model.sweep(t(1700).plus(SILENCE).minusSeconds(1));
        assertTrue(model.busy());
        model.sweep(t(1701).plus(SILENCE));
        assertEquals(Map.of("abandoned", "1 (0 timed, 0.0s)"), counts());
    }

    @Test
    void conflictingResultsFromDifferentLogsAreCountedAsConflictsNotAsJobs() {
        apply(received(t(0), "J"), worker(10, "J", TaskResult.Succeeded),
                listener(11, "J", TaskResult.Failed));
        assertEquals(Map.of("success", "1 (1 timed, 10.0s)"), counts());
        assertEquals(1, model.state().resultConflicts());
    }

    @Test
    void theSameLinesReadAgainChangeNothing() {
        LogEvent[] job = {received(t(0), "J"), listener(10, "J", TaskResult.Succeeded)};
        apply(job);
        apply(job);
        assertEquals(Map.of("success", "1 (1 timed, 10.0s)"), counts());
        assertTrue(model.state().open().isEmpty());
    }

    @Test
    void contextLabelsAreOptInAllowListedAndCapped() {
        JobLabelPolicy policy = new JobLabelPolicy(List.of("repository"), Pattern.compile("acme/.*"), 2);
        RunnerModel labelled = new RunnerModel(new RunnerState(), GRACE, SILENCE, policy);
        String[] repos = {"acme/a", "acme/b", "acme/c", "evil/x", "acme/a"};
        for (int i = 0; i < repos.length; i++) {
            JobContext ctx = new JobContext("J" + i, "build", repos[i], "CI", "build", "1", "1", "r", "s", "push",
                    null, null);
            labelled.apply(workerJob(t(i), "J" + i, ctx), t(i));
            labelled.apply(worker(i + 1, "J" + i, TaskResult.Succeeded), t(i));
        }
        Map<String, Long> byRepo = new TreeMap<>();
        labelled.state().series().forEach((k, s) ->
                byRepo.merge(k.get(JobSeries.REPOSITORY) + "|" + k.get(JobSeries.WORKFLOW), s.jobs(), Long::sum));
        assertEquals(Map.of("acme/a|", 2L, "acme/b|", 1L, "other|", 2L), byRepo,
                "workflow is not opted in; acme/c is over the cap; evil/x is not allowed");
        assertEquals(Map.of("repository", 1L), labelled.state().labelOverflow());
    }

    @Test
    void durationsFallIntoTheRightBuckets() {
        apply(received(t(0), "A"), listener(5, "A", TaskResult.Succeeded),
                received(t(10), "B"), listener(16, "B", TaskResult.Succeeded),
                received(t(100), "C"));
        for (int s = 160; s < 30000; s += 60) {
            apply(new LogEvent.JobActivity(t(100 + s), null)); // the listener renews the job's lease every minute
        }
        apply(listener(100 + 30000, "C", TaskResult.Succeeded));
        long[] buckets = model.state().series().values().iterator().next().duration().buckets();
        // 5 s is in the 5 s bucket (le is inclusive), 6 s in 15 s, 30000 s beyond 6 h in +Inf.
        assertEquals(1, buckets[0]);
        assertEquals(1, buckets[1]);
        assertEquals(1, buckets[buckets.length - 1]);
    }

    @Test
    void eachCountedJobIsHandedOverOnceWithItsJobMessageContext() {
        JobContext deploy = new JobContext("J1", "deploy", "o/r", "Release", "deploy", "7", "1", "refs/heads/main",
                "abc", "push", "production", "2026-11-01T09:00:00+01:00");
        apply(received(t(0), "J1"),
                workerJob(t(1), "J1", deploy),
                workerJob(t(1), "J1", null), // the Job ID line: keeps the context
                worker(60, "J1", TaskResult.Succeeded),
                listener(61, "J1", TaskResult.Succeeded),
                workerJob(t(1), "J1", deploy), // the same Worker log read again
                worker(60, "J1", TaskResult.Succeeded),
                workerJob(t(65), "J2", null), // a Worker log read from its middle: no job message
                worker(70, "J2", TaskResult.Failed));
        assertEquals(List.of(
                new JobEnd("J1", "deploy", true, "o/r", "production", "abc", "2026-11-01T09:00:00+01:00",
                        JobResult.SUCCESS, t(60)),
                new JobEnd("J2", null, false, null, null, null, null, JobResult.FAILURE, t(70))),
                model.drainEnded());
        assertEquals(List.of(), model.drainEnded(), "drained");
    }

    private static LogEvent.JobStarted start(int at, String id, LogEvent.StartMark mark) {
        return new LogEvent.JobStarted(t(at), id, null, mark);
    }

    @Test
    void aFinishLineAndTheConsoleEchoOfTheSameSecondAreOneJobWhenTheStartIsNotInTheLog() {
        // The log starts mid-job: its "Running job" line is in a file that is gone.
        apply(listener(10, "J1", TaskResult.Succeeded), console(10, "build", TaskResult.Succeeded),
                new LogEvent.RunnerIdle(t(10)));
        model.sweep(t(60));
        assertEquals(Map.of("success", "1 (0 timed, 0.0s)"), counts());
        assertEquals(0, model.state().resultConflicts());
    }

    @Test
    void aBrokerFlowJobWhoseOnlyStartLinesAreRenewDispatchAndNotificationHasItsDuration() {
        apply(start(0, "J1", LogEvent.StartMark.RENEWED), start(1, "J1", LogEvent.StartMark.DISPATCHED),
                start(1, null, LogEvent.StartMark.NOTIFIED), listener(90, "J1", TaskResult.Failed),
                console(90, "build", TaskResult.Failed));
        assertEquals(Map.of("failure", "1 (1 timed, 90.0s)"), counts());
    }

    @Test
    void consoleEchoesAloneCountEveryJobOfARowWithItsDuration() {
        // A listener log whose jobs are marked only by the console echoes (a peer exporter's test data).
        apply(named(t(0), "build"), console(30, "build", TaskResult.Succeeded),
                named(t(35), "test"), console(80, "test", TaskResult.Failed),
                named(t(85), "build"), console(100, "build", TaskResult.Succeeded));
        assertEquals(Map.of("success", "2 (2 timed, 45.0s)", "failure", "1 (1 timed, 45.0s)"), counts());
        assertFalse(model.busy());
    }

    @Test
    void aJobWithoutStartLinesAfterAJobOfTheSameNameIsTheNextJob() {
        apply(named(t(0), "build"), listener(30, "J1", TaskResult.Succeeded),
                console(30, "build", TaskResult.Succeeded),
                console(90, "build", TaskResult.Failed)); // the next job: its start lines are lost
        assertEquals(Map.of("success", "1 (1 timed, 30.0s)", "failure", "1 (0 timed, 0.0s)"), counts());
        assertEquals(0, model.state().resultConflicts(), "two jobs, not one job with two results");
    }

    @Test
    void aResultConflictCountsOnceHoweverManyReportsDisagree() {
        apply(received(t(0), "J"), worker(50, "J", TaskResult.Failed), listener(52, "J", TaskResult.Succeeded),
                listener(52, "J", TaskResult.Succeeded), console(52, "build", TaskResult.Succeeded));
        assertEquals(Map.of("failure", "1 (1 timed, 50.0s)"), counts());
        assertEquals(1, model.state().resultConflicts());
    }

    @Test
    void aJobSilentInLogTimeIsAbandonedBeforeLaterLinesAreTakenAsItsOwn() {
        // A history read in one go: a job whose end was cut off, then months later a Worker result.
        apply(received(t(0), "OLD"), named(t(0), "Env Preparation"),
                worker(86_400, "worker-file:Worker_20261102-100000-utc.log", TaskResult.Failed));
        assertEquals(Map.of("abandoned", "1 (0 timed, 0.0s)", "failure", "1 (0 timed, 0.0s)"), counts());
    }

    @Test
    void theVersionComesFromTheBestKindOfLineSeen() {
        apply(new LogEvent.RunnerVersion(t(0), "2.326.0", LogEvent.VersionSource.URL));
        assertEquals("2.326.0", model.state().version(), "github_runner_info appears as soon as one is seen");
        apply(new LogEvent.RunnerVersion(t(1), "2.327.1", LogEvent.VersionSource.BIN_PATH),
                new LogEvent.RunnerVersion(t(2), "2.300.0", LogEvent.VersionSource.URL));
        assertEquals("2.327.1", model.state().version(), "a path beats a URL");
        apply(new LogEvent.RunnerVersion(t(3), "2.328.0", LogEvent.VersionSource.WORKER),
                new LogEvent.RunnerVersion(t(4), "2.327.1", LogEvent.VersionSource.BIN_PATH));
        assertEquals("2.328.0", model.state().version());
        apply(new LogEvent.RunnerVersion(t(5), "2.329.0", LogEvent.VersionSource.LISTENER),
                new LogEvent.RunnerVersion(t(6), "2.328.0", LogEvent.VersionSource.WORKER));
        assertEquals("2.329.0", model.state().version(), "the listener's own line is the best");
        apply(new LogEvent.RunnerVersion(t(7), "2.330.0", LogEvent.VersionSource.LISTENER));
        assertEquals("2.330.0", model.state().version(), "a self-update: the newest line of the best kind");
    }

    @Test
    void listenerProblemsCountByReasonWithTheTimeOfTheNewest() {
        apply(new LogEvent.ListenerProblem(t(0), dev.runnermetrics.catalogue.ListenerErrorReason.CONNECTION),
                new LogEvent.ListenerProblem(t(30), dev.runnermetrics.catalogue.ListenerErrorReason.CONNECTION),
                new LogEvent.ListenerProblem(t(40), dev.runnermetrics.catalogue.ListenerErrorReason.LISTENER_EXIT));
        assertEquals(Map.of("connection", 2L, "listener_exit", 1L), model.state().events().counts(Catalogue.LISTENER_ERRORS));
        assertEquals(Map.of("connection", t(30), "listener_exit", t(40)), model.state().events().last(Catalogue.LISTENER_ERRORS));
    }

    @Test
    void aJobCancelledByTheRunnersShutdownCountsOnceAsCancelledHoweverLongTheCancellationTakes() {
        // SIGTERM: the shutdown line first, then the job is cancelled and its result written, 20 s later.
        apply(received(t(0), "J1"), named(t(0), "build"), new LogEvent.ListenerStopping(t(60)));
        for (int ms = 250; ms < 20_000; ms += 250) {
            model.sweep(t(60).plusMillis(ms)); // polls with nothing new
        }
        assertEquals(Boolean.FALSE, model.state().online());
        apply(listener(80, "J1", TaskResult.Canceled), console(80, "build", TaskResult.Canceled),
                new LogEvent.ListenerStopped(t(81)));
        model.sweep(t(200));
        assertEquals(Map.of("cancelled", "1 (1 timed, 80.0s)"), counts());
        assertEquals(0, model.state().resultConflicts());
    }

    @Test
    void aResultAfterTheJobWasAbandonedIsNoSecondJob() {
        apply(received(t(0), "J1"), named(t(0), "build"), new LogEvent.JobActivity(t(10), null),
                new LogEvent.RunnerIdle(t(10)));
        model.sweep(t(10).plus(GRACE)); // abandoned: the runner went idle without a result
        apply(console(12, "build", TaskResult.Failed)); // the echo of its result, read after the grace
        assertEquals(Map.of("abandoned", "1 (0 timed, 0.0s)"), counts());
        assertEquals(0, model.state().resultConflicts(), "abandoned is no log's result: nothing disagrees");
    }

    @Test
    void aStateFileFromBeforeTheLastJobWasKeptDoesNotCountItsConsoleEchoAgain() throws IOException {
        apply(received(t(0), "J1"), named(t(0), "build"), listener(300, "J1", TaskResult.Succeeded));
        restartFromOlderFile(state -> state.remove("lastEnded")); // an older state file has no such field
        apply(console(300, "build", TaskResult.Succeeded));
        assertEquals(Map.of("success", "1 (1 timed, 300.0s)"), counts());
    }

    @Test
    void aStateFileFromBeforeTheLastJobWasKeptDoesNotTakeItsConsoleKeyForAJobId() throws IOException {
        apply(named(t(0), "build"), console(300, "build", TaskResult.Succeeded));
        // What an older version kept for a job it knew only from the console: a made-up key, no lastEnded.
        String consoleKey = "console:" + t(0) + ":build";
        restartFromOlderFile(state -> {
            ObjectNode finished = (ObjectNode) state.get("finished");
            finished.set(consoleKey, finished.remove(state.get("currentKey").asText()));
            state.put("currentKey", consoleKey);
            state.remove("lastEnded");
        });
        apply(listener(300, "J1", TaskResult.Succeeded));
        assertEquals(Map.of("success", "1 (1 timed, 300.0s)"), counts());
    }

    /**
     * Saves the model, edits its runner state in the file's JSON as {@code older} says (what an older version wrote),
     * and goes on with the model the next start reads from it.
     */
    private void restartFromOlderFile(Consumer<ObjectNode> older) throws IOException {
        PersistedState saved = new PersistedState();
        saved.putRunner("r", new PersistedState.Runner(Map.of(), model.state(), new StepState()));
        ObjectMapper json = new ObjectMapper();
        ObjectNode file = (ObjectNode) json.readTree(StateStore.encode(saved));
        older.accept((ObjectNode) file.path("runners").path("r").path("state"));
        RunnerState restored = StateStore.decode(json.writeValueAsBytes(file)).runners().get("r").state();
        model = new RunnerModel(restored, GRACE, SILENCE, JobLabelPolicy.none());
    }
}
