package dev.runnermetrics.testkit.webhooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryTest {

    private static final byte[] BODY = "{\"action\":\"queued\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theSameNameIsTheSameDeliveryIdAndAUuidStaysAsItIs() {
        assertEquals(Delivery.idFor("job-a-completed"), Delivery.idFor("job-a-completed"));
        assertEquals(36, Delivery.idFor("job-a-completed").length());
        assertEquals("16056910-a6ff-11f0-880c-569b494ebd7a", Delivery.idFor("16056910-a6ff-11f0-880c-569b494ebd7a"));
    }

    @Test
    void theRequestCarriesGithubsHeadersAndTheSignatureOfTheBytesSent() {
        Delivery delivery = Delivery.signed("workflow_job", "job", BODY, body -> "sha256=" + body.length);
        HttpRequest request = delivery.request(URI.create("http://127.0.0.1:1/webhooks/github")).build();
        assertEquals("POST", request.method());
        assertEquals(List.of("workflow_job"), request.headers().allValues("X-GitHub-Event"));
        assertEquals(List.of(Delivery.idFor("job")), request.headers().allValues("X-GitHub-Delivery"));
        assertEquals(List.of("sha256=" + BODY.length), request.headers().allValues("X-Hub-Signature-256"));
        assertEquals(List.of("application/json"), request.headers().allValues("Content-Type"));
        assertEquals(BODY.length, request.bodyPublisher().orElseThrow().contentLength());
    }

    @Test
    void withoutASignatureNoSignatureHeaderIsSent() {
        Delivery unsigned = Delivery.signed("ping", "p", BODY, body -> "sha256=x").withSignature(null);
        assertFalse(unsigned.headers().containsKey("X-Hub-Signature-256"));
    }

    @Test
    void changingTheCallersArrayLaterChangesNothingSent() {
        byte[] mine = BODY.clone();
        Delivery delivery = new Delivery("ping", "p", mine, "sha256=x");
        mine[0] = 'X';
        assertArrayEquals(BODY, delivery.body());
        assertEquals(new Delivery("ping", "p", BODY, "sha256=x"), delivery);
    }
}
