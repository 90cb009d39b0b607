package dev.runnermetrics.exporter.endpoint;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.testing.FixtureRunnerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Basic auth from a password file and CORS for two origins, through Quarkus' real HTTP stack: /metrics needs the
 * user, health stays open for probes, a preflight from an allowed origin is answered and one from elsewhere is not.
 */
@QuarkusTest
@TestProfile(SecuredEndpointTest.BasicAuthAndCors.class)
@QuarkusTestResource(value = FixtureRunnerResource.class, restrictToAnnotatedClass = true)
class SecuredEndpointTest {

    static final String USER = "prometheus";
    static final String PASSWORD = "correct horse battery staple";
    static final String ALLOWED = "https://status.example.org";

    public static class BasicAuthAndCors implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path secret = Files.createTempFile("runner-metrics-password", "");
                secret.toFile().deleteOnExit();
                Files.writeString(secret, PASSWORD + "\n"); // as `echo ... > file` or a Kubernetes secret leaves it
                return Map.of(
                        "runner-metrics.basic-auth.username", USER,
                        "runner-metrics.basic-auth.password-file", secret.toString(),
                        "runner-metrics.cors.origins", ALLOWED + ",http://localhost:3000");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void metricsNeedTheUser() {
        Response anonymous = given().get("/metrics");
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.header("WWW-Authenticate").matches("(?i)basic realm=\"runner-metrics\""),
                anonymous.header("WWW-Authenticate"));
        assertEquals(401, given().auth().preemptive().basic(USER, "wrong").get("/metrics").statusCode());
        assertEquals(401, given().auth().preemptive().basic("grafana", PASSWORD).get("/metrics").statusCode());
        assertEquals(401, given().auth().preemptive().basic(USER, PASSWORD + "\n").get("/metrics").statusCode());

        Response scrape = given().auth().preemptive().basic(USER, PASSWORD).header("Accept", "text/plain")
                .get("/metrics");
        assertEquals(200, scrape.statusCode());
        assertTrue(scrape.asString().contains("github_runner_info{runner_name=\"fixture-runner\""));
    }

    @Test
    void everythingButHealthNeedsTheUser() {
        assertEquals(401, given().get("/q/metrics").statusCode());
        assertEquals(401, given().get("/no-such-page").statusCode());
    }

    @Test
    void healthStaysOpenForProbes() {
        for (String path : List.of("/health", "/q/health", "/q/health/live", "/q/health/ready", "/q/health/started")) {
            assertEquals(200, given().get(path).statusCode(), path);
            // A probe with stale credentials must not fail either: health never asks for them.
            assertEquals(200, given().auth().preemptive().basic(USER, "stale").get(path).statusCode(), path);
        }
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnswered() {
        Response preflight = given().header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/metrics");
        assertEquals(200, preflight.statusCode());
        assertEquals(ALLOWED, preflight.header("Access-Control-Allow-Origin"));
        assertEquals("true", preflight.header("Access-Control-Allow-Credentials"));
        assertTrue(preflight.header("Access-Control-Allow-Headers").toLowerCase().contains("authorization"),
                preflight.header("Access-Control-Allow-Headers"));
        assertEquals("GET,HEAD", preflight.header("Access-Control-Allow-Methods"));

        Response scrape = given().header("Origin", ALLOWED).auth().preemptive().basic(USER, PASSWORD)
                .get("/metrics");
        assertEquals(200, scrape.statusCode());
        assertEquals(ALLOWED, scrape.header("Access-Control-Allow-Origin"));
    }

    @Test
    void aPreflightFromAnotherOriginGetsNoAllowOrigin() {
        Response preflight = given().header("Origin", "https://evil.example.com")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/metrics");
        assertNull(preflight.header("Access-Control-Allow-Origin"));
        assertTrue(preflight.statusCode() >= 400, "status " + preflight.statusCode());

        Response scrape = given().header("Origin", "https://evil.example.com").auth().preemptive()
                .basic(USER, PASSWORD).get("/metrics");
        assertNull(scrape.header("Access-Control-Allow-Origin"));
    }
}
