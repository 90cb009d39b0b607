package dev.runnermetrics.exporter.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.JobResult;
import dev.runnermetrics.catalogue.ListenerErrorReason;
import dev.runnermetrics.exporter.logs.JobContext;
import dev.runnermetrics.exporter.logs.LogEvent;
import dev.runnermetrics.exporter.logs.LogEvent.Authority;
import dev.runnermetrics.exporter.logs.LogEvent.StartMark;
import dev.runnermetrics.exporter.logs.LogEvent.VersionSource;
import dev.runnermetrics.exporter.logs.TaskResult;
import dev.runnermetrics.exporter.model.FinishedJob;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import dev.runnermetrics.exporter.model.JobSeries;
import dev.runnermetrics.exporter.model.OpenJob;
import dev.runnermetrics.exporter.model.RunnerModel;
import dev.runnermetrics.exporter.model.RunnerState;
import dev.runnermetrics.exporter.steps.StepState;
import dev.runnermetrics.exporter.steps.StepStream;
import dev.runnermetrics.exporter.tail.FileCursor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The state file's own form: what it writes reads back the same, and the forms older versions wrote still load. */
class SavedStateTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    @Test
    void aSavedStateReadsBackAsTheSameDomainObjectsAndWritesTheSameBytes() throws IOException {
        RunnerModel model = new RunnerModel(new RunnerState(), Duration.ofSeconds(3), Duration.ofMinutes(30),
                new JobLabelPolicy(List.of("repository"), Pattern.compile(".*"), 10));
        JobContext context = new JobContext("J2", "test", "octo/repo", "ci", "test", "7", "1", "refs/heads/main",
                "abc", "push", "prod", "2026-11-01T09:59:00Z");
        for (LogEvent e : List.of(new LogEvent.ListenerStarted(T0),
                new LogEvent.RunnerVersion(T0, "2.330.0", VersionSource.LISTENER),
                new LogEvent.RunnerPlatform(T0, "Linux", "X64"), new LogEvent.Online(T0),
                new LogEvent.ListenerProblem(T0.plusSeconds(1), ListenerErrorReason.values()[0]),
                new LogEvent.JobStarted(T0.plusSeconds(2), "J1", "build", StartMark.RECEIVED),
                new LogEvent.JobFinished(T0.plusSeconds(9), "J1", null, TaskResult.Succeeded, Authority.LISTENER),
                new LogEvent.JobStarted(T0.plusSeconds(20), "J2", "test", StartMark.RECEIVED),
                new LogEvent.WorkerJob(T0.plusSeconds(21), "J2", "worker-file:Worker_2.log", context))) {
            model.apply(e, e.time());
        }
        StepState steps = new StepState(new TreeMap<>(), new LinkedHashMap<>(Map.of("T_R",
                new StepStream("pages", "J2", "actions/cache@v4", new TreeMap<>(Map.of("buildkit",
                        new java.util.ArrayList<>(List.of("6")))), StepStream.Header.WITH, 4,
                        new TreeMap<>(Map.of("key", "deps")), "deps-"))), 3, 2, 1, new TreeMap<>());
        PersistedState state = new PersistedState();
        state.putRunner("r", new PersistedState.Runner(
                Map.of("Runner_1.log", new FileCursor("ino:1", 64, 99, 300, false, null, 320)), model.state(), steps));

        byte[] bytes = StateStore.encode(state);
        PersistedState.Runner back = StateStore.decode(bytes).runners().get("r");
        assertArrayEquals(bytes, StateStore.encode(StateStore.decode(bytes)), "written back unchanged");

        RunnerState s = back.state();
        assertEquals(model.state().listener(), s.listener());
        assertEquals(model.state().series(), s.series());
        assertEquals(1, s.series().get(JobSeries.key("success", "", "", "")).jobs());
        assertEquals(model.state().finished(), s.finished());
        assertEquals(model.state().lastEnded(), s.lastEnded());
        assertEquals(model.state().events().allCounts(), s.events().allCounts());
        assertEquals(model.state().events().allLast(), s.events().allLast());
        assertEquals(model.state().labelValues(), s.labelValues());
        OpenJob open = s.open().get("J2");
        assertEquals(model.state().open().get("J2").context(), open.context());
        assertEquals(List.of("test", "worker-file:Worker_2.log", StartMark.RENEWED.ordinal()),
                List.of(open.name(), open.workerKey(), open.stage()));
        StepStream stream = back.steps().streams().get("T_R");
        assertEquals(List.of("actions/cache@v4", Map.of("buildkit", List.of("6")), StepStream.Header.WITH, 4,
                Map.of("key", "deps"), "deps-"), List.of(stream.step(), stream.pending(), stream.header(),
                stream.withIndent(), stream.inputs(), stream.partialHint()));
        assertEquals(List.of(3L, 2L, 1L), List.of(back.steps().pagesSeen(), back.steps().pagesRead(),
                back.steps().pagesMissed()));
        assertEquals(state.runners().get("r").cursors(), back.cursors());
    }

    @Test
    void aFileFromBeforeLaterFieldsLoadsWithWhatNothingSeenMeans() throws IOException {
        String old = "{\"format\":1,\"runners\":{\"r\":{\"cursors\":{},\"state\":{\"online\":true,"
                + "\"version\":\"2.320.0\",\"open\":{\"J1\":{\"name\":\"build\",\"start\":\"2026-11-01T10:00:00Z\"}},"
                + "\"finished\":{\"J0\":{\"result\":\"FAILURE\",\"authority\":\"WORKER\"}},"
                + "\"lastEnded\":{\"id\":\"J0\",\"end\":\"2026-11-01T09:00:00Z\",\"result\":\"FAILURE\","
                + "\"authority\":\"WORKER\",\"conflicted\":false,\"readLate\":false},"
                + "\"series\":{\"[\\\"failure\\\",\\\"\\\",\\\"\\\",\\\"\\\"]\":{\"jobs\":2,"
                + "\"bucketCounts\":[0,1,0,0,0,0,0,0,0,0,0,0,0,0],\"durationSum\":9.5,\"durationCount\":1}},"
                + "\"labelValues\":{},\"labelOverflow\":{}}}},\"deployments\":{\"format\":1}}";
        PersistedState state = StateStore.decode(old.getBytes(StandardCharsets.UTF_8));
        PersistedState.Runner r = state.runners().get("r");
        assertNull(r.state().versionSource(), "the version of a file from before its source was kept");
        assertEquals(-1, r.state().open().get("J1").stage(), "no start line seen");
        assertEquals(Map.of(), r.state().events().allCounts());
        assertEquals(2, r.state().series().get(JobSeries.key("failure", "", "", "")).jobs());
        assertEquals(9.5, r.state().series().get(JobSeries.key("failure", "", "", "")).duration().sum());
        assertEquals(new FinishedJob(JobResult.FAILURE, Authority.WORKER, null), r.state().finished().get("J0"),
                "a job counted before its end time was kept");
        assertEquals(List.of("J0", Instant.parse("2026-11-01T09:00:00Z")), List.of(r.state().lastEnded().id(),
                r.state().lastEnded().end()));
        assertNull(r.state().lastEnded().start(), "the job counted last before its start was kept");
        assertEquals(Map.of(), r.steps().streams(), "no step output part: none read yet");
        assertEquals(List.of("deployments"), List.copyOf(state.features().keySet()), "an older part moves");
    }

    @Test
    void listenerProblemsOfAFileFromBeforeCountedEventsAreMovedIntoThem() throws IOException {
        String old = "{\"format\":1,\"runners\":{\"r\":{\"cursors\":{},\"state\":{\"online\":true,"
                + "\"listenerErrors\":{\"auth_failed\":2,\"connection\":1},\"listenerErrorLast\":{"
                + "\"auth_failed\":\"2026-11-01T10:00:00Z\",\"connection\":\"2026-11-01T09:00:00Z\"}}}}}";
        RunnerState s = StateStore.decode(old.getBytes(StandardCharsets.UTF_8)).runners().get("r").state();
        assertEquals(Map.of("auth_failed", 2L, "connection", 1L), s.events().counts(Catalogue.LISTENER_ERRORS));
        assertEquals(Instant.parse("2026-11-01T10:00:00Z"), s.events().last(Catalogue.LISTENER_ERRORS)
                .get("auth_failed"));
        PersistedState back = new PersistedState();
        back.putRunner("r", new PersistedState.Runner(Map.of(), s, new StepState()));
        String written = new String(StateStore.encode(back), StandardCharsets.UTF_8);
        assertTrue(written.contains("\"counts\":{\"github_runner_listener_errors\":{\"auth_failed\":2,"),
                written);
        assertFalse(written.contains("listenerErrors"), "the old field is read, never written");
    }

    @Test
    void aPartWrittenAsNullOrASeriesOfAnotherShapeIsNoState() {
        for (String bad : List.of("{\"open\":null}", "{\"series\":{\"[\\\"success\\\"]\":{\"jobs\":1,"
                + "\"bucketCounts\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0]}}}", "{\"series\":{\"[\\\"success\\\",\\\"\\\","
                + "\\\"\\\",\\\"\\\"]\":{\"jobs\":1,\"bucketCounts\":[0,0]}}}")) {
            byte[] file = ("{\"format\":1,\"runners\":{\"r\":{\"state\":" + bad + "}}}")
                    .getBytes(StandardCharsets.UTF_8);
            assertThrows(Exception.class, () -> StateStore.decode(file), bad);
        }
    }
}
