package dev.runnermetrics.exporter.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.discovery.FakeKubernetesApi;
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

/**
 * The start in node mode: the discovery is wired, no runner at first is no hub, with the Kubernetes API the pods are
 * named by it.
 */
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
    void withTheKubernetesApiTheRunnerPodsAreNamedTypedAndPlacedByTheApi() throws Exception {
        Path pods = Files.createDirectories(tmp.resolve("pods"));
        String uid = "5b0f2c1e-7d4a-4c59-9f0e-3a1c2b4d5e6f";
        RunnerDir.diagIn(Files.createDirectories(pods.resolve(uid + "/volumes/kubernetes.io~empty-dir/runner-diag")))
                .listenerStarts(Instant.now(), "2.333.1");
        try (FakeKubernetesApi api = new FakeKubernetesApi()) {
            api.list(FakeKubernetesApi.json(FakeKubernetesApi.podList("1000",
                    FakeKubernetesApi.pod(uid, "runner-7x2kq", "ci", "go", "990"))));
            ExporterLifecycle lifecycle = lifecycle("runner-discovery", "kubelet", "kubelet-pods-dir",
                    pods.toString(), "runner-type", "chrome", "state-dir", tmp.resolve("state").toString(),
                    "kubernetes-api", "on", "node-name", "node-1", "kubernetes-api-url", api.url().toString(),
                    "kubernetes-token-file", tmp.resolve("no-token").toString());
            lifecycle.onStart(null);
            try {
                // The first list is waited for at start, so the pod there is named at once.
                assertEquals(List.of(new RunnerTarget("runner-7x2kq", "go", pods.resolve(uid).resolve(
                        "volumes/kubernetes.io~empty-dir").toRealPath(), pods.resolve(uid).resolve(
                        "volumes/kubernetes.io~empty-dir/runner-diag").toRealPath(), uid, "ci")),
                        lifecycle.engine().runners());
                assertEquals("fieldSelector=spec.nodeName=node-1", api.requests().get(0).query());
            } finally {
                lifecycle.onStop(null);
            }
        }
    }
}
