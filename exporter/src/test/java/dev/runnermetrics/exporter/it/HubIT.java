package dev.runnermetrics.exporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.catalogue.Subject;
import dev.runnermetrics.exporter.github.webhook.WebhookSignature;
import dev.runnermetrics.exporter.testing.Golden;
import dev.runnermetrics.exporter.testing.RawHttp;
import dev.runnermetrics.exporter.testing.RunnerDir;
import dev.runnermetrics.exporter.testing.TestCertificates;
import dev.runnermetrics.testkit.process.ExporterProcess;
import dev.runnermetrics.testkit.process.Processes;
import dev.runnermetrics.testkit.prometheus.Promtool;
import dev.runnermetrics.testkit.webhooks.Delivery;
import dev.runnermetrics.testkit.webhooks.WebhookSigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged exporter as a hub: GitHub webhooks on a port of their own (WEBHOOK_PORT), fed the recorded deliveries
 * of src/test/resources/github-webhooks in a scripted order (out-of-order workflow_job events, a redelivery, commit
 * times before and after their deployments), signed with the secret as GitHub signs them. The GitHub families of
 * /metrics must then equal golden/hub/github-families.txt, whose values are computed by hand in
 * golden/hub/README.md. Afterwards every refused delivery gets its documented status and changes nothing but the
 * delivery counter documented to count it.
 */
class HubIT {

    /** The secret the captured deliveries were signed with (published with them, see SOURCES.md). */
    private static final String SECRET = "402786017574bd28f9d8f7a18648939751c47fe09077d56e10f0444f14fbb73b";
    /** The exporter's own signing code: what verifies the deliveries signs them. */
    private static final WebhookSigner SIGNER = body -> WebhookSignature.sign(SECRET.getBytes(StandardCharsets.UTF_8),
            body);
    private static final String RUNNER = "hub-runner";
    private static final String PATH = "/webhooks/github";
    private static final long MAX_BODY = 25L * 1024 * 1024;
    private static final Path FIXTURES = Path.of(System.getProperty("fixtures.dir", "src/test/resources"),
            "github-webhooks");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The families a hub's webhooks feed, as the catalogue declares them. */
    private static final List<MetricSpec> GITHUB_FAMILIES = families(Subject.GITHUB_JOBS, Subject.DEPLOYMENTS,
            Subject.GITHUB_INTAKE);

    @TempDir
    Path tmp;

    private Map<String, String> env;
    private int webhookPort;
    private ExporterProcess exporter;

    @BeforeEach
    void setUp() throws IOException {
        RunnerDir runner = new RunnerDir(tmp.resolve("runner")).config(RUNNER)
                .listenerStarts(Instant.now().minusSeconds(60), "2.333.1");
        webhookPort = Processes.freePort();
        env = new HashMap<>(Map.of(
                "RUNNER_DIR", runner.root().toString(),
                "RUNNER_TYPE", "chrome",
                "STATE_DIR", tmp.resolve("state").toString(),
                "GITHUB_WEBHOOK_SECRET", SECRET,
                "WEBHOOK_PORT", Integer.toString(webhookPort)));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (exporter != null) {
            exporter.close();
        }
    }

    @Test
    void aHubFedTheRecordedDeliveriesReportsTheHandComputedFigures() throws Exception {
        exporter = ExporterProcess.start(env, tmp.resolve("exporter.log"));
        String webhook = "http://127.0.0.1:" + webhookPort + PATH;

        script(webhook);
        // Deliveries are processed in order on one worker: once the last one's lead time shows, all are in.
        String scrape = exporter.awaitScrape(s -> s.contains("github_deployment_lead_time_seconds_count{"
                + "repository=\"Codertocat/Hello-World\",environment=\"production\",} 3.0"), TIMEOUT);
        Golden.assertMatches("hub/github-families.txt", githubFamilies(scrape));
        promtool(exporter.scrape());

        // Each refused delivery: the documented status, and only the counter documented to count it moves.
        byte[] job = bytes("workflow_job/completed.1.json");
        String good = sign(job);
        byte[] tampered = Arrays.copyOf(job, job.length);
        tampered[200] ^= 1;
        refused(webhook, "workflow_job", tampered, good, 401, "rejected_signature");
        refused(webhook, "workflow_job", job, null, 401, "rejected_signature");
        refused(webhook, "workflow_job", job, good.substring(0, 40), 401, "rejected_signature");
        refused(webhook, "workflow_job", job, "sha1=" + hmacSha1(job), 401, "rejected_signature");
        refused(webhook, "workflow_job", job, "sha256=" + "ab".repeat(32), 401, "rejected_signature");
        unchangedBut("workflow_job", "too_large", () -> assertEquals(413, oversize(webhookPort)));
        // A replayed delivery: the very bytes, signature and delivery id of one already taken.
        unchangedBut("workflow_job", "duplicate", () -> assertEquals(200,
                post(webhook, "workflow_job", "job-a-completed", job(1, "completed", "success"), null).statusCode()));
        byte[] checkRun = bytes("check_run/completed.3.json");
        unchangedBut("other", "ignored", () -> assertEquals(200,
                post(webhook, "made_up_event", UUID.randomUUID().toString(), checkRun, sign(checkRun)).statusCode()));

        // The receiver is on WEBHOOK_PORT only; /metrics and health only on METRICS_PORT.
        unchangedBut(null, null, () -> {
            HttpResponse<String> onMetricsPort = post(exporter.uri(PATH).toString(), "workflow_job",
                    UUID.randomUUID().toString(), job, good);
            assertEquals(404, onMetricsPort.statusCode(), onMetricsPort.body());
            assertEquals(404, get("http://127.0.0.1:" + webhookPort + "/metrics").statusCode());
            assertEquals(404, get("http://127.0.0.1:" + webhookPort + "/q/health/ready").statusCode());
        });
        String log = Files.readString(tmp.resolve("exporter.log"));
        assertTrue(log.contains("GitHub webhook receiver on POST /webhooks/github at http://0.0.0.0:" + webhookPort
                + " (WEBHOOK_PORT; not on METRICS_PORT)"), log);
        assertTrue(!log.contains(SECRET), "the secret must never be logged");
    }

    /**
     * A hub without a runner of its own (RUNNERS=none, no RUNNER_DIR, no runner folder anywhere): ready once the
     * receiver listens, /metrics holds the webhook families and the JVM's and nothing about runners (no runner_log
     * source_up, no runner series), a signed delivery is counted, and the figures and delivery ids are kept in
     * STATE_DIR across a restart.
     */
    @Test
    void aHubWithoutARunnerIsReadyAndReportsOnlyWhatItReceives() throws Exception {
        env.remove("RUNNER_DIR");
        env.remove("RUNNER_TYPE");
        env.put("RUNNERS", "none");
        // The secret from a file, as the Compose and Kubernetes hubs mount it.
        env.remove("GITHUB_WEBHOOK_SECRET");
        Files.writeString(tmp.resolve("webhook-secret"), SECRET + "\n");
        env.put("RUNNER_METRICS_WEBHOOK_SECRET_FILE", tmp.resolve("webhook-secret").toString());
        exporter = ExporterProcess.start(env, tmp.resolve("exporter.log"));
        String webhook = "http://127.0.0.1:" + webhookPort + PATH;

        HttpResponse<String> ready = exporter.get("/q/health/ready", null);
        assertEquals(200, ready.statusCode(), ready.body());
        Golden.assertMatches("hub/runnerless-ready.json",
                ready.body().replace(Integer.toString(webhookPort), "WEBHOOK_PORT") + "\n");
        Golden.assertMatches("hub/runnerless-families-at-start.txt", familyTypes(exporter.scrape()));

        // The recorded completed job, on a runner that is not ours: counted under runner_name="other".
        byte[] job = bytes("workflow_job/completed.1.json");
        expect(202, post(webhook, "workflow_job", "runnerless-job", job, null));
        String scrape = exporter.awaitScrape(s -> s.contains("github_runner_workflow_jobs_completed_total{"), TIMEOUT);
        Golden.assertMatches("hub/runnerless-families.txt", familyTypes(scrape));
        Golden.assertMatches("hub/runnerless-github-families.txt", githubFamilies(scrape));
        assertTrue(!scrape.contains("runner_metrics_source_up") && !scrape.contains("runner_name=\"hub"), scrape);
        promtool(exporter.scrape());
        String log = Files.readString(tmp.resolve("exporter.log"));
        assertTrue(log.contains("No runner (runner-metrics.runners=none): a hub that only receives GitHub webhooks"),
                log);

        // Stopped and started again: the figures come back from STATE_DIR, and the delivery id is remembered.
        exporter.close();
        exporter = ExporterProcess.start(env, tmp.resolve("exporter.log"));
        // (The delivery counters start again from 0, as counters of a new process do.)
        assertEquals(figures(scrape), figures(exporter.scrape()), "figures restored from STATE_DIR");
        unchangedBut("workflow_job", "duplicate", () -> expect(200,
                post(webhook, "workflow_job", "runnerless-job", job, null)));
        assertTrue(!Files.exists(tmp.resolve("state").resolve("state.json")), "no runner state is kept for a hub");
    }

    /** The webhook-fed figures, without the receiver's own delivery counters. */
    private static String figures(String scrape) {
        return githubFamilies(scrape).lines().filter(l -> !l.contains("runner_metrics_webhook_"))
                .collect(Collectors.joining("\n"));
    }

    /** The {@code # TYPE} lines of an exposition but the JVM's own (Micrometer's, which vary with the JVM), sorted. */
    private static String familyTypes(String scrape) {
        return scrape.lines().filter(l -> l.startsWith("# TYPE ")).filter(l -> !l.startsWith("# TYPE jvm_")
                && !l.startsWith("# TYPE process_")).sorted().collect(Collectors.joining("\n", "", "\n"));
    }

    /** Basic auth and TLS of the metrics port: the webhook port serves HTTPS from the same files, without auth. */
    @Test
    void theWebhookPortSharesTlsButNotBasicAuth() throws Exception {
        TestCertificates certs = TestCertificates.create(tmp.resolve("certs"), "hub-test-ca");
        env.putAll(Map.of(
                "RUNNER_METRICS_TLS_CERT_FILE", certs.certFile().toString(),
                "RUNNER_METRICS_TLS_KEY_FILE", certs.keyFile().toString(),
                "RUNNER_METRICS_BASIC_AUTH_USERNAME", "prometheus",
                "RUNNER_METRICS_BASIC_AUTH_PASSWORD", "hub-password"));
        HttpClient trusting = HttpClient.newBuilder().sslContext(certs.trustingCa()).connectTimeout(TIMEOUT).build();
        exporter = ExporterProcess.start(env, tmp.resolve("exporter.log"), "https", "127.0.0.1", trusting);
        String auth = "Basic " + Base64.getEncoder().encodeToString("prometheus:hub-password"
                .getBytes(StandardCharsets.UTF_8));
        byte[] ping = bytes("ping/ping.1.json");

        HttpResponse<String> pong = trusting.send(delivery("https://127.0.0.1:" + webhookPort + PATH, "ping",
                UUID.randomUUID().toString(), ping, sign(ping)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, pong.statusCode(), "no credentials needed: the signature authenticates");
        assertEquals("pong", pong.body().strip());
        assertEquals(404, trusting.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + webhookPort
                + "/metrics")).header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode(), "/metrics is not served on the webhook port, credentials or not");
        assertEquals(404, trusting.send(delivery(exporter.uri(PATH).toString(), "ping", UUID.randomUUID().toString(),
                ping, sign(ping)).header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode(), "the receiver is not on METRICS_PORT");
        HttpResponse<String> metrics = trusting.send(HttpRequest.newBuilder(exporter.uri("/metrics"))
                .header("Authorization", auth).header("Accept", "text/plain").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains(
                "runner_metrics_webhook_deliveries_total{event=\"ping\",outcome=\"ignored\",} 1.0"), metrics.body());
        // Plain HTTP is not served on the webhook port either.
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
                .build();
        assertThrows(IOException.class, () -> plain.send(delivery("http://127.0.0.1:" + webhookPort + PATH, "ping",
                UUID.randomUUID().toString(), ping, sign(ping)).build(), HttpResponse.BodyHandlers.ofString()));
        String log = Files.readString(tmp.resolve("exporter.log"));
        assertTrue(log.contains("at https://0.0.0.0:" + webhookPort + " (WEBHOOK_PORT, TLS; not on METRICS_PORT)"),
                log);
    }

    /**
     * The scripted deliveries; golden/hub/README.md computes what they must give. Job ids, runner names, timestamps
     * and shas are set on copies of the recorded payloads (the octokit examples reuse one job id for unrelated
     * jobs); the files themselves are sent unchanged where they tell their own story.
     */
    private void script(String url) throws Exception {
        expect(200, post(url, "ping", "ping", bytes("ping/ping.1.json"), null));
        expect(202, post(url, "deployment", "deployment-created", bytes("deployment/created.1.json"), null));
        // Commit S1 is known before its deployment.
        expect(202, post(url, "workflow_run", "run-s1", commit("1111111111111111111111111111111111111111",
                "2019-05-15T09:00:00Z"), null));
        expect(202, post(url, "deployment_status", "dep-1", deployment(1001, "1111111111111111111111111111111111111111",
                "production", "success", "2019-05-15T10:00:00Z"), null));
        // Job A on our runner: completed first, then the queued and in_progress deliveries late, then a redelivery.
        expect(202, post(url, "workflow_job", "job-a-completed", job(1, "completed", "success"), null));
        expect(202, post(url, "workflow_job", "job-a-queued", job(1, "queued", null), null));
        expect(202, post(url, "workflow_job", "job-a-in-progress", job(1, "in_progress", null), null));
        expect(200, post(url, "workflow_job", "job-a-completed", job(1, "completed", "success"), null));
        // Job B on a GitHub-hosted runner, still running.
        ObjectNode b = load("workflow_job/in_progress.1.json");
        ((ObjectNode) b.get("workflow_job")).put("id", 289782452L);
        expect(202, post(url, "workflow_job", "job-b-in-progress", JSON.writeValueAsBytes(b), null));
        // Job C: the old payload without created_at, queued for a self-hosted runner (file unchanged).
        expect(202, post(url, "workflow_job", "job-c-queued", bytes("workflow_job/queued.3.json"), null));
        // Job D: waiting for an environment approval (both files unchanged; GitHub sends action queued, status
        // waiting too).
        expect(202, post(url, "workflow_job", "job-d-waiting", bytes("workflow_job/waiting.1.json"), null));
        expect(202, post(url, "workflow_job", "job-d-queued", bytes("workflow_job/queued.2.json"), null));
        // Job E: created after it started (clock skew): its queue time is dropped and counted.
        ObjectNode e = load("workflow_job/completed.2.json");
        ((ObjectNode) e.get("workflow_job")).put("id", 289782453L).put("created_at", "2021-08-05T10:35:58Z");
        expect(202, post(url, "workflow_job", "job-e-completed", JSON.writeValueAsBytes(e), null));
        // An outage: two failed deployments, then a successful one whose commit time comes later.
        expect(202, post(url, "deployment_status", "dep-2", deployment(1002,
                "2222222222222222222222222222222222222222", "production", "failure", "2019-05-15T12:00:00Z"), null));
        expect(202, post(url, "deployment_status", "dep-3", deployment(1003,
                "3333333333333333333333333333333333333333", "production", "error", "2019-05-15T12:30:00Z"), null));
        expect(202, post(url, "deployment_status", "dep-4", deployment(1004,
                "4444444444444444444444444444444444444444", "production", "success", "2019-05-15T13:30:00Z"), null));
        expect(202, post(url, "deployment_status", "dep-staging", deployment(1005,
                "5555555555555555555555555555555555555555", "staging", "success", "2019-05-15T14:00:00Z"), null));
        // The recorded statuses as they are: created.1 and created.2 are one deployment, created.3 is in_progress.
        for (String n : List.of("1", "2", "3")) {
            expect(202, post(url, "deployment_status", "status-" + n,
                    bytes("deployment_status/created." + n + ".json"), null));
        }
        // The captured deliveries with GitHub's own headers and signatures.
        expect(202, captured(url, "workflow_run/in_progress.1"));
        expect(200, captured(url, "check_run/created.2"));
        // Commit times that arrive after their deployments.
        expect(202, post(url, "workflow_run", "run-f95f852", commit("f95f852bd8fca8fcc58a9a2d6c842781e32a215e",
                "2019-05-15T15:00:55Z"), null));
        expect(202, post(url, "workflow_run", "run-s4", commit("4444444444444444444444444444444444444444",
                "2019-05-15T13:00:00Z"), null));
    }

    /** Job A: the recorded completed.1 (created 10:33:58, started 10:34:58) on our runner, at one stage. */
    private static byte[] job(long n, String status, String conclusion) throws IOException {
        ObjectNode p = load("workflow_job/completed.1.json");
        p.put("action", status);
        ObjectNode job = (ObjectNode) p.get("workflow_job");
        job.put("status", status).put("runner_name", RUNNER);
        if (conclusion == null) {
            job.putNull("conclusion").putNull("completed_at");
        }
        if (status.equals("queued")) {
            job.putNull("runner_name").putNull("runner_group_name").putNull("runner_id");
            job.put("started_at", job.get("created_at").asText()); // the placeholder GitHub sends while queued
        }
        return JSON.writeValueAsBytes(p);
    }

    /** A deployment status of Codertocat/Hello-World, from the recorded deployment_status/created.1. */
    private static byte[] deployment(long id, String sha, String environment, String state, String at)
            throws IOException {
        ObjectNode p = load("deployment_status/created.1.json");
        ObjectNode status = (ObjectNode) p.get("deployment_status");
        status.put("id", id * 10).put("state", state).put("environment", environment).put("created_at", at)
                .put("updated_at", at);
        ObjectNode deployment = (ObjectNode) p.get("deployment");
        deployment.put("id", id).put("sha", sha).put("environment", environment).put("created_at", at)
                .put("updated_at", at);
        return JSON.writeValueAsBytes(p);
    }

    /** A workflow_run naming a commit and its time, from the recorded workflow_run/completed.1. */
    private static byte[] commit(String sha, String timestamp) throws IOException {
        ObjectNode p = load("workflow_run/completed.1.json");
        ObjectNode run = (ObjectNode) p.get("workflow_run");
        run.put("head_sha", sha);
        ((ObjectNode) run.get("head_commit")).put("id", sha).put("timestamp", timestamp);
        return JSON.writeValueAsBytes(p);
    }

    private HttpResponse<String> captured(String url, String name) throws IOException, InterruptedException {
        JsonNode headers = JSON.readTree(FIXTURES.resolve(name + ".headers.json").toFile());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(name + ".json")));
        for (String h : List.of("x-github-event", "x-github-delivery", "x-hub-signature", "x-hub-signature-256")) {
            request.header(h, headers.get(h).asText());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * POSTs a delivery signed like GitHub does ({@code signature} null: the right one). Delivery ids are derived
     * from a name, so sending the same name again is a redelivery.
     */
    private static HttpResponse<String> post(String url, String event, String name, byte[] body, String signature)
            throws IOException, InterruptedException {
        Delivery delivery = Delivery.signed(event, name, body, SIGNER);
        if (signature != null) {
            delivery = delivery.withSignature(signature);
        }
        return HTTP.send(delivery.request(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder delivery(String url, String event, String id, byte[] body, String signature) {
        return new Delivery(event, id, body, signature).request(URI.create(url));
    }

    /** A signed delivery with a wrong, short or missing signature (null: no header at all). */
    private void refused(String url, String event, byte[] body, String signature, int status, String outcome)
            throws Exception {
        unchangedBut(event, outcome, () -> {
            HttpResponse<String> response = HTTP.send(delivery(url, event, UUID.randomUUID().toString(), body,
                    signature).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(status, response.statusCode(), signature + " -> " + response.body());
        });
    }

    private interface Action {
        void run() throws Exception;
    }

    /**
     * Runs the action and checks that the GitHub families changed only by one more
     * {@code runner_metrics_webhook_deliveries_total{event,outcome}} (nothing at all when event is null).
     */
    private void unchangedBut(String event, String outcome, Action action) throws Exception {
        Map<String, Double> before = samples(githubFamilies(exporter.scrape()));
        action.run();
        Thread.sleep(300); // anything wrongly queued would reach the figures by now
        Map<String, Double> expected = new TreeMap<>(before);
        if (event != null) {
            expected.merge("runner_metrics_webhook_deliveries_total{event=\"" + event + "\",outcome=\"" + outcome
                    + "\",}", 1.0, Double::sum);
        }
        assertEquals(expected, samples(githubFamilies(exporter.scrape())), event + "/" + outcome);
    }

    /** Sends a body over 25 MiB on a raw connection, as far as the server lets it; returns the status code. */
    private static int oversize(int port) throws Exception {
        long length = MAX_BODY + 1024 * 1024;
        return RawHttp.status("127.0.0.1", port, "POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nX-GitHub-Event: workflow_job\r\nX-GitHub-Delivery: "
                + UUID.randomUUID() + "\r\nX-Hub-Signature-256: sha256=" + "0".repeat(64) + "\r\nContent-Length: "
                + length + "\r\n\r\n", length, false);
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.uri() + " -> " + response.body());
    }

    /**
     * The webhook-fed families of a text exposition, families sorted by name (the registry's order is not
     * stable), samples in the order the exporter wrote them.
     */
    static String githubFamilies(String scrape) {
        Set<String> names = GITHUB_FAMILIES.stream().map(MetricSpec::name).collect(Collectors.toSet());
        Map<String, StringBuilder> families = new TreeMap<>();
        for (String line : scrape.lines().toList()) {
            String name = line.startsWith("# ") ? line.split(" ")[2] : line.split("[{ ]")[0];
            String family = familyOf(name, names);
            if (family != null) {
                families.computeIfAbsent(family, f -> new StringBuilder()).append(line).append('\n');
            }
        }
        return String.join("", families.values());
    }

    private static String familyOf(String name, Set<String> names) {
        for (String suffix : List.of("", "_total", "_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix) && names.contains(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return null;
    }

    /** Sample lines as series -> value. */
    private static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new TreeMap<>();
        text.lines().filter(l -> !l.startsWith("#")).forEach(l -> {
            int space = l.lastIndexOf(' ');
            samples.put(l.substring(0, space), Double.parseDouble(l.substring(space + 1)));
        });
        return samples;
    }

    private static List<MetricSpec> families(Subject... subjects) {
        List<MetricSpec> specs = new ArrayList<>();
        for (Subject s : subjects) {
            specs.addAll(Catalogue.SUBJECTS.get(s));
        }
        return List.copyOf(specs);
    }

    private void promtool(String scrape) throws Exception {
        Promtool.checkMetrics(scrape, tmp).assertSuccess("");
    }

    private static byte[] bytes(String name) throws IOException {
        return Files.readAllBytes(FIXTURES.resolve(name));
    }

    private static ObjectNode load(String name) throws IOException {
        return (ObjectNode) JSON.readTree(FIXTURES.resolve(name).toFile());
    }

    /** The SHA-1 signature GitHub also sends (X-Hub-Signature), which must not be accepted in its place. */
    private static String hmacSha1(byte[] body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static String sign(byte[] body) {
        return SIGNER.sign(body);
    }
}
