package dev.runnermetrics.exporter.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.exporter.config.RunnerDiscoverySettings;
import dev.runnermetrics.exporter.discovery.KubeletPods;
import dev.runnermetrics.exporter.metrics.RecordedSamples;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import dev.runnermetrics.exporter.state.StateStore;
import dev.runnermetrics.exporter.steps.CacheTypeFile;
import dev.runnermetrics.exporter.testing.RunnerDir;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node mode on a folder tree laid out as the kubelet lays it out: {@code <pods>/<pod-uid>/volumes/<kind>/<volume>},
 * the runner's {@code _diag} being the {@code runner-diag} emptyDir (mounted at {@code /home/runner/_diag} as in
 * deployment/kubernetes). Pods appear, run jobs and are deleted while the engine runs; the logs are the runner's own
 * format ({@link RunnerDir}).
 */
class NodeModeTest {

    private static final String VOLUME = "runner-diag";

    @TempDir
    Path tmp;

    private final Clock clock = Clock.systemUTC();
    private ExporterEngine engine;
    private PollLoop loop;
    private Thread thread;

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
            thread.join(5_000);
        }
        if (engine != null) {
            engine.close();
        }
    }

    private Path pods() {
        return tmp.resolve("kubelet/pods");
    }

    private ExporterEngine engine(String type) throws IOException {
        Files.createDirectories(pods());
        KubeletPods discovery = new KubeletPods(new RunnerDiscoverySettings(RunnerDiscoverySettings.Mode.KUBELET,
                pods().toRealPath(), VOLUME, type));
        return new ExporterEngine(discovery, new ExporterEngine.Settings(1 << 20, Duration.ofSeconds(3),
                Duration.ofMinutes(30), JobLabelPolicy.none(), true, CacheTypeFile.shipped()),
                new StateStore(tmp.resolve("state"), clock), clock, List.of());
    }

    /** A pod as the kubelet makes it: its folder, a service account token volume, and the runner-diag emptyDir. */
    private RunnerDir pod(String uid) throws IOException {
        Path pod = pods().resolve(uid);
        Path token = Files.createDirectories(pod.resolve("volumes/kubernetes.io~projected/kube-api-access-x2v7q"));
        Files.writeString(token.resolve("token"), "not-to-be-read");
        Files.createDirectories(pod.resolve("containers/runner"));
        Files.writeString(pod.resolve("etc-hosts"), "127.0.0.1 localhost\n");
        return RunnerDir.diagIn(pod.resolve("volumes/kubernetes.io~empty-dir").resolve(VOLUME));
    }

    /** One job from assignment to result, in both logs, as an ephemeral runner runs it. */
    private static void job(RunnerDir dir, Instant t, String id, String result) {
        dir.jobReceived(t, id, "build");
        dir.worker(t.plusSeconds(1), t.plusSeconds(20), id, "build", "acme/app",
                result);
        dir.jobFinished(t.plusSeconds(21), id, "build", result);
    }

    private static void deletePod(Path pod) throws IOException {
        try (Stream<Path> files = Files.walk(pod)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Jobs by runner type and result, as a Prometheus sum by (runner_type, result) sees them. */
    private Map<String, Long> jobsByType() {
        RecordedSamples samples = RecordedSamples.of(engine::expose);
        Map<String, Long> jobs = new TreeMap<>();
        samples.values().getOrDefault(Catalogue.JOBS, List.of()).forEach(v -> {
            if (v.value() > 0) {
                jobs.merge(v.labels().get("runner_type") + "/" + v.labels().get("result"), (long) v.value(),
                        Long::sum);
            }
        });
        return jobs;
    }

    private Set<String> runnersOnMetrics() {
        RecordedSamples samples = RecordedSamples.of(engine::expose);
        return samples.values().values().stream().flatMap(List::stream).map(v -> v.labels().get("runner_name"))
                .filter(n -> n != null).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyRunnerPodOnTheNodeIsReadByItsDiagVolumeAndNamedByItsUid() throws IOException {
        Instant t = clock.instant().minusSeconds(600);
        RunnerDir a = pod("0c3e5f4a-1111-4e7b-9a0b-000000000001").listenerStarts(t, "2.333.1");
        job(a, t.plusSeconds(10), "J1", "Succeeded");
        RunnerDir b = pod("0c3e5f4a-2222-4e7b-9a0b-000000000002").listenerStarts(t, "2.333.1");
        job(b, t.plusSeconds(10), "J2", "Failed");
        job(b, t.plusSeconds(60), "J3", "Succeeded");
        engine = engine("chrome");
        engine.poll();
        assertEquals(Set.of("0c3e5f4a-1111-4e7b-9a0b-000000000001", "0c3e5f4a-2222-4e7b-9a0b-000000000002"),
                runnersOnMetrics());
        assertEquals(Map.of("chrome/success", 2L, "chrome/failure", 1L), jobsByType());
        assertTrue(engine.notReadyReasons().isEmpty(), engine.notReadyReasons().toString());
    }

    @Test
    void onlyTheNamedVolumeIsReadNeitherAnotherVolumeNorALinkedOne() throws IOException {
        Instant t = clock.instant().minusSeconds(600);
        Path pod = pods().resolve("0c3e5f4a-3333-4e7b-9a0b-000000000003");
        // Logs in another emptyDir, and a runner-diag that is a link to them: neither is a runner.
        RunnerDir other = RunnerDir.diagIn(Files.createDirectories(
                pod.resolve("volumes/kubernetes.io~empty-dir/work"))).listenerStarts(t, "2.333.1");
        job(other, t.plusSeconds(10), "J9", "Succeeded");
        Files.createSymbolicLink(pod.resolve("volumes/kubernetes.io~empty-dir").resolve(VOLUME), other.diag());
        // A pod folder that is a link to a real pod's folder is no pod of the kubelet's.
        RunnerDir real = RunnerDir.diagIn(Files.createDirectories(
                tmp.resolve("elsewhere/volumes/kubernetes.io~empty-dir").resolve(VOLUME))).listenerStarts(t, "2.333.1");
        job(real, t.plusSeconds(10), "J8", "Succeeded");
        Files.createSymbolicLink(pods().resolve("0c3e5f4a-4444-4e7b-9a0b-000000000004"), tmp.resolve("elsewhere"));
        engine = engine("chrome");
        engine.poll();
        assertEquals(Set.of(), runnersOnMetrics());
        assertEquals(Map.of(), jobsByType());
    }

    @Test
    void podsThatComeAndGoAreAddedAndLetGoAndTheJobsOfThosePresentCountExactly() throws IOException {
        Instant t = clock.instant().minusSeconds(600);
        engine = engine("standard");
        engine.poll();
        assertEquals(Set.of(), runnersOnMetrics());

        RunnerDir a = pod("uid-a").listenerStarts(t, "2.333.1");
        job(a, t.plusSeconds(10), "A1", "Succeeded");
        engine.poll();
        assertEquals(Set.of("uid-a"), runnersOnMetrics());
        assertEquals(Map.of("standard/success", 1L), jobsByType());

        RunnerDir b = pod("uid-b").listenerStarts(t.plusSeconds(30), "2.333.1");
        engine.poll();
        job(b, t.plusSeconds(40), "B1", "Failed");
        engine.poll();
        assertEquals(Set.of("uid-a", "uid-b"), runnersOnMetrics());
        assertEquals(Map.of("standard/success", 1L, "standard/failure", 1L), jobsByType());

        // The kubelet removes the pod's folder once the pod is gone: its series go with it, its jobs stay counted.
        deletePod(pods().resolve("uid-a"));
        engine.poll();
        assertEquals(Set.of("uid-b"), runnersOnMetrics());
        assertEquals(Map.of("standard/success", 1L, "standard/failure", 1L), jobsByType());
        assertTrue(engine.notReadyReasons().isEmpty(), engine.notReadyReasons().toString());

        // Its part of the state file goes too: a restart neither restores nor re-reads it.
        engine.saveIfDirty();
        engine.close();
        engine = engine("standard");
        engine.poll();
        assertEquals(Set.of("uid-b"), runnersOnMetrics());
        assertEquals(Map.of("standard/success", 1L, "standard/failure", 1L), jobsByType(),
                "read on from the saved offsets, not again");
    }

    @Test
    void aNewPodIsFoundWithinTwoSecondsOfItsFirstLogLine() throws Exception {
        engine = engine("standard");
        FileEvents events = FileEvents.watch(FileSystems.getDefault(), engine::watchedFolders, true);
        loop = new PollLoop(engine, events, new PollSchedule(Duration.ofMillis(250), Duration.ofMillis(400),
                Duration.ofSeconds(60)), clock, Duration.ofSeconds(1), false);
        thread = new Thread(loop, "test-poller");
        thread.setDaemon(true);
        thread.start();
        await(() -> loop.lastPollMillis() > 0, Duration.ofSeconds(10));
        Thread.sleep(1_500); // at rest: the next safety poll is a minute away

        // The kubelet makes the pod's folders one after the other; the runner writes its first line later.
        RunnerDir pod = pod("uid-new");
        Thread.sleep(1_000);
        Instant t = clock.instant();
        pod.listenerStarts(t, "2.333.1");
        long start = System.nanoTime();
        await(() -> runnersOnMetrics().contains("uid-new")
                && RunnerFigures.of(engine).stream().anyMatch(r -> r.name().equals("uid-new")
                        && Boolean.TRUE.equals(r.online())), Duration.ofSeconds(10));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "found in " + took);

        // A job it finishes is read on its events too, and the pod's deletion lets it go.
        job(pod, t.plusSeconds(1), "N1", "Succeeded");
        await(() -> jobsByType().equals(Map.of("standard/success", 1L)), Duration.ofSeconds(5));
        deletePod(pods().resolve("uid-new"));
        await(() -> runnersOnMetrics().isEmpty(), Duration.ofSeconds(2));
    }

    private static void await(BooleanSupplier condition, Duration max) throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > max.toNanos()) {
                throw new AssertionError("not within " + max);
            }
            Thread.sleep(10);
        }
    }
}
