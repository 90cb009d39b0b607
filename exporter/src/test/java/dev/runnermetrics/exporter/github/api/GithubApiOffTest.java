package dev.runnermetrics.exporter.github.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.testing.FixtureRunnerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** A plain sidecar makes no GitHub API requests and has none of the client's metrics. */
@QuarkusTest
@QuarkusTestResource(value = FixtureRunnerResource.class, restrictToAnnotatedClass = true)
class GithubApiOffTest {

    @Test
    void offByDefault() {
        String metrics = given().header("Accept", "text/plain").get("/metrics").asString();
        assertTrue(metrics.contains("github_runner_info"), "the exporter itself runs");
        assertFalse(metrics.contains("github_fleet_"), "no fleet figures");
        assertFalse(metrics.contains("runner_metrics_github_api_"), "no API client figures");
        assertFalse(metrics.contains("github_runner_queue_time_seconds"), "no queue time without a source");
    }
}
