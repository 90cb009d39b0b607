package dev.runnermetrics.exporter.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.exporter.config.RunnerDiscoverySettings;
import dev.runnermetrics.exporter.discovery.KubeletPods;
import dev.runnermetrics.exporter.metrics.RecordedSamples;
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
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node mode with node-series-per-runner: a pod within the cap has its job counts under its own name, the next ones
 * in their type's (counted as overflow); a gone pod's own series stay for their grace and then leave without joining
 * the type's, which frees its place; forms survive a restart.
 */
class NodeModePerPodSeriesTest {

    private static final String VOLUME = "runner-diag";
    private static final String OTHERS = "(type)";

    @TempDir
    Path tmp;

    private Instant now = Instant.now();
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private ExporterEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void podsWithinTheCapAreWrittenUnderTheirNameAndLeaveAfterTheirGraceWithoutJoiningTheirType() throws Exception {
        engine = engine();
        Instant t = now.minus(Duration.ofHours(1));
        pod("a", t);
        pod("b", t);
        engine.poll();
        assertEquals(Map.of("a", 1L, OTHERS, 1L), jobsByName(), "a within the cap of 1, b in its type's");
        assertEquals(1, runnerNameOverflow());

        deleteTree(pods().resolve("a"));
        engine.poll();
        assertEquals(Map.of("a", 1L, OTHERS, 1L), jobsByName(), "a's series stay for their grace");
        now = now.plus(RunnerTypeTotals.GONE_GRACE);
        assertEquals(Map.of(OTHERS, 1L), jobsByName(), "then leave, never added to the type's");

        pod("c", t);
        engine.poll();
        assertEquals(Map.of("c", 1L, OTHERS, 1L), jobsByName(), "a's place is free again");
        assertEquals(1, runnerNameOverflow());

        engine.saveIfDirty();
        engine.close();
        engine = engine();
        engine.poll();
        assertEquals(Map.of("c", 1L, OTHERS, 1L), jobsByName(), "each pod keeps its form across a restart");
        assertEquals(1, runnerNameOverflow(), "and is counted once");
    }

    private ExporterEngine engine() throws IOException {
        Files.createDirectories(pods());
        KubeletPods discovery = new KubeletPods(new RunnerDiscoverySettings(RunnerDiscoverySettings.Mode.KUBELET,
                pods().toRealPath(), VOLUME, "standard"));
        return new ExporterEngine(discovery, new ExporterEngine.Settings(1 << 20, Duration.ofSeconds(3),
                Duration.ofMinutes(30), JobLabelPolicy.none(), true, CacheTypeFile.shipped(), 1),
                new StateStore(tmp.resolve("state"), clock), clock, List.of());
    }

    private Path pods() {
        return tmp.resolve("kubelet/pods");
    }

    /** A pod that started and finished one successful job. */
    private void pod(String uid, Instant t) throws IOException {
        RunnerDir dir = RunnerDir.diagIn(Files.createDirectories(
                pods().resolve(uid).resolve("volumes/kubernetes.io~empty-dir").resolve(VOLUME)));
        dir.listenerStarts(t, "2.333.1");
        String id = uid + "-J1";
        dir.jobReceived(t.plusSeconds(5), id, "build");
        dir.worker(t.plusSeconds(6), t.plusSeconds(25), id, "build", "acme/app", "Succeeded");
        dir.jobFinished(t.plusSeconds(26), id, "build", "Succeeded");
    }

    /** Jobs by the runner_name of their series, those without one under {@link #OTHERS}. */
    private Map<String, Long> jobsByName() {
        Map<String, Long> jobs = new TreeMap<>();
        RecordedSamples.of(engine::expose).values().getOrDefault(Catalogue.JOBS, List.of()).forEach(v -> {
            if (v.value() > 0) {
                jobs.merge(v.labels().getOrDefault("runner_name", OTHERS), (long) v.value(), Long::sum);
            }
        });
        return jobs;
    }

    private long runnerNameOverflow() {
        return (long) RecordedSamples.of(engine::expose).values().getOrDefault(Catalogue.LABEL_OVERFLOW, List.of())
                .stream().filter(v -> "runner_name".equals(v.labels().get("label"))).mapToDouble(v -> v.value())
                .sum();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
