package dev.runnermetrics.exporter.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.exporter.config.RunnerDiscoverySettings;
import dev.runnermetrics.exporter.discovery.KubeletPods;
import dev.runnermetrics.exporter.feature.JobFeature;
import dev.runnermetrics.exporter.metrics.RecordedSamples;
import dev.runnermetrics.exporter.metrics.Samples;
import dev.runnermetrics.exporter.metrics.SeriesKey;
import dev.runnermetrics.exporter.model.JobEnd;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import dev.runnermetrics.exporter.state.StateStore;
import dev.runnermetrics.exporter.steps.CacheTypeFile;
import dev.runnermetrics.exporter.testing.RunnerDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node mode's counters per runner type against a model: pods appear, finish jobs and are deleted in random orders,
 * and the exporter saves, crashes (its objects dropped unsaved, as a kill -9 leaves them) or restarts between any two
 * steps. The per-type job counts must equal what the model says the exporter could know: every job of a pod that
 * still exists, and of a deleted pod what the last state file held of it (a pod deleted and gone before a save that
 * followed its last job took those jobs' logs with it). A failure prints its seed; {@code -Dnode.seed=N} replays it;
 * {@code -Dnode.runs=N} runs N scenarios (default 3).
 *
 * <p>A job feature that keeps a series per runner ({@link JobsPerRunner}, a test double of what the REST API's queue
 * time does) rides along: its counter and histogram must add up per type to the same counts, with a gone pod's
 * share folded into its type's (saved in the same write) and no series left of a pod that was let go.
 */
class NodeModeTotalsTest {

    private static final String VOLUME = "runner-diag";
    private static final String TYPE = "standard";
    private static final List<String> RESULTS = List.of("Succeeded", "Failed", "Canceled");

    @TempDir
    Path tmp;

    private final Clock clock = Clock.systemUTC();
    private ExporterEngine engine;
    /** The feature the engine restored last. */
    private JobsPerRunner feature;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    /** A pod in the model: its jobs by result, and what the exporter has of it. */
    private static final class Pod {
        final String uid;
        final RunnerDir dir;
        final Map<String, Long> written = new TreeMap<>();
        Map<String, Long> read = Map.of();
        /** Deleted, and the exporter has not looked since. */
        boolean deletedUnseen;
        /** Let go: what the exporter keeps of it in its type's totals (per-pod: its last series, in their grace). */
        Map<String, Long> folded;
        /** What the last state file held of it: as a runner (its counts), or in the totals; null if neither. */
        Map<String, Long> savedAsRunner;
        Map<String, Long> savedFolded;
        /** Whether it is written per pod (node-series-per-runner), as the exporter showed; null until seen. */
        Boolean perPod;
        /** Its form as the last state file saved it. */
        Boolean savedPerPod;
        Instant next;

        Pod(String uid, RunnerDir dir, Instant start) {
            this.uid = uid;
            this.dir = dir;
            this.next = start;
        }
    }

    /** Pods written per pod at once in the opt-in scenarios: few, so the cap is reached and overflows. */
    private static final int CAP = 3;
    /** node-series-per-runner of the scenario running. */
    private int cap;

    @Test
    void perTypeJobCountsEqualTheJobsWrittenWhateverOrderPodsComeFinishGoAndTheExporterCrashes() throws Exception {
        scenarios(0);
    }

    /**
     * With per-pod series opted in, each job is in one series, per pod or per type, so the sum by type is every job
     * the exporter shows; a pod keeps its form for its life, at most {@link #CAP} pods are written per pod at once,
     * and the overflow counter counts the others.
     */
    @Test
    void withPerPodSeriesEachJobIsInOneSeriesAndAPodKeepsItsFormForItsLife() throws Exception {
        scenarios(CAP);
    }

    private void scenarios(int cap) throws Exception {
        this.cap = cap;
        long seed = Long.getLong("node.seed", System.nanoTime());
        for (int run = 0; run < Integer.getInteger("node.runs", 3); run++) {
            long s = seed + run;
            try {
                scenario(s, 150);
            } catch (AssertionError | Exception e) {
                throw new AssertionError("seed " + s + " (replay with -Dnode.seed=" + s + "): " + e.getMessage(), e);
            }
        }
    }

    private void scenario(long seed, int steps) throws Exception {
        System.out.println("NodeModeTotalsTest: seed " + seed + ", node-series-per-runner " + cap);
        Random random = new Random(seed);
        Path root = Files.createDirectories(tmp.resolve("run-" + seed));
        Path pods = Files.createDirectories(root.resolve("pods"));
        Path state = root.resolve("state");
        List<Pod> all = new ArrayList<>();
        Instant t0 = clock.instant().minus(Duration.ofHours(1));
        engine = engine(pods, state);
        int crashes = 0;
        for (int step = 0; step < steps; step++) {
            List<Pod> live = all.stream().filter(p -> !p.deletedUnseen && p.folded == null).toList();
            int op = random.nextInt(10);
            // A pod appears; the first cap + 1 at once, so that every scenario with a cap reaches it.
            if (op == 0 || live.isEmpty() || cap > 0 && all.size() <= cap) {
                String uid = "uid-" + seed + "-" + all.size();
                Instant start = t0.plusSeconds(all.size() * 10L);
                RunnerDir dir = RunnerDir.diagIn(Files.createDirectories(
                        pods.resolve(uid).resolve("volumes/kubernetes.io~empty-dir").resolve(VOLUME)));
                dir.listenerStarts(start, "2.333.1");
                all.add(new Pod(uid, dir, start.plusSeconds(5)));
            } else if (op <= 3) { // a live pod finishes a job
                Pod pod = live.get(random.nextInt(live.size()));
                String result = RESULTS.get(random.nextInt(RESULTS.size()));
                String id = pod.uid + "-J" + pod.written.values().stream().mapToLong(Long::longValue).sum();
                pod.dir.jobReceived(pod.next, id, "build");
                pod.dir.worker(pod.next.plusSeconds(1), pod.next.plusSeconds(20), id, "build", "acme/app", result);
                pod.dir.jobFinished(pod.next.plusSeconds(21), id, "build", result);
                pod.next = pod.next.plusSeconds(30);
                pod.written.merge(label(result), 1L, Long::sum);
            } else if (op <= 5) {
                poll(all);
            } else if (op == 6) {
                save(all);
            } else if (op == 7) { // the kubelet deletes a pod the exporter has read to its end
                poll(all);
                Pod pod = live.get(random.nextInt(live.size()));
                deleteTree(pods.resolve(pod.uid));
                pod.deletedUnseen = true;
            } else if (op == 8) { // kill -9: nothing saved on the way out
                engine.close();
                crash(all);
                crashes++;
                engine = engine(pods, state);
            } else { // a graceful restart
                save(all);
                engine.close();
                crash(all); // nothing lost but what is not saved: gone pods' own series in their grace
                engine = engine(pods, state);
            }
        }
        poll(all);
        assertEquals(expected(all), jobsByType(), "after the last step");
        save(all);
        engine.close();
        crash(all);
        engine = engine(pods, state);
        poll(all);
        assertEquals(expected(all), jobsByType(), "after a restart at the end");
        if (cap > 0) {
            assertTrue(all.stream().anyMatch(p -> Boolean.TRUE.equals(p.perPod)), "some pods were written per pod");
            assertTrue(all.stream().anyMatch(p -> Boolean.FALSE.equals(p.perPod)), "the cap was reached");
        }
        assertEquals(expected(all).values().stream().mapToLong(Long::longValue).sum(), durationsCounted(),
                "every job counted has its duration in the type's histogram");
        long writtenTotal = all.stream().flatMap(p -> p.written.values().stream()).mapToLong(Long::longValue).sum();
        System.out.printf("NodeModeTotalsTest: seed %d: %d pods, %d jobs written, %d counted, %d crashes%n", seed,
                all.size(), writtenTotal, expected(all).values().stream().mapToLong(Long::longValue).sum(), crashes);
        assertTrue(writtenTotal > 0, "the scenario wrote jobs");
        engine.close();
        engine = null;
    }

    private ExporterEngine engine(Path pods, Path state) throws IOException {
        KubeletPods discovery = new KubeletPods(new RunnerDiscoverySettings(RunnerDiscoverySettings.Mode.KUBELET,
                pods.toRealPath(), VOLUME, TYPE));
        return new ExporterEngine(discovery, new ExporterEngine.Settings(1 << 20, Duration.ofSeconds(3),
                Duration.ofMinutes(30), JobLabelPolicy.none(), true, CacheTypeFile.shipped(), cap),
                new StateStore(state, clock), clock, List.of(new JobsPerRunner.Factory(f -> feature = f)));
    }

    /** A read: live pods are read to their end, deleted ones let go (what was read of them kept). */
    private void poll(List<Pod> all) {
        engine.poll();
        for (Pod pod : all) {
            if (pod.deletedUnseen) {
                pod.deletedUnseen = false;
                pod.folded = pod.read;
            } else if (pod.folded == null) {
                pod.read = Map.copyOf(pod.written);
            }
        }
        Set<String> ownSeries = podsWithOwnSeries();
        for (Pod pod : all) {
            if (pod.folded == null) {
                boolean own = ownSeries.contains(pod.uid);
                if (pod.perPod == null) {
                    pod.perPod = own;
                } else {
                    assertEquals(pod.perPod, own, pod.uid + " keeps its form");
                }
            }
        }
        assertTrue(ownSeries.size() <= cap, "at most the cap written per pod: " + ownSeries);
        assertEquals(all.stream().filter(p -> Boolean.FALSE.equals(p.perPod)).count() * (cap > 0 ? 1 : 0),
                runnerNameOverflow(), "the overflow counter counts the pods written per type for the cap");
        assertEquals(expected(all), jobsByType(), "after a read");
        if (cap == 0) { // per pod, a gone pod's jobs leave with its series; the feature's stay in the type's
            assertEquals(expected(all), featureJobsByType(), "the feature's, after a read");
        }
        Set<String> letGo = new TreeSet<>();
        all.stream().filter(p -> p.folded != null).forEach(p -> letGo.add(p.uid));
        letGo.retainAll(feature.runnerNames());
        assertEquals(Set.of(), letGo, "the feature keeps no series of a pod let go");
    }

    private void save(List<Pod> all) {
        engine.saveIfDirty();
        assertEquals(0, engine.saveFailures());
        for (Pod pod : all) {
            pod.savedAsRunner = pod.folded == null ? pod.read : null;
            pod.savedFolded = pod.folded;
            pod.savedPerPod = pod.perPod;
        }
    }

    /**
     * What a start from the last state file has of each pod: a live one is back at what was saved of it until the
     * next read (a save before that read writes no more of it), one deleted since is folded as saved; one written per
     * pod that is gone has nothing left (its series ended with the process), and a form not saved is decided again.
     */
    private static void crash(List<Pod> all) {
        for (Pod pod : all) {
            pod.perPod = pod.savedPerPod;
            if (!pod.deletedUnseen && pod.folded == null) {
                pod.read = pod.savedAsRunner != null ? pod.savedAsRunner : Map.of();
            }
            if (pod.deletedUnseen || pod.folded != null) {
                pod.deletedUnseen = false;
                pod.folded = Boolean.TRUE.equals(pod.savedPerPod) ? Map.of()
                        : pod.savedFolded != null ? pod.savedFolded
                        : pod.savedAsRunner != null ? pod.savedAsRunner : Map.of();
            }
        }
    }

    private static Map<String, Long> expected(List<Pod> all) {
        Map<String, Long> jobs = new TreeMap<>();
        for (Pod pod : all) {
            Map<String, Long> counted = pod.folded != null ? pod.folded : pod.read;
            counted.forEach((result, n) -> {
                if (n > 0) {
                    jobs.merge(TYPE + "/" + result, n, Long::sum);
                }
            });
        }
        return jobs;
    }

    private Map<String, Long> jobsByType() {
        RecordedSamples samples = RecordedSamples.of(engine::expose);
        Map<String, Long> jobs = new TreeMap<>();
        samples.values().getOrDefault(Catalogue.JOBS, List.of()).forEach(v -> {
            if (cap == 0) {
                assertFalse(v.labels().containsKey("runner_name"), "job counts are per type: " + v.labels());
            }
            if (v.value() > 0) {
                jobs.merge(v.labels().get("runner_type") + "/" + v.labels().get("result"), (long) v.value(),
                        Long::sum);
            }
        });
        return jobs;
    }

    /** The pods whose job counts are written with their name. */
    private Set<String> podsWithOwnSeries() {
        Set<String> pods = new TreeSet<>();
        RecordedSamples.of(engine::expose).values().getOrDefault(Catalogue.JOBS, List.of()).forEach(v -> {
            if (v.labels().containsKey("runner_name")) {
                pods.add(v.labels().get("runner_name"));
            }
        });
        return pods;
    }

    private long runnerNameOverflow() {
        return (long) RecordedSamples.of(engine::expose).values().getOrDefault(Catalogue.LABEL_OVERFLOW, List.of())
                .stream().filter(v -> "runner_name".equals(v.labels().get("label"))).mapToDouble(v -> v.value())
                .sum();
    }

    /** The feature's counter per type and result, checked against its histogram of the same jobs. */
    private Map<String, Long> featureJobsByType() {
        RecordedSamples samples = RecordedSamples.of(engine::expose);
        Map<String, Long> jobs = new TreeMap<>();
        samples.values().getOrDefault(Catalogue.WORKFLOW_JOBS_COMPLETED, List.of()).forEach(v -> {
            assertFalse(v.labels().containsKey("runner_name"), "a feature's counter is per type: " + v.labels());
            jobs.merge(v.labels().get("runner_type") + "/" + v.labels().get("conclusion"), (long) v.value(),
                    Long::sum);
        });
        Map<String, Long> observed = new TreeMap<>();
        samples.histograms().getOrDefault(Catalogue.QUEUE_TIME, List.of()).forEach(h -> {
            assertFalse(h.labels().containsKey("runner_name"), "a feature's histogram is per type: " + h.labels());
            observed.merge(h.labels().get("runner_type"), h.count(), Long::sum);
        });
        Map<String, Long> perType = new TreeMap<>();
        jobs.forEach((key, n) -> perType.merge(key.substring(0, key.indexOf('/')), n, Long::sum));
        assertEquals(perType, observed, "the feature's histogram counts its jobs");
        return jobs;
    }

    /**
     * A job feature with a series per runner: each job counted once in a counter and a histogram by runner, result
     * and type, kept in its part of the state file; a runner gone for good is folded into its type's (runner_name
     * "", which node mode does not write).
     */
    static final class JobsPerRunner implements JobFeature {

        private static final String KEY = "jobs-per-runner";
        private final Map<String, Long> counts = new TreeMap<>();
        private long changes;

        record Factory(java.util.function.Consumer<JobsPerRunner> restored) implements JobFeature.Factory {
            @Override
            public String stateKey() {
                return KEY;
            }

            @Override
            public void check(JsonNode saved) {
            }

            @Override
            public JobFeature restore(JsonNode saved) {
                JobsPerRunner feature = new JobsPerRunner();
                if (saved != null) {
                    saved.fields().forEachRemaining(e -> feature.counts.put(e.getKey(), e.getValue().asLong()));
                }
                restored.accept(feature);
                return feature;
            }
        }

        @Override
        public String stateKey() {
            return KEY;
        }

        @Override
        public void jobEnded(String runnerName, String runnerType, JobEnd job) {
            counts.merge(SeriesKey.of(runnerName, runnerType, job.result().label()).text(), 1L, Long::sum);
            changes++;
        }

        @Override
        public void runnerGone(String runnerName, String runnerType) {
            new TreeMap<>(counts).forEach((text, n) -> {
                List<String> key = SeriesKey.parse(text).values();
                if (key.get(0).equals(runnerName) && key.get(1).equals(runnerType)) {
                    counts.remove(text);
                    counts.merge(SeriesKey.of("", runnerType, key.get(2)).text(), n, Long::sum);
                    changes++;
                }
            });
        }

        @Override
        public Object state() {
            return new TreeMap<>(counts);
        }

        @Override
        public long changes() {
            return changes;
        }

        @Override
        public void expose(Samples samples) {
            counts.forEach((text, n) -> {
                List<String> key = SeriesKey.parse(text).values();
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("runner_name", key.get(0));
                labels.put("runner_type", key.get(1));
                labels.put("runner_group", "none");
                samples.value(Catalogue.WORKFLOW_JOBS_COMPLETED, withConclusion(labels, key.get(2)), n);
                long[] buckets = new long[Catalogue.QUEUE_TIME.buckets().size() + 1];
                buckets[0] = n; // every job observed as 1 s
                samples.histogram(Catalogue.QUEUE_TIME, labels, buckets, n, n);
            });
        }

        Set<String> runnerNames() {
            Set<String> names = new TreeSet<>();
            counts.keySet().forEach(text -> names.add(SeriesKey.parse(text).values().get(0)));
            return names;
        }

        private static Map<String, String> withConclusion(Map<String, String> labels, String conclusion) {
            Map<String, String> all = new LinkedHashMap<>(labels);
            all.put("conclusion", conclusion);
            return all;
        }
    }

    private long durationsCounted() {
        RecordedSamples samples = RecordedSamples.of(engine::expose);
        return samples.histograms().getOrDefault(Catalogue.JOB_DURATION, List.of()).stream()
                .mapToLong(RecordedSamples.Buckets::count).sum();
    }

    private static String label(String result) {
        return switch (result) {
            case "Succeeded" -> "success";
            case "Failed" -> "failure";
            default -> "cancelled";
        };
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
