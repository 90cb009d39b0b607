package dev.runnermetrics.exporter.github.webhook;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnermetrics.exporter.config.RunnerMetricsConfig;
import dev.runnermetrics.exporter.github.webhook.WebhookCounters.Outcome;
import dev.runnermetrics.exporter.testing.FixtureRunnerResource;
import dev.runnermetrics.exporter.testing.RawHttp;
import dev.runnermetrics.testkit.webhooks.Delivery;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /webhooks/github} through Quarkus' real HTTP stack, with the real captured deliveries (their bytes,
 * headers and signatures as GitHub sent them, secret published with them) and octokit's example payloads signed here.
 */
@QuarkusTest
@TestProfile(WebhookReceiverTest.WithSecret.class)
@QuarkusTestResource(value = FixtureRunnerResource.class, restrictToAnnotatedClass = true)
class WebhookReceiverTest {

    /** The secret the captured deliveries were signed with (published in the fixtures' source, see SOURCES.md). */
    static final String SECRET = "402786017574bd28f9d8f7a18648939751c47fe09077d56e10f0444f14fbb73b";
    static final Path FIXTURES = Path.of("src/test/resources/github-webhooks");

    public static class WithSecret implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("runner-metrics.webhook.secret", SECRET);
        }
    }

    @Inject
    WebhookReceiver receiver;

    @Inject
    RecordingSink sink;

    @Inject
    RunnerMetricsConfig config;

    @TestHTTPResource(WebhookReceiver.PATH)
    URI url;

    @Test
    void theCapturedDeliveryVerifiesIsQueuedAndARedeliveryCountsOnce() throws IOException {
        long accepted = count("workflow_run", Outcome.ACCEPTED);
        long duplicates = count("workflow_run", Outcome.DUPLICATE);
        byte[] body = Files.readAllBytes(FIXTURES.resolve("workflow_run/in_progress.1.json"));

        Response first = captured("workflow_run/in_progress.1", body).post(WebhookReceiver.PATH);
        assertEquals(202, first.statusCode(), first.asString());
        await(() -> delivered("16056910-a6ff-11f0-880c-569b494ebd7a") == 1);
        WebhookDelivery delivery = sink.deliveries().stream()
                .filter(d -> d.deliveryId().equals("16056910-a6ff-11f0-880c-569b494ebd7a")).findFirst().orElseThrow();
        assertEquals("workflow_run", delivery.event());
        assertEquals("in_progress", delivery.payload().get("action").asText());
        assertEquals(18436407157L, delivery.payload().get("workflow_run").get("id").asLong());

        Response again = captured("workflow_run/in_progress.1", body).post(WebhookReceiver.PATH);
        assertEquals(200, again.statusCode());
        assertEquals(accepted + 1, count("workflow_run", Outcome.ACCEPTED));
        assertEquals(duplicates + 1, count("workflow_run", Outcome.DUPLICATE));
        assertEquals(1, delivered("16056910-a6ff-11f0-880c-569b494ebd7a"), "handed on once");

        // Remembered in STATE_DIR for the next start (the restart itself: DeliveryDedupeTest).
        Path file = Path.of(config.stateDir()).resolve(DeliveryDedupe.FILE_NAME);
        await(() -> {
            try {
                return Files.exists(file) && Files.readString(file).contains("16056910-a6ff-11f0-880c-569b494ebd7a");
            } catch (IOException e) {
                return false;
            }
        });

        String metrics = given().header("Accept", "text/plain").get("/metrics").asString();
        assertTrue(metrics.contains("runner_metrics_webhook_deliveries_total{event=\"workflow_run\",outcome=\"accepted\",} "
                + (accepted + 1) + ".0"), "declared in the catalogue and served on /metrics");
        assertTrue(metrics.contains("runner_metrics_webhook_deliveries_total{event=\"workflow_run\",outcome=\"duplicate\",}"));
        assertTrue(metrics.contains("runner_metrics_webhook_processing_failures_total 0.0"));
    }

    @Test
    void capturedEventsTheExporterDoesNotUseAreAnsweredAndIgnored() throws IOException {
        int before = sink.deliveries().size();
        long ignored = count("other", Outcome.IGNORED);
        for (String name : List.of("check_run/created.2", "check_run/completed.3")) {
            byte[] body = Files.readAllBytes(FIXTURES.resolve(name + ".json"));
            Response r = captured(name, body).post(WebhookReceiver.PATH);
            assertEquals(200, r.statusCode(), name + ": the signature verified and the event was ignored");
        }
        assertEquals(ignored + 2, count("other", Outcome.IGNORED));
        assertEquals(before, sink.deliveries().size());
    }

    @Test
    void badSignaturesAre401AndChangeNothing() throws IOException {
        byte[] body = Files.readAllBytes(FIXTURES.resolve("workflow_run/in_progress.1.json"));
        String good = header("workflow_run/in_progress.1", "x-hub-signature-256");
        String sha1 = header("workflow_run/in_progress.1", "x-hub-signature");
        byte[] tampered = Arrays.copyOf(body, body.length);
        tampered[100] ^= 1;
        long rejected = count("workflow_run", Outcome.REJECTED_SIGNATURE);
        int before = sink.deliveries().size();

        assertEquals(401, delivery("workflow_run", tampered, good).statusCode(), "tampered body");
        assertEquals(401, delivery("workflow_run", body, null).statusCode(), "missing");
        assertEquals(401, delivery("workflow_run", body, good.substring(0, 40)).statusCode(), "short");
        assertEquals(401, delivery("workflow_run", body, sha1).statusCode(), "sha1= only");
        assertEquals(401, delivery("workflow_run", body, "sha256=" + "zz".repeat(32)).statusCode(), "not hex");
        assertEquals(401, delivery("workflow_run", body,
                WebhookSignature.sign("another secret".getBytes(StandardCharsets.UTF_8), body)).statusCode(),
                "other secret");

        assertEquals(rejected + 6, count("workflow_run", Outcome.REJECTED_SIGNATURE));
        assertEquals(before, sink.deliveries().size());
    }

    @Test
    void pingIsAnswered() throws IOException {
        for (String name : List.of("ping/ping.1.json", "ping/ping.3.json")) {
            byte[] body = Files.readAllBytes(FIXTURES.resolve(name));
            Response r = signed("ping", body).post(WebhookReceiver.PATH);
            assertEquals(200, r.statusCode(), name);
            assertEquals("pong", r.asString().strip());
        }
    }

    @Test
    void unknownEventsAreAnsweredAndIgnoredWithABoundedLabel() throws IOException {
        int before = sink.deliveries().size();
        byte[] body = Files.readAllBytes(FIXTURES.resolve("workflow_job/completed.1.json"));
        assertEquals(200, signed("made_up_event_" + UUID.randomUUID(), body).post(WebhookReceiver.PATH).statusCode());
        assertEquals(before, sink.deliveries().size());
        String metrics = given().header("Accept", "text/plain").get("/metrics").asString();
        assertTrue(metrics.contains("runner_metrics_webhook_deliveries_total{event=\"other\",outcome=\"ignored\",}"));
        assertTrue(!metrics.contains("made_up_event"), "event names from outside never become label values");
    }

    @Test
    void aUsedEventIsHandedOnWithItsPayload() throws IOException {
        byte[] body = Files.readAllBytes(FIXTURES.resolve("workflow_job/completed.1.json"));
        String id = UUID.randomUUID().toString();
        assertEquals(202, signed("workflow_job", body, id).post(WebhookReceiver.PATH).statusCode());
        await(() -> delivered(id) == 1);
        JsonNode payload = sink.deliveries().stream().filter(d -> d.deliveryId().equals(id)).findFirst()
                .orElseThrow().payload();
        assertEquals(new ObjectMapper().readTree(body), payload);
    }

    /** push carries commit times (lead time): it is handed on, not ignored like events no figure uses. */
    @Test
    void pushIsHandedOn() throws IOException {
        long accepted = count("push", Outcome.ACCEPTED);
        byte[] body = "{\"ref\":\"refs/heads/main\",\"commits\":[]}".getBytes(StandardCharsets.UTF_8);
        String id = UUID.randomUUID().toString();
        assertEquals(202, signed("push", body, id).post(WebhookReceiver.PATH).statusCode());
        await(() -> delivered(id) == 1);
        assertEquals(accepted + 1, count("push", Outcome.ACCEPTED));
    }

    @Test
    void malformedDeliveriesAre400() {
        byte[] notJson = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        assertEquals(400, signed("workflow_job", notJson).post(WebhookReceiver.PATH).statusCode());
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertEquals(400, given().body(body).contentType("application/json")
                .header(WebhookReceiver.SIGNATURE, sign(body)).header(WebhookReceiver.EVENT, "workflow_job")
                .post(WebhookReceiver.PATH).statusCode(), "no X-GitHub-Delivery");
    }

    @Test
    void bodiesAbove25MbAre413() throws Exception {
        long tooLarge = count("workflow_job", Outcome.TOO_LARGE);
        String headers = "POST " + WebhookReceiver.PATH + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nX-GitHub-Event: workflow_job\r\n"
                + "X-GitHub-Delivery: " + UUID.randomUUID() + "\r\n"
                + WebhookReceiver.SIGNATURE + ": sha256=" + "0".repeat(64) + "\r\n";
        // Declared by Content-Length: refused from the headers, before a byte of the body is read.
        assertEquals(413, rawStatus(headers + "Content-Length: " + (WebhookReceiver.MAX_BODY_BYTES + 1)
                + "\r\n\r\n", 0));
        // Chunked, without a length: refused once the limit is passed, without buffering the rest.
        assertEquals(413, rawStatus(headers + "Transfer-Encoding: chunked\r\n\r\n",
                WebhookReceiver.MAX_BODY_BYTES + 2 * 1024 * 1024));
        assertEquals(tooLarge + 2, count("workflow_job", Outcome.TOO_LARGE));

        // A body of exactly the limit is taken and goes on to the signature check.
        byte[] atLimit = new byte[(int) WebhookReceiver.MAX_BODY_BYTES];
        Arrays.fill(atLimit, (byte) ' ');
        assertEquals(401, delivery("workflow_job", atLimit, "sha256=" + "0".repeat(64)).statusCode());
    }

    /** Sends the request head and, if chunkedBytes > 0, that many body bytes in chunks; returns the status code. */
    private int rawStatus(String head, long chunkedBytes) throws Exception {
        return RawHttp.status(url.getHost(), url.getPort(), head, chunkedBytes, true);
    }

    private long count(String event, Outcome outcome) {
        return receiver.counters().deliveries(event, outcome);
    }

    private long delivered(String id) {
        return sink.deliveries().stream().filter(d -> d.deliveryId().equals(id)).count();
    }

    /** A captured delivery with the GitHub headers it arrived with. */
    private static RequestSpecification captured(String name, byte[] body) throws IOException {
        JsonNode headers = new ObjectMapper().readTree(FIXTURES.resolve(name + ".headers.json").toFile());
        RequestSpecification spec = given().body(body).contentType("application/json");
        for (String h : List.of("x-github-event", "x-github-delivery", "x-hub-signature", "x-hub-signature-256")) {
            spec = spec.header(h, headers.get(h).asText());
        }
        return spec;
    }

    private static String header(String name, String header) throws IOException {
        return new ObjectMapper().readTree(FIXTURES.resolve(name + ".headers.json").toFile()).get(header).asText();
    }

    private static Response delivery(String event, byte[] body, String signature) {
        RequestSpecification spec = given().body(body).contentType("application/json")
                .header(WebhookReceiver.EVENT, event).header(WebhookReceiver.DELIVERY, UUID.randomUUID().toString());
        if (signature != null) {
            spec = spec.header(WebhookReceiver.SIGNATURE, signature);
        }
        return spec.post(WebhookReceiver.PATH);
    }

    private static RequestSpecification signed(String event, byte[] body) {
        return signed(event, body, UUID.randomUUID().toString());
    }

    /** GitHub's headers as the test kit sends them to the packaged exporter, signed by the exporter's own code. */
    private static RequestSpecification signed(String event, byte[] body, String deliveryId) {
        return given().body(body).headers(new Delivery(event, deliveryId, body, sign(body)).headers());
    }

    private static String sign(byte[] body) {
        return WebhookSignature.sign(SECRET.getBytes(StandardCharsets.UTF_8), body);
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
