package dev.runnermetrics.exporter.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.JobResult;
import dev.runnermetrics.exporter.app.ExporterEngine;
import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.logs.JobContext;
import dev.runnermetrics.exporter.logs.LogEvent;
import dev.runnermetrics.exporter.logs.LogEvent.Authority;
import dev.runnermetrics.exporter.logs.LogEvent.StartMark;
import dev.runnermetrics.exporter.logs.LogEvent.VersionSource;
import dev.runnermetrics.exporter.logs.TaskResult;
import dev.runnermetrics.exporter.metrics.Labels;
import dev.runnermetrics.exporter.metrics.SeriesTotals;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import dev.runnermetrics.exporter.model.RunnerModel;
import dev.runnermetrics.exporter.model.RunnerState;
import dev.runnermetrics.exporter.steps.CacheCount;
import dev.runnermetrics.exporter.steps.CacheTypeFile;
import dev.runnermetrics.exporter.steps.PageCursor;
import dev.runnermetrics.exporter.steps.StepState;
import dev.runnermetrics.exporter.steps.StepStream;
import dev.runnermetrics.exporter.tail.FileCursor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state file's bytes do not depend on how it is written: a state (the fixture runner read by the engine, a runner
 * with every part filled, gone runners' totals, a feature's part) writes exactly the golden file, which the code of
 * every version since 2026-12 wrote, and the golden file and older forms read back and write the same bytes again.
 * {@code -Dgolden.update=true} rewrites the golden files.
 */
class StateFileCompatibilityTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final Path GOLDEN = Path.of("src/test/resources/golden/state");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TempDir
    Path dir;

    @Test
    void aStateWritesTheGoldenFileAndTheGoldenFileReadsBackToTheSameBytes() throws Exception {
        byte[] written = StateStore.encode(richState());
        byte[] golden = golden("state.json", written);
        assertArrayEquals(golden, written, "written state differs from golden/state/state.json");
        assertArrayEquals(golden, StateStore.encode(StateStore.decode(golden)), "golden file read and written back");
    }

    @Test
    void olderFormsReadAndWriteAsTheGoldenFilesSay() throws Exception {
        String older = "{\"format\":1,\"runners\":{\"r\":{\"cursors\":{\"a\":{\"fileKey\":\"k\",\"headLength\":1,"
                + "\"headCrc\":2,\"offset\":3,\"skipping\":false}},\"state\":{\"online\":true,"
                + "\"version\":\"2.320.0\",\"open\":{\"J1\":{\"name\":\"build\",\"start\":\"2026-11-01T10:00:00Z\"}},"
                + "\"finished\":{\"J0\":{\"result\":\"FAILURE\",\"authority\":\"WORKER\"}},"
                + "\"lastEnded\":{\"id\":\"J0\",\"end\":\"2026-11-01T09:00:00Z\",\"result\":\"FAILURE\","
                + "\"authority\":\"WORKER\",\"conflicted\":false,\"readLate\":false},"
                + "\"series\":{\"[\\\"failure\\\",\\\"\\\",\\\"\\\",\\\"\\\"]\":{\"jobs\":2,"
                + "\"bucketCounts\":[0,1,0,0,0,0,0,0,0,0,0,0,0,0],\"durationSum\":9.5,\"durationCount\":1}},"
                + "\"listenerErrors\":{\"auth_failed\":2},\"listenerErrorLast\":{\"auth_failed\":"
                + "\"2026-11-01T10:00:00Z\"},\"labelValues\":{\"repository\":[\"zeta\",\"alpha\",\"mid\"]},"
                + "\"labelOverflow\":{\"repository\":3}}}},"
                + "\"deployments\":{\"format\":1,\"x\":[1,2.5,\"\\u0001\\\"é\",null,true,{}]},"
                + "\"apiQueueTime\":{\"format\":1},\"unknown\":{\"later\":[1]}}";
        byte[] written = StateStore.encode(StateStore.decode(older.getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(golden("older.json", written), written, "an older file written back");
    }

    private byte[] golden(String name, byte[] written) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (UPDATE || !Files.exists(file)) {
            Files.write(file, written);
        }
        return Files.readAllBytes(file);
    }

    private PersistedState richState() throws IOException, URISyntaxException {
        Path runner = Path.of(getClass().getClassLoader().getResource("fixture-runner").toURI());
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
        StateStore store = new StateStore(dir, clock);
        ExporterEngine engine = new ExporterEngine(
                List.of(new RunnerTarget("fixture", "standard", runner, runner.resolve("_diag"))),
                new ExporterEngine.Settings(4096, Duration.ofSeconds(3), Duration.ofMinutes(30), JobLabelPolicy.none(),
                        true, CacheTypeFile.shipped()), store, clock);
        engine.poll();
        engine.saveIfDirty();
        engine.close();
        // The fixture's inodes are the checkout's: the golden file names them by a fixed key instead.
        String read = Files.readString(store.file(), StandardCharsets.UTF_8)
                .replaceAll("\"fileKey\":\"\\(dev=[0-9a-f]+,ino=[0-9]+\\)\"", "\"fileKey\":\"(dev=fe00,ino=1)\"");
        PersistedState state = StateStore.decode(read.getBytes(StandardCharsets.UTF_8));

        RunnerModel model = new RunnerModel(new RunnerState(), Duration.ofSeconds(3), Duration.ofMinutes(30),
                new JobLabelPolicy(List.of("repository"), Pattern.compile(".*"), 10));
        JobContext context = new JobContext("J2", "test \"quoted\" \u00e9 \u0007", "octo/repo", "ci", "test", "7",
                "1", "refs/heads/main", "abc", "push", "prod", "2026-11-01T09:59:00Z");
        for (LogEvent e : List.of(new LogEvent.ListenerStarted(T0),
                new LogEvent.RunnerVersion(T0, "2.330.0", VersionSource.LISTENER),
                new LogEvent.RunnerPlatform(T0, "Linux", "X64"), new LogEvent.Online(T0),
                new LogEvent.ListenerProblem(T0.plusSeconds(1),
                        dev.runnermetrics.catalogue.ListenerErrorReason.values()[0]),
                new LogEvent.JobStarted(T0.plusSeconds(2), "J1", "build", StartMark.RECEIVED),
                new LogEvent.JobFinished(T0.plusMillis(9123), "J1", null, TaskResult.Succeeded, Authority.LISTENER),
                new LogEvent.JobStarted(T0.plusSeconds(20), "J2", "test", StartMark.RECEIVED),
                new LogEvent.WorkerJob(T0.plusSeconds(21), "J2", "worker-file:Worker_2.log", context))) {
            model.apply(e, e.time());
        }
        StepState steps = new StepState(new TreeMap<>(Map.of("page-1", new PageCursor(12, true, false))),
                new LinkedHashMap<>(Map.of("T_R", new StepStream("pages", "J2", "actions/cache@v4",
                        new TreeMap<>(Map.of("buildkit", new ArrayList<>(List.of("6", "7")))),
                        StepStream.Header.WITH, 4, new TreeMap<>(Map.of("key", "deps")), "deps-"))),
                3, 2, 1, new TreeMap<>(Map.of("npm", new CacheCount(1, 2, 3))));
        state.putRunner("r", new PersistedState.Runner(
                Map.of("Runner_1.log", new FileCursor("ino:1", 64, 99, 300, false, "J1", 320)), model.state(), steps,
                "large"));

        SeriesTotals gone = new SeriesTotals();
        gone.value(Catalogue.JOBS, Labels.of(Catalogue.JOBS, Map.of("result", JobResult.SUCCESS.label())), 4);
        long[] buckets = new long[Catalogue.JOB_DURATION.buckets().size() + 1];
        buckets[2] = 2;
        gone.histogram(Catalogue.JOB_DURATION, Labels.of(Catalogue.JOB_DURATION,
                Map.of("result", JobResult.FAILURE.label())), buckets, 12.25, 2);
        state.gone(gone);
        return state;
    }
}
