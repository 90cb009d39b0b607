package dev.runnermetrics.exporter.github.webhook;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.testing.FixtureRunnerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A plain sidecar (no secret, no opt-in) has no webhook route at all, and no webhook metrics. */
@QuarkusTest
@QuarkusTestResource(value = FixtureRunnerResource.class, restrictToAnnotatedClass = true)
class WebhookOffTest {

    @Test
    void theRouteDoesNotExist() {
        byte[] body = "{\"zen\":\"Design for failure.\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(404, given().body(body).contentType("application/json").header("X-GitHub-Event", "ping")
                .header("X-GitHub-Delivery", "1").post(WebhookReceiver.PATH).statusCode());
        String metrics = given().header("Accept", "text/plain").get("/metrics").asString();
        assertTrue(metrics.contains("github_runner_info"), "the exporter itself runs");
        assertTrue(!metrics.contains("runner_metrics_webhook"), "no webhook metrics when off");
    }
}
