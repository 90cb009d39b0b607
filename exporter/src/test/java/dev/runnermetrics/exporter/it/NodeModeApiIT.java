package dev.runnermetrics.exporter.it;

import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.event;
import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.eventsThenBreak;
import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.json;
import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.pod;
import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.podList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.discovery.FakeKubernetesApi;
import dev.runnermetrics.exporter.testing.RunnerDir;
import dev.runnermetrics.testkit.exposition.Exposition;
import dev.runnermetrics.testkit.process.ExporterProcess;
import dev.runnermetrics.testkit.prometheus.Promtool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node mode with the Kubernetes API as a real process: the packaged exporter asks recorded API answers served over
 * real HTTP who the pods of its node are (a list, then a watch that adds a pod and breaks off), and names, types and
 * namespaces its series by them; the counts per type and namespace are exact, survive a kill -9 and the whole
 * scrape is lint-clean.
 */
class NodeModeApiIT {

    private static final String A = "0c6f1e1a-0000-4000-8000-00000000000a";
    private static final String B = "0c6f1e1a-0000-4000-8000-00000000000b";
    private static final String C = "0c6f1e1a-0000-4000-8000-00000000000c";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private final List<AutoCloseable> started = new ArrayList<>();
    private int jobIds;

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
    }

    @Test
    void podsAreNamedTypedAndNamespacedByTheApiAndTheirCountsSurviveKillNine() throws Exception {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        FakeKubernetesApi api = new FakeKubernetesApi();
        started.add(api);
        String podA = pod(A, "arc-chrome-7x2kq-runner-abcde", "ci", "chrome", "990");
        String podB = pod(B, "arc-go-9zq4m-runner-fghij", "team-x", "go", "995");
        String podC = pod(C, "arc-go-9zq4m-runner-klmno", "team-x", "go", "1001");
        api.list(json(podList("1000", podA, podB)))
                .watch(eventsThenBreak(event("ADDED", podC)))
                .list(json(podList("1010", podA, podB, podC)));
        podFolder(A, base, 2, "Succeeded");
        podFolder(B, base, 1, "Failed");
        ExporterProcess exporter = start(api);

        Map<String, Long> truth = Map.of("chrome/ci/success", 2L, "go/team-x/failure", 1L);
        assertEquals(truth, counts(exporter.awaitScrape(s -> counts(s).equals(truth), WAIT)));
        // C's folder appears after the watch told of it (and broke off): counted under its own type and namespace.
        podFolder(C, base.plusSeconds(300), 1, "Succeeded");
        Map<String, Long> withC = Map.of("chrome/ci/success", 2L, "go/team-x/failure", 1L, "go/team-x/success", 1L);
        String scrape = exporter.awaitScrape(s -> counts(s).equals(withC), WAIT);
        assertEquals(withC, counts(scrape));
        assertEquals(Map.of("arc-chrome-7x2kq-runner-abcde", "chrome/ci", "arc-go-9zq4m-runner-fghij", "go/team-x",
                "arc-go-9zq4m-runner-klmno", "go/team-x"), runners(scrape));
        Promtool.checkMetrics(scrape, tmp).assertSuccess("");
        assertTrue(api.requests().stream().allMatch(r -> r.query().contains("fieldSelector=spec.nodeName=node-1")),
                "only this node's pods are asked for: " + api.requests());

        // kill -9 once the state file holds every job, then the pod A deleted while the exporter is down.
        awaitSaved();
        exporter.kill();
        deletePod(A);
        exporter = start(api);
        String after = exporter.awaitScrape(s -> counts(s).equals(withC) && !runners(s).isEmpty(), WAIT);
        assertEquals(withC, counts(after), "the saved counts, A's in its type's and namespace's");
        assertFalse(runners(after).containsKey("arc-chrome-7x2kq-runner-abcde"), "A is gone");
        Promtool.checkMetrics(after, tmp).assertSuccess("");
    }

    private ExporterProcess start(FakeKubernetesApi api) throws IOException, InterruptedException {
        ExporterProcess p = ExporterProcess.start(Map.of(
                "RUNNER_DISCOVERY", "kubelet",
                "KUBERNETES_API", "on",
                "NODE_NAME", "node-1",
                "KUBERNETES_API_URL", api.url().toString(),
                "RUNNER_METRICS_KUBERNETES_TOKEN_FILE", tmp.resolve("no-token").toString(),
                "KUBELET_PODS_DIR", podsDir().toString(),
                "RUNNER_TYPE", "standard",
                "STATE_DIR", tmp.resolve("state").toString(),
                "RUNNER_METRICS_STATE_SAVE_INTERVAL", "1s"), tmp.resolve("exporter.log"));
        started.add(p);
        return p;
    }

    private Path podsDir() throws IOException {
        return Files.createDirectories(tmp.resolve("kubelet/pods"));
    }

    /** A pod's runner-diag volume with a listener that ran {@code jobs} jobs of this result. */
    private void podFolder(String uid, Instant start, int jobs, String result) throws IOException {
        RunnerDir dir = RunnerDir.diagIn(Files.createDirectories(
                podsDir().resolve(uid).resolve("volumes/kubernetes.io~empty-dir/runner-diag")));
        dir.listenerStarts(start, "2.333.1");
        Instant t = start.plusSeconds(5);
        for (int i = 0; i < jobs; i++) {
            String id = "J" + jobIds++;
            dir.jobReceived(t, id, "build");
            dir.worker(t.plusSeconds(1), t.plusSeconds(20), id, "build", "acme/app", result);
            dir.jobFinished(t.plusSeconds(21), id, "build", result);
            t = t.plusSeconds(30);
        }
    }

    private void deletePod(String uid) throws IOException {
        try (var files = Files.walk(podsDir().resolve(uid))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Waits for a state save that holds every job run so far. */
    private void awaitSaved() throws Exception {
        Path file = tmp.resolve("state/state.json");
        Instant deadline = Instant.now().plus(WAIT);
        while (!savedAll(file)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no save holding all " + jobIds + " jobs within " + WAIT);
            }
            Thread.sleep(50);
        }
    }

    private boolean savedAll(Path file) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        String saved = Files.readString(file);
        for (int i = 0; i < jobIds; i++) {
            if (!saved.contains("\"J" + i + "\"")) {
                return false;
            }
        }
        return true;
    }

    /** Jobs per type, namespace and result, as {@code sum by (runner_type, runner_namespace, result)} sees them. */
    private static Map<String, Long> counts(String scrape) {
        Map<String, Long> counts = new TreeMap<>();
        for (Exposition.Sample s : Exposition.parse(scrape)) {
            if (s.name().equals("github_runner_jobs_total") && s.value() > 0) {
                assertFalse(s.labels().containsKey("runner_name"), "job counts are per type: " + s.labels());
                counts.merge(s.labels().get("runner_type") + "/" + s.labels().get("runner_namespace") + "/"
                        + s.labels().get("result"), (long) s.value(), Long::sum);
            }
        }
        return counts;
    }

    /** The live pods' runners from their info gauge: name to type/namespace. */
    private static Map<String, String> runners(String scrape) {
        Map<String, String> runners = new TreeMap<>();
        for (Exposition.Sample s : Exposition.parse(scrape)) {
            if (s.name().equals("github_runner_info")) {
                runners.put(s.labels().get("runner_name"),
                        s.labels().get("runner_type") + "/" + s.labels().get("runner_namespace"));
            }
        }
        return runners;
    }
}
