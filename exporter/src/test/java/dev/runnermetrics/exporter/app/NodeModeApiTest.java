package dev.runnermetrics.exporter.app;

import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.event;
import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.eventsThenBreak;
import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.json;
import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.pod;
import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.podList;
import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.exporter.config.RunnerDiscoverySettings;
import dev.runnermetrics.exporter.discovery.FakeKubernetesApi;
import dev.runnermetrics.exporter.discovery.KubeletPods;
import dev.runnermetrics.exporter.discovery.KubernetesPods;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node mode with the Kubernetes API, answered over real HTTP ({@link FakeKubernetesApi}): runners are named by pod
 * name, typed by the pod's {@code runner-metrics/type} label (else RUNNER_TYPE), and carry the pod's namespace as
 * {@code runner_namespace}; counters and histograms add up per type and namespace, and stay exact across a watch that
 * breaks, a pod the API does not know yet, and a restart after the pod left the API.
 */
class NodeModeApiTest {

    private static final String VOLUME = "runner-diag";
    private static final String A = "5b0f2c1e-7d4a-4c59-9f0e-3a1c2b4d5e6f";
    private static final String B = "8e2d9a4b-1c3f-4e5a-b6c7-d8e9f0a1b2c3";
    private static final String C = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f";

    @TempDir
    Path tmp;

    private final Clock clock = Clock.systemUTC();
    private FakeKubernetesApi server;
    private KubernetesPods api;
    private ExporterEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (api != null) {
            api.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Path pods() {
        return tmp.resolve("kubelet/pods");
    }

    /** An engine over the pods folder; with the API when a server is given, else without it. */
    private ExporterEngine engine(FakeKubernetesApi apiServer) throws Exception {
        Files.createDirectories(pods());
        Optional<RunnerDiscoverySettings.KubernetesApi> kubernetes = Optional.empty();
        if (apiServer != null) {
            kubernetes = Optional.of(new RunnerDiscoverySettings.KubernetesApi(apiServer.url(), "node-1",
                    Files.writeString(tmp.resolve("token"), "sa-token"), tmp.resolve("ca.crt")));
            api = KubernetesPods.of(kubernetes.get(), "standard", clock);
            api.start();
            assertTrue(api.awaitFirstList(Duration.ofSeconds(10)), "listed");
        }
        RunnerDiscoverySettings settings = new RunnerDiscoverySettings(RunnerDiscoverySettings.Mode.KUBELET,
                pods().toRealPath(), VOLUME, "standard", kubernetes);
        return new ExporterEngine(new KubeletPods(settings, api), new ExporterEngine.Settings(1 << 20,
                Duration.ofSeconds(3), Duration.ofMinutes(30), JobLabelPolicy.none(), true, CacheTypeFile.shipped()),
                new StateStore(tmp.resolve("state"), clock), clock, List.of());
    }

    private void restart(FakeKubernetesApi apiServer) throws Exception {
        engine.saveIfDirty();
        engine.close();
        if (api != null) {
            api.close();
            api = null;
        }
        engine = engine(apiServer);
    }

    private RunnerDir podDir(String uid) throws IOException {
        return RunnerDir.diagIn(Files.createDirectories(
                pods().resolve(uid).resolve("volumes/kubernetes.io~empty-dir").resolve(VOLUME)));
    }

    private static void job(RunnerDir dir, Instant t, String id, String result) {
        dir.jobReceived(t, id, "build");
        dir.worker(t.plusSeconds(1), t.plusSeconds(20), id, "build", "acme/app", result);
        dir.jobFinished(t.plusSeconds(21), id, "build", result);
    }

    private void deletePod(String uid) throws IOException {
        try (Stream<Path> files = Files.walk(pods().resolve(uid))) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Jobs by type, namespace and result, as a Prometheus sum by (runner_type, runner_namespace, result). */
    private Map<String, Long> jobs() {
        Map<String, Long> jobs = new TreeMap<>();
        RecordedSamples.of(engine::expose).values().getOrDefault(Catalogue.JOBS, List.of()).forEach(v -> {
            assertTrue(!v.labels().containsKey("runner_name"), "jobs are per type: " + v.labels());
            if (v.value() > 0) {
                jobs.merge(v.labels().get("runner_type") + "/" + v.labels().getOrDefault("runner_namespace", "-")
                        + "/" + v.labels().get("result"), (long) v.value(), Long::sum);
            }
        });
        return jobs;
    }

    /** The runners on the per-runner gauges: name → type/namespace. */
    private Map<String, String> runners() {
        Map<String, String> runners = new TreeMap<>();
        RecordedSamples.of(engine::expose).values().getOrDefault(Catalogue.RUNNER_INFO, List.of())
                .forEach(v -> runners.put(v.labels().get("runner_name"), v.labels().get("runner_type") + "/"
                        + v.labels().getOrDefault("runner_namespace", "-")));
        return runners;
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void runnersAreNamedTypedAndPlacedByTheApiAndTheirJobsAddUpPerTypeAndNamespace() throws Exception {
        Instant t = clock.instant().minusSeconds(600);
        job(podDir(A).listenerStarts(t, "2.333.1"), t.plusSeconds(10), "J1", "Succeeded");
        RunnerDir b = podDir(B).listenerStarts(t, "2.333.1");
        job(b, t.plusSeconds(10), "J2", "Failed");
        job(b, t.plusSeconds(60), "J3", "Succeeded");
        server = new FakeKubernetesApi();
        server.list(json(podList("1000", pod(A, "runner-7x2kq", "ci", "chrome", "990"),
                pod(B, "runner-9zq4m", "ci-gpu", null, "995"))));
        engine = engine(server);
        engine.poll();
        assertEquals(Map.of("runner-7x2kq", "chrome/ci", "runner-9zq4m", "standard/ci-gpu"), runners());
        assertEquals(Map.of("chrome/ci/success", 1L, "standard/ci-gpu/failure", 1L, "standard/ci-gpu/success", 1L),
                jobs());
        FakeKubernetesApi.Request first = server.requests().get(0);
        assertEquals("fieldSelector=spec.nodeName=node-1", first.query());
        assertEquals("Bearer sa-token", first.authorization());

        // A pod gone: its jobs stay with its type and namespace.
        deletePod(A);
        engine.poll();
        assertEquals(Map.of("runner-9zq4m", "standard/ci-gpu"), runners());
        assertEquals(Map.of("chrome/ci/success", 1L, "standard/ci-gpu/failure", 1L, "standard/ci-gpu/success", 1L),
                jobs());
    }

    @Test
    void aPodTheApiDoesNotKnowYetIsNotReadUntilItDoesAndAWatchThatBreaksLosesNothing() throws Exception {
        Instant t = clock.instant().minusSeconds(600);
        server = new FakeKubernetesApi();
        server.list(json(podList("1000", pod(A, "runner-a", "ci", "chrome", "990"))))
                .watch(eventsThenBreak(event("ADDED", pod(B, "runner-b", "ci", "go", "1001"))))
                .list(status(500, "InternalError", "etcdserver: leader changed"))
                .list(json(podList("1010", pod(A, "runner-a", "ci", "chrome", "990"),
                        pod(B, "runner-b", "ci", "go", "1001"), pod(C, "runner-c", "team-x", "go", "1009"))));
        job(podDir(A).listenerStarts(t, "2.333.1"), t.plusSeconds(10), "J1", "Succeeded");
        engine = engine(server);
        engine.poll();
        // C's folder is there before the API tells of it: not read, so not counted under a wrong type.
        job(podDir(C).listenerStarts(t, "2.333.1"), t.plusSeconds(20), "J4", "Failed");
        engine.poll();
        assertEquals(Map.of("runner-a", "chrome/ci"), runners());
        // The reader looks again soon, unless the API is down (the broken watch and the 500 can come first): then the
        // next file event or safety poll looks again.
        assertTrue(engine.discoveryWaiting() || api.down(), "the reader looks again soon");
        eventually(() -> {
            engine.poll();
            return runners().containsKey("runner-c");
        }, "C named after the relist (a watch break and a 500 on the way)");
        job(podDir(B).listenerStarts(t, "2.333.1"), t.plusSeconds(30), "J5", "Succeeded");
        engine.poll();
        assertEquals(Map.of("runner-a", "chrome/ci", "runner-b", "go/ci", "runner-c", "go/team-x"), runners());
        assertEquals(Map.of("chrome/ci/success", 1L, "go/team-x/failure", 1L, "go/ci/success", 1L), jobs());
    }

    @Test
    void afterARestartAPodTheApiLetGoKeepsItsNameTypeAndNamespaceAndIsNotCountedTwice() throws Exception {
        Instant t = clock.instant().minusSeconds(600);
        server = new FakeKubernetesApi();
        server.list(json(podList("1000", pod(A, "runner-a", "ci", "chrome", "990"))));
        RunnerDir a = podDir(A).listenerStarts(t, "2.333.1");
        job(a, t.plusSeconds(10), "J1", "Succeeded");
        engine = engine(server);
        engine.poll();
        assertEquals(Map.of("chrome/ci/success", 1L), jobs());

        // Down; meanwhile the pod is deleted from the API but the kubelet has not removed its folder yet.
        server.close();
        server = new FakeKubernetesApi();
        server.list(json(podList("2000")));
        restart(server);
        engine.poll();
        assertEquals(Map.of("runner-a", "chrome/ci"), runners(), "as saved");
        job(a, t.plusSeconds(60), "J2", "Failed");
        engine.poll();
        assertEquals(Map.of("chrome/ci/success", 1L, "chrome/ci/failure", 1L), jobs());

        // Down again, and the folder went meanwhile: folded into its own type and namespace.
        engine.saveIfDirty();
        deletePod(A);
        restart(server);
        engine.poll();
        assertEquals(Map.of(), runners());
        assertEquals(Map.of("chrome/ci/success", 1L, "chrome/ci/failure", 1L), jobs());
    }

    @Test
    void aStateFileFromBeforeNamesAndNamespacesWereKeptStillReadsAndItsRunnersCountOn() throws Exception {
        Instant t = clock.instant().minusSeconds(600);
        RunnerDir a = podDir(A).listenerStarts(t, "2.333.1");
        job(a, t.plusSeconds(10), "J1", "Succeeded");
        engine = engine(null); // without the API: named by UID
        engine.poll();
        assertEquals(Map.of(A, "standard/-"), runners());
        engine.saveIfDirty();
        // As an older version wrote it: no name nor namespace in the runner's part.
        Path file = tmp.resolve("state/state.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode state = (ObjectNode) json.readTree(file.toFile());
        state.withObject("/runners").fields().forEachRemaining(r -> ((ObjectNode) r.getValue())
                .remove(List.of("name", "namespace")));
        json.writeValue(file.toFile(), state);
        assertTrue(!Files.readString(file).contains("\"namespace\""), "written without the new fields");

        server = new FakeKubernetesApi();
        server.list(json(podList("1000"))); // the API no longer has the pod
        restart(server);
        engine.poll();
        assertEquals(Map.of(A, "standard/-"), runners(), "the runner saved goes on as it was");
        assertEquals(Map.of("standard/-/success", 1L), jobs(), "read on from its offsets, not again");
    }
}
