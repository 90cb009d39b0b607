package dev.runnermetrics.exporter.discovery;

import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.bookmark;
import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.event;
import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.events;
import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.eventsThenBreak;
import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.gone;
import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.json;
import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.pod;
import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.podList;
import static dev.runnermetrics.exporter.discovery.FakeKubernetesApi.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.config.RunnerDiscoverySettings.KubernetesApi;
import dev.runnermetrics.exporter.discovery.FakeKubernetesApi.Request;
import dev.runnermetrics.exporter.discovery.PodDirectory.Lookup;
import dev.runnermetrics.exporter.discovery.PodDirectory.Pod;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes API's pods of this node, from recorded answers over real HTTP: a PodList, then watch events (ADDED,
 * MODIFIED, DELETED, BOOKMARK, ERROR with a 410 Status), a watch that breaks off, errors on the list.
 */
class KubernetesPodsTest {

    private static final String A = "5b0f2c1e-7d4a-4c59-9f0e-3a1c2b4d5e6f";
    private static final String B = "8e2d9a4b-1c3f-4e5a-b6c7-d8e9f0a1b2c3";
    private static final String C = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f";

    @TempDir
    Path tmp;

    private final FakeKubernetesApi server = new FakeKubernetesApi();
    private KubernetesPods pods;

    KubernetesPodsTest() throws IOException {
    }

    @AfterEach
    void stop() {
        if (pods != null) {
            pods.close();
        }
        server.close();
    }

    private KubernetesPods start() throws IOException {
        Path token = tmp.resolve("token");
        if (!Files.exists(token)) {
            Files.writeString(token, "token-1\n");
        }
        pods = new KubernetesPods(new KubernetesApi(server.url(), "node-1", token, tmp.resolve("ca.crt")),
                "standard", HttpClient.newHttpClient(), Clock.systemUTC(), Duration.ofMillis(20),
                Duration.ofMillis(200), 300);
        pods.start();
        return pods;
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Waits for the server to have answered so many requests: a lookup of an unknown UID would ask for a list. */
    private void answered(int requests) throws InterruptedException {
        eventually(() -> server.requests().size() >= requests, requests + " requests");
    }

    private Pod known(String uid) throws InterruptedException {
        eventually(() -> pods.lookup(uid) instanceof Lookup.Known, uid + " known");
        return ((Lookup.Known) pods.lookup(uid)).pod();
    }

    @Test
    void theNodesPodsAreListedThenWatchedWithTheFieldSelectorAndTheServiceAccountsToken() throws Exception {
        server.list(json(podList("1000", pod(A, "runner-7x2kq", "ci", "chrome", "990"))))
                .watch(events(bookmark("1001"), event("ADDED", pod(B, "runner-9zq4m", "ci-gpu", null, "1002"))));
        start();
        answered(4); // list, watch (ended by the server), list, watch
        assertEquals(new Pod(A, "runner-7x2kq", "ci", "chrome"), known(A));
        assertEquals(new Pod(B, "runner-9zq4m", "ci-gpu", "standard"), known(B), "no type label: RUNNER_TYPE");
        List<Request> requests = server.requests();
        assertEquals("fieldSelector=spec.nodeName=node-1", requests.get(0).query());
        assertEquals("fieldSelector=spec.nodeName=node-1&watch=1&allowWatchBookmarks=true&timeoutSeconds=300"
                + "&resourceVersion=1000", requests.get(1).query(), "the watch starts where the list was");
        assertEquals("Bearer token-1", requests.get(0).authorization());
        assertEquals("Bearer token-1", requests.get(1).authorization());
        assertFalse(pods.down());
    }

    @Test
    void theTokenIsReadAgainForEveryRequestAsBoundTokensRotate() throws Exception {
        server.list(json(podList("1000"))).watch(events()).watch(events());
        Files.writeString(tmp.resolve("token"), "token-1");
        start();
        eventually(() -> server.requests().size() >= 2, "a list and a watch");
        Files.writeString(tmp.resolve("token"), "token-2");
        // The watch ended as a server's timeout ends it: listed again, with the new token.
        eventually(() -> server.requests().stream().anyMatch(r -> "Bearer token-2".equals(r.authorization())),
                "the rotated token used");
    }

    @Test
    void aWatchThatBreaksOffMidStreamKeepsWhatItToldAndListsAgain() throws Exception {
        server.list(json(podList("1000", pod(A, "runner-a", "ci", "chrome", "990"))))
                .list(json(podList("1010", pod(A, "runner-a", "ci", "chrome", "990"),
                        pod(B, "runner-b", "ci", "go", "1003"), pod(C, "runner-c", "ci", "go", "1008"))))
                .watch(eventsThenBreak(event("ADDED", pod(B, "runner-b", "ci", "go", "1003"))));
        start();
        answered(4);
        assertEquals("runner-b", known(B).name());
        assertEquals("runner-c", known(C).name(), "C came with the list after the break");
        List<Request> requests = server.requests();
        assertFalse(requests.get(2).watch(), "the broken watch is followed by a list: " + requests);
        assertTrue(requests.get(3).query().endsWith("resourceVersion=1010"), requests.toString());
    }

    @Test
    void a410GoneOnTheWatchListsAgainAndWatchesFromTheNewList() throws Exception {
        server.list(json(podList("1000", pod(A, "runner-a", "ci", "chrome", "990"))))
                .list(json(podList("2000", pod(A, "runner-a", "ci", "chrome", "990"),
                        pod(C, "runner-c", "ci", "go", "1990"))))
                .watch(events(gone("1000")));
        start();
        answered(4);
        assertEquals("go", known(C).type());
        List<Request> requests = server.requests();
        assertEquals(List.of(false, true, false, true), requests.subList(0, 4).stream().map(Request::watch).toList());
        assertTrue(requests.get(3).query().endsWith("resourceVersion=2000"), requests.toString());
    }

    @Test
    void aFailingListIsRetriedWithBackoffAndSaysTheApiIsDownMeanwhile() throws Exception {
        server.list(status(500, "InternalError", "etcdserver: request timed out"))
                .list(status(500, "InternalError", "etcdserver: request timed out"))
                .list(json(podList("1000", pod(A, "runner-a", "ci", "chrome", "990"))));
        start();
        eventually(pods::down, "down after the first 500");
        answered(4);
        assertEquals("runner-a", known(A).name());
        assertFalse(pods.down());
        assertEquals(3, server.requests().stream().filter(r -> !r.watch()).count(), "two 500s, then the list");
    }

    @Test
    void anApiThatKeepsFailingIsAskedWithGrowingPausesNotInALoop() throws Exception {
        server.list(status(503, "ServiceUnavailable", "the server is currently unable to handle the request"));
        start();
        Thread.sleep(1_000);
        // Backoff 20, 40, 80, 160, 200, 200 … ms: about 7 requests in a second, never hundreds.
        long asked = server.requests().size();
        assertTrue(asked >= 3 && asked <= 10, asked + " requests");
        assertTrue(pods.down());
    }

    @Test
    void aDeletedPodIsStillKnownForItsFolderOutlivesIt() throws Exception {
        server.list(json(podList("1000", pod(A, "runner-a", "ci", "chrome", "990"))))
                .watch(events(event("DELETED", pod(A, "runner-a", "ci", "chrome", "1001"))));
        start();
        eventually(() -> server.requests().size() >= 3, "listed again after the watch ended");
        assertEquals("runner-a", known(A).name());
    }

    @Test
    void aPodsTypeIsTheOneItHadWhenFirstKnown() throws Exception {
        server.list(json(podList("1000", pod(A, "runner-a", "ci", "chrome", "990"))))
                .watch(events(event("MODIFIED", pod(A, "runner-a", "ci", "go", "1001")), bookmark("1002")));
        start();
        eventually(() -> server.requests().size() >= 3, "the watch ended");
        assertEquals("chrome", known(A).type(), "a label changed later does not move its counts");
    }

    @Test
    void aUidTheApiDoesNotKnowAsksForAListAndIsAbsentWhenThatListLacksIt() throws Exception {
        server.list(json(podList("1000", pod(A, "runner-a", "ci", "chrome", "990"))));
        start();
        answered(2);
        known(A);
        assertInstanceOf(Lookup.NotYet.class, pods.lookup(C), "first asked: wait, a list is taken");
        eventually(() -> pods.lookup(C) instanceof Lookup.Absent, "absent after the list");
        assertTrue(server.requests().stream().filter(r -> !r.watch()).count() >= 2, server.requests().toString());
    }
}
