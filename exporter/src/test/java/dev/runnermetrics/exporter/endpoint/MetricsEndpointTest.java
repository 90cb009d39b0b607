package dev.runnermetrics.exporter.endpoint;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.testing.FixtureRunnerResource;
import dev.runnermetrics.exporter.testing.Golden;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP endpoints over the fixture runner directory of real log excerpts, at a fixed clock. */
@QuarkusTest
@QuarkusTestResource(value = FixtureRunnerResource.class, restrictToAnnotatedClass = true)
class MetricsEndpointTest {

    @BeforeEach
    void awaitFirstPass() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (given().get("/q/health/ready").statusCode() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
    }

    @Test
    void theWholeRunnerExpositionMatchesTheGoldenFile() throws Exception {
        Response response = given().header("Accept", "text/plain").get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.contentType().startsWith("text/plain"), response.contentType());
        // The JVM's own figures vary run to run; everything the exporter derives from the logs is pinned.
        String ours = response.asString().lines()
                .filter(l -> l.matches("^(# (HELP|TYPE) )?(github_|runner_metrics_).*"))
                .collect(Collectors.joining("\n", "", "\n"));
        Golden.assertMatches("exposition/fixture-runner.prom", ours);
    }

    @Test
    void servesOpenMetricsWhenAskedFor() {
        Response response = given().header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
                .get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.contentType().startsWith("application/openmetrics-text"), response.contentType());
        assertTrue(response.asString().endsWith("# EOF\n"));
        assertTrue(response.asString().contains("# TYPE github_runner_jobs counter\n"));
    }

    @Test
    void healthAtTheRootAnswersLikeQuarkusHealth() {
        String health = given().get("/health").then().statusCode(200).extract().asString();
        String quarkus = given().get("/q/health").then().statusCode(200).extract().asString();
        assertEquals(quarkus.replaceAll("\"last_poll_ms_ago\": \\d+", ""),
                health.replaceAll("\"last_poll_ms_ago\": \\d+", ""));
        String ready = given().get("/q/health/ready").then().statusCode(200).extract().asString();
        assertEquals("{\n    \"status\": \"UP\",\n    \"checks\": [\n        {\n            \"name\": \"runner-logs\",\n"
                + "            \"status\": \"UP\"\n        }\n    ]\n}", ready);
        given().get("/q/health/live").then().statusCode(200);
    }
}
