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
import dev.runnermetrics.exporter.tail.DiagTailer;
import dev.runnermetrics.exporter.testing.OpenFiles;
import dev.runnermetrics.exporter.testing.RunnerDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node mode when the kubelet deletes a pod's folder (rm -rf) right after its runner's last lines, before the exporter
 * read them, or in the middle of a job: real files, real deletion, the exporter restarted or crashed (its objects
 * dropped unsaved, as a kill -9 leaves them) in between. Each job is counted exactly once, with its result when its
 * logs told it, and no descriptor stays open on a pod let go ({@code /proc/self/fd}).
 */
class NodeModeDeletionTest {

    private static final String VOLUME = "runner-diag";

    @TempDir
    Path tmp;

    private final Clock clock = Clock.systemUTC();
    private final Instant t = clock.instant().minusSeconds(600);
    private ExporterEngine engine;
    private final Map<String, RunnerDir> runners = new TreeMap<>();

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    private Path pods() {
        return tmp.resolve("kubelet/pods");
    }

    private ExporterEngine engine() throws IOException {
        Files.createDirectories(pods());
        KubeletPods discovery = new KubeletPods(new RunnerDiscoverySettings(RunnerDiscoverySettings.Mode.KUBELET,
                pods().toRealPath(), VOLUME, "standard"));
        return new ExporterEngine(discovery, new ExporterEngine.Settings(1 << 20, Duration.ofSeconds(3),
                Duration.ofMinutes(30), JobLabelPolicy.none(), true, CacheTypeFile.shipped()),
                new StateStore(tmp.resolve("state"), clock), clock, List.of());
    }

    /** A kill -9: nothing saved, the descriptors closed by the kernel. */
    private ExporterEngine crashAndStart() throws IOException {
        engine.close();
        return engine();
    }

    private ExporterEngine restart() throws IOException {
        engine.saveIfDirty();
        assertEquals(0, engine.saveFailures());
        engine.close();
        return engine();
    }

    private RunnerDir pod(String uid) throws IOException {
        return RunnerDir.diagIn(Files.createDirectories(
                pods().resolve(uid).resolve("volumes/kubernetes.io~empty-dir").resolve(VOLUME)));
    }

    /** A pod whose runner took job {@code id} and runs it: its listener's lines and the start of its Worker log. */
    private Path podRunning(String uid, String id) throws IOException {
        RunnerDir dir = pod(uid).listenerStarts(t, "2.333.1");
        runners.put(uid, dir);
        dir.jobReceived(t.plusSeconds(10), id, "build");
        return dir.worker(t.plusSeconds(11), null, id, "build", "acme/app", "Succeeded");
    }

    /** The job's last lines: the Worker log's result, then the listener's. */
    private void jobEnds(String uid, Path worker, String id, String result) throws IOException {
        Instant end = t.plusSeconds(40);
        Files.writeString(worker, "[" + RunnerDir.stamp(end) + " INFO JobRunner] Job result after all job steps "
                + "finish: " + result + "\n[" + RunnerDir.stamp(end) + " INFO Worker] Job completed.\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        runners.get(uid).jobFinished(end.plusSeconds(1), id, "build", result);
    }

    private void deletePod(String uid) throws IOException {
        try (Stream<Path> files = Files.walk(pods().resolve(uid))) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Map<String, Long> jobsByResult() {
        RecordedSamples samples = RecordedSamples.of(engine::expose);
        Map<String, Long> jobs = new TreeMap<>();
        samples.values().getOrDefault(Catalogue.JOBS, List.of()).forEach(v -> {
            if (v.value() > 0) {
                jobs.merge(v.labels().get("result"), (long) v.value(), Long::sum);
            }
        });
        return jobs;
    }

    private long durations() {
        return RecordedSamples.of(engine::expose).histograms().getOrDefault(Catalogue.JOB_DURATION, List.of())
                .stream().mapToLong(RecordedSamples.Buckets::count).sum();
    }

    @Test
    void aJobWhoseLastLinesComeJustBeforeThePodIsDeletedIsCountedWithItsResult() throws IOException {
        engine = engine();
        Path worker = podRunning("uid-a", "A1");
        engine.poll();
        assertEquals(Map.of(), jobsByResult(), "running");
        assertEquals(2, OpenFiles.under(pods()), "its Runner_ log and its job's Worker_ log are held");
        jobEnds("uid-a", worker, "A1", "Failed");
        deletePod("uid-a");
        engine.poll();
        assertEquals(Map.of("failure", 1L), jobsByResult());
        assertEquals(1, durations(), "with its duration: its start and end lines were read");
        assertEquals(0, OpenFiles.under(pods()), "every descriptor closed once the pod is let go");
        engine = restart();
        engine.poll();
        assertEquals(Map.of("failure", 1L), jobsByResult(), "once, after a restart");
    }

    @Test
    void aPodDeletedInTheMiddleOfAJobHasThatJobCountedAsAbandonedOnce() throws IOException {
        engine = engine();
        podRunning("uid-b", "B1");
        engine.poll();
        deletePod("uid-b"); // drained, evicted, out of memory: no result line will ever come
        engine.poll();
        assertEquals(Map.of("abandoned", 1L), jobsByResult());
        assertEquals(0, OpenFiles.under(pods()));
        engine = restart();
        engine.poll();
        assertEquals(Map.of("abandoned", 1L), jobsByResult(), "not open forever, not counted twice");
    }

    @Test
    void aPodDeletedMidJobWhileTheExporterWasDownHasThatJobCountedAsAbandonedOnce() throws IOException {
        engine = engine();
        Path worker = podRunning("uid-c", "C1");
        engine.poll();
        engine = restart(); // saved with its job open
        engine.close();
        jobEnds("uid-c", worker, "C1", "Succeeded"); // written and deleted while nothing read them
        deletePod("uid-c");
        engine = engine();
        engine.poll();
        assertEquals(Map.of("abandoned", 1L), jobsByResult(), "its result went with the pod: counted, once");
        engine = restart();
        engine.poll();
        assertEquals(Map.of("abandoned", 1L), jobsByResult());
    }

    @Test
    void aCrashAfterThePodWasLetGoButBeforeTheSaveStillCountsItsLastJobOnce() throws IOException {
        engine = engine();
        Path worker = podRunning("uid-d", "D1");
        engine.poll();
        engine.saveIfDirty(); // saved while its job runs
        jobEnds("uid-d", worker, "D1", "Succeeded");
        deletePod("uid-d");
        engine.poll();
        assertEquals(Map.of("success", 1L), jobsByResult(), "read from the held files");
        engine = crashAndStart(); // the save that would have let it go never happened
        engine.poll();
        assertEquals(Map.of("abandoned", 1L), jobsByResult(),
                "the state file has it open and its logs are gone: counted once, as abandoned");
    }

    @Test
    void aCrashAfterTheSaveThatLetThePodGoKeepsItsLastJobsResult() throws IOException {
        engine = engine();
        Path worker = podRunning("uid-e", "E1");
        engine.poll();
        jobEnds("uid-e", worker, "E1", "Canceled");
        deletePod("uid-e");
        engine.poll();
        engine.saveIfDirty();
        engine = crashAndStart();
        engine.poll();
        assertEquals(Map.of("cancelled", 1L), jobsByResult());
    }

    @Test
    void fiftyPodsHoldAtMostTwoFilesEachAndNoneOnceLetGo() throws IOException {
        engine = engine();
        for (int i = 0; i < 50; i++) {
            RunnerDir dir = pod("uid-" + i).listenerStarts(t, "2.333.1");
            for (int j = 0; j < 3; j++) { // finished jobs: their Worker logs are not held
                Instant at = t.plusSeconds(10 + 30L * j);
                String id = "P" + i + "-" + j;
                dir.jobReceived(at, id, "build");
                dir.worker(at.plusSeconds(1), at.plusSeconds(20), id, "build", "acme/app", "Succeeded");
                dir.jobFinished(at.plusSeconds(21), id, "build", "Succeeded");
            }
            dir.jobReceived(t.plusSeconds(200), "P" + i + "-run", "build");
            dir.worker(t.plusSeconds(201), null, "P" + i + "-run", "build", "acme/app", "Succeeded");
        }
        engine.poll();
        assertEquals(Map.of("success", 150L), jobsByResult());
        long held = OpenFiles.under(pods());
        assertTrue(held <= 50L * DiagTailer.HELD_PER_RUNNER, held + " descriptors held");
        assertEquals(100, held, "each pod's Runner_ log and its running job's Worker_ log");
        for (int i = 0; i < 50; i++) {
            deletePod("uid-" + i);
        }
        engine.poll();
        assertEquals(Map.of("success", 150L, "abandoned", 50L), jobsByResult());
        assertEquals(0, OpenFiles.under(pods()));
    }
}
