package dev.runnermetrics.exporter.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.config.InvalidConfigException;
import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.testing.Configs;
import dev.runnermetrics.exporter.testing.RunnerDir;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start in node mode: the discovery is wired, no runner at first is no hub, the Kubernetes API is refused. */
class NodeModeLifecycleTest {

    @TempDir
    Path tmp;

    private ExporterLifecycle lifecycle(String... keyValues) {
        return new ExporterLifecycle(Configs.of(keyValues), FileSystems.getDefault(), Clock.systemUTC(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    @Test
    void withKubeletDiscoveryTheRunnerPodsOfTheNodeAreWatchedAsTheyAppear() throws Exception {
        Path pods = Files.createDirectories(tmp.resolve("pods"));
        ExporterLifecycle lifecycle = lifecycle("runner-discovery", "kubelet", "kubelet-pods-dir", pods.toString(),
                "runner-type", "chrome", "state-dir", tmp.resolve("state").toString());
        lifecycle.onStart(null);
        try {
            assertTrue(lifecycle.watchesRunners(), "no pod yet is a node without runners, not a hub");
            assertEquals(List.of(), lifecycle.engine().runners());
            RunnerDir.diagIn(Files.createDirectories(pods.resolve("uid-1/volumes/kubernetes.io~empty-dir/runner-diag")))
                    .listenerStarts(Instant.now(), "2.333.1");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (lifecycle.engine().runners().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<RunnerTarget> runners = lifecycle.engine().runners();
            assertEquals(1, runners.size());
            assertEquals("uid-1", runners.get(0).name());
            assertEquals("chrome", runners.get(0).type());
        } finally {
            lifecycle.onStop(null);
        }
    }

    @Test
    void theKubernetesApiIsRefusedAtStartNamingTheSetting() {
        ExporterLifecycle lifecycle = lifecycle("runner-discovery", "kubelet", "kubernetes-api", "on",
                "state-dir", tmp.resolve("state").toString());
        String message = assertThrows(InvalidConfigException.class, () -> lifecycle.onStart(null)).getMessage();
        assertTrue(message.startsWith("runner-metrics.kubernetes-api (KUBERNETES_API) is on"), message);
    }
}
