package dev.runnermetrics.exporter.github.api;

import static dev.runnermetrics.exporter.github.api.ApiTesting.client;
import static dev.runnermetrics.exporter.github.api.ApiTesting.queueTimeCount;
import static dev.runnermetrics.exporter.github.api.ApiTesting.queueTimeSum;
import static dev.runnermetrics.exporter.github.api.ApiTesting.scrape;
import static dev.runnermetrics.exporter.github.api.QueueTimeLookupsTest.job;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.app.ExporterEngine;
import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.github.jobs.QueueTimeState;
import dev.runnermetrics.exporter.logs.JobContext;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import dev.runnermetrics.exporter.state.FeatureJson;
import dev.runnermetrics.exporter.state.PersistedState;
import dev.runnermetrics.exporter.state.StateStore;
import dev.runnermetrics.exporter.steps.CacheTypeFile;
import dev.runnermetrics.exporter.testing.Golden;
import dev.runnermetrics.exporter.testing.RunnerDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue-time figures and the lookups still pending, kept in the runner state file (a real file) with the
 * offsets: restored, they give the same figures, the pending lookups finish, and after a crash each job is observed
 * exactly once. GitHub is the recorded one over real HTTP.
 */
class QueueTimeStateTest extends RecordedGithubTest {

    /** Jobs of any run's first attempt. */
    private static final String ANY_RUN = "GET /repos/octo-org/octo-repo/actions/runs/[0-9]+/attempts/1/jobs\\?per_page=100";
    private static final String RUN_2 = "GET /repos/octo-org/octo-repo/actions/runs/29679450/attempts/1/jobs?per_page=100";
    private static final String RUN_3 = "GET /repos/octo-org/octo-repo/actions/runs/29679451/attempts/1/jobs?per_page=100";
    /** created_at 17:42:28Z → started_at 17:42:40Z of `build` on runner-1 in the recorded jobs. */
    private static final double QUEUE_SECONDS = 12.0;

    @TempDir
    Path tmp;


    /** The job of {@link QueueTimeLookupsTest#job} in another run of the same workflow. */
    private static JobContext inRun(String runId) {
        JobContext c = job("build", "1", null);
        return new JobContext(c.jobId(), c.displayName(), c.repository(), c.workflow(), c.job(), runId,
                c.runAttempt(), c.ref(), c.sha(), c.eventName(), c.environment(), c.headCommitTimestamp());
    }

    @Test
    void figuresAndPendingLookupsAreSavedRestoredAndTheLookupsFinish() throws IOException {
        ManualScheduler before = new ManualScheduler();
        GithubApiClient first = client(config, clock, before);
        first.jobSeenListener().jobSeen("runner-1", "standard", T0, job("build", "1", null));
        first.jobSeenListener().jobSeen("runner-1", "standard", T0, job("deploy", "1", "production")); // dropped
        first.jobSeenListener().jobSeen("runner-1", "standard", T0, inRun("29679450"));
        first.jobSeenListener().jobSeen("runner-1", "standard", T0, inRun("29679451"));
        github.then(QueueTimeLookupsTest.JOBS, "jobs/attempt-1.json")
                .then(RUN_2, "jobs/attempt-1-build-queued.json"); // not started yet: tried again later
        before.runNext();
        before.runNext();
        assertEquals(2, before.size());
        assertEquals(2, first.lookups().pending());

        StateStore store = new StateStore(tmp, clock);
        PersistedState saved = new PersistedState();
        saved.putFeature(QueueTimeFeature.STATE_KEY, FeatureJson.part(first.queueTimeState()));
        store.save(saved);
        QueueTimeState loaded = FeatureJson.fromJson(FeatureJson.node(store.load().orElseThrow().features()
                .get(QueueTimeFeature.STATE_KEY)), QueueTimeState.class);
        assertEquals(List.of("29679450 try 2", "29679451 try 1"), loaded.pending().stream()
                .map(p -> p.runId() + " try " + p.attempts()).toList(), "pending lookups with the tries they had");

        ManualScheduler after = new ManualScheduler();
        GithubApiClient restored = client(config, clock, after, loaded);
        assertEquals(queueFigures(scrape(first)), queueFigures(scrape(restored)), "the same figures after restore");
        assertEquals(2, after.size(), "the pending lookups are resumed");
        github.then(RUN_2, "jobs/attempt-1.json").then(RUN_3, "jobs/attempt-1.json");
        after.runNext();
        after.runNext();
        assertEquals(0, after.size());
        assertEquals(0, restored.lookups().pending());
        assertTrue(github.scriptDone());
        // Three jobs of 12 s each, observed once; the dropped one still counted; request counts start again.
        Golden.assertMatches("github-api/queue-time-restored.txt", scrape(restored));
        // Nothing is pending any more in what would be saved next.
        assertEquals(List.of(), restored.queueTimeState().pending().stream().map(p -> p.runId()).toList());
    }

    @Test
    void afterACrashMidWayEachJobIsObservedOnce() throws IOException {
        github.always(ANY_RUN, "jobs/attempt-1.json");
        RunnerDir runner = new RunnerDir(tmp.resolve("runner")).listenerStarts(T0.minusSeconds(100), "2.333.1");
        Path stateDir = tmp.resolve("state");
        // Before the last save: job 0 observed, jobs 1 and 2 handed over and pending.
        writeJobs(runner, 0, 3);
        ManualScheduler scheduler1 = new ManualScheduler();
        QueueTimeFeature.Factory api1 = new QueueTimeFeature.Factory(
                restored -> client(config, clock, scheduler1, restored));
        ExporterEngine engine1 = engine(runner, stateDir, api1);
        GithubApiClient client1 = api1.client().orElseThrow();
        engine1.poll();
        scheduler1.runNext();
        engine1.saveIfDirty();
        // After it: job 1 observed, jobs 3 and 4 read and handed over; then the process dies before the next save.
        writeJobs(runner, 3, 5);
        engine1.poll();
        scheduler1.runNext();
        assertEquals(2.0, queueTimeCount(scrape(client1)), "two observed before the crash");
        engine1.close();
        String savedState = Files.readString(stateDir.resolve("state.json"), StandardCharsets.UTF_8);

        // Jobs written while it is down.
        writeJobs(runner, 5, 7);
        ManualScheduler scheduler2 = new ManualScheduler();
        QueueTimeFeature.Factory api2 = new QueueTimeFeature.Factory(
                restored -> client(config, clock, scheduler2, restored));
        ExporterEngine engine2 = engine(runner, stateDir, api2);
        GithubApiClient client2 = api2.client().orElseThrow();
        assertEquals(2, scheduler2.size(), "jobs 1 and 2 resumed from the state file: " + savedState);
        engine2.poll(); // jobs 3 to 6 read again after the saved offsets
        while (scheduler2.size() > 0) {
            scheduler2.runNext();
        }
        String scrape = scrape(client2);
        assertEquals(7.0, queueTimeCount(scrape), "each of the 7 jobs exactly once:\n" + scrape);
        assertEquals(7 * QUEUE_SECONDS, queueTimeSum(scrape));
        assertEquals(0, client2.lookups().pending());
        engine2.saveIfDirty();
        engine2.close();

        // A later start has nothing left to look up and the same figures.
        ManualScheduler scheduler3 = new ManualScheduler();
        QueueTimeFeature.Factory api3 = new QueueTimeFeature.Factory(
                restored -> client(config, clock, scheduler3, restored));
        ExporterEngine engine3 = engine(runner, stateDir, api3);
        GithubApiClient client3 = api3.client().orElseThrow();
        engine3.poll();
        assertEquals(0, scheduler3.size());
        assertEquals(queueFigures(scrape), queueFigures(scrape(client3)));
        engine3.close();
    }

    @Test
    void aMalformedQueueTimePartSetsTheFileAside() throws IOException {
        String valid = "{\"format\":1,\"runners\":{},\"apiQueueTime\":{\"format\":1,\"queueTime\":[],\"dropped\":{},"
                + "\"failed\":{},\"labels\":{\"seen\":{},\"overflow\":{}},\"pending\":[%s]}}";
        String lookup = "{\"runnerName\":\"runner-1\",\"runnerType\":\"standard\",\"repository\":\"%s\","
                + "\"runId\":\"29679449\",\"attempt\":\"1\",\"name\":\"build\",\"seenAt\":\"2026-11-22T12:00:00Z\","
                + "\"attempts\":1}";
        StateStore store = new StateStore(tmp, clock);
        QueueTimeFeature.Factory api = new QueueTimeFeature.Factory(restored -> client(config, clock,
                new ManualScheduler(), restored));
        Files.writeString(store.file(), String.format(valid, String.format(lookup, "octo-org/octo-repo")));
        // a whole part is taken
        api.check(FeatureJson.node(store.load().orElseThrow().features().get(QueueTimeFeature.STATE_KEY)));
        assertEquals(Map.of(), new PersistedState().features(), "files without it: nothing saved");

        for (String bad : List.of(
                String.format(valid, String.format(lookup, "../../user")), // would go into a request path
                String.format(valid, "null"),
                String.format(valid, "").replace("\"labels\":{\"seen\":{},\"overflow\":{}}", "\"labels\":null"),
                String.format(valid, "").replace("\"queueTime\":[]",
                        "\"queueTime\":[{\"key\":[\"runner-1\",\"standard\",\"none\",\"\",\"\"],"
                                + "\"histogram\":{\"buckets\":[1],\"sum\":3.0,\"count\":1}}]"))) {
            Files.writeString(store.file(), bad);
            RunnerDir runner = new RunnerDir(tmp.resolve("runner")).listenerStarts(T0, "2.333.1");
            engine(runner, tmp, api).close(); // the feature's check sets the whole file aside
            assertEquals(false, Files.exists(store.file()), bad);
            Path aside;
            try (Stream<Path> files = Files.list(tmp)) {
                aside = files.filter(f -> f.getFileName().toString().startsWith("state.json.unreadable-"))
                        .findFirst().orElseThrow();
            }
            assertArrayEquals(bad.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(aside), "set aside whole");
            Files.delete(aside);
        }
    }

    private ExporterEngine engine(RunnerDir runner, Path stateDir, QueueTimeFeature.Factory api) {
        return new ExporterEngine(List.of(new RunnerTarget("runner-1", "standard", runner.root(), runner.diag())),
                new ExporterEngine.Settings(4096, Duration.ofSeconds(3), Duration.ofMinutes(30),
                        JobLabelPolicy.none(), false, CacheTypeFile.shipped()),
                new StateStore(stateDir, clock), clock, List.of(api));
    }

    /** Job i: `build` in run 29679449 + i, a Worker log of its own 10 s apart. */
    private static void writeJobs(RunnerDir runner, int from, int to) {
        for (int i = from; i < to; i++) {
            runner.worker(T0.minusSeconds(90 - 10L * i), T0.minusSeconds(85 - 10L * i), "job-" + i, "build",
                    "octo-org/octo-repo", "Succeeded", Long.toString(29679449L + i), "1");
        }
    }

    private static String queueFigures(String scrape) {
        return scrape.lines().filter(l -> !l.contains("github_api_requests") && !l.contains("rate_limit_remaining"))
                .collect(Collectors.joining("\n"));
    }



}
