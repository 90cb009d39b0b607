package dev.runnermetrics.exporter.github.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runnermetrics.exporter.testing.FixtureRunnerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Switched on, the exporter polls the (recorded) GitHub at start and serves the fleet on /metrics. */
@QuarkusTest
@QuarkusTestResource(value = FixtureRunnerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RecordedGithubResource.class, restrictToAnnotatedClass = true)
class GithubApiOnTest {

    @Test
    void fleetOnMetrics() throws InterruptedException {
        List<String> fleet = List.of();
        for (int i = 0; i < 100 && fleet.size() < 6; i++) {
            Thread.sleep(100);
            fleet = given().header("Accept", "text/plain").get("/metrics").asString().lines()
                    .filter(l -> l.startsWith("github_fleet_") || l.startsWith("runner_metrics_github_api_requests"))
                    .toList();
        }
        assertEquals(List.of(
                "github_fleet_runner_online{runner_name=\"MBP\",os=\"macos\",} 1.0",
                "github_fleet_runner_online{runner_name=\"iMac\",os=\"macos\",} 0.0",
                "github_fleet_runner_online{runner_name=\"runner-1\",os=\"linux\",} 1.0",
                "github_fleet_runner_busy{runner_name=\"MBP\",os=\"macos\",} 1.0",
                "github_fleet_runner_busy{runner_name=\"iMac\",os=\"macos\",} 0.0",
                "github_fleet_runner_busy{runner_name=\"runner-1\",os=\"linux\",} 0.0",
                "runner_metrics_github_api_requests_total{endpoint=\"runners\",outcome=\"ok\",} 2.0"), fleet);
        assertEquals(List.of(FleetStatusTest.PAGE_1, FleetStatusTest.PAGE_2), RecordedGithubResource.github.lines());
        assertEquals("Bearer ghp_quarkusTestToken0123456789",
                RecordedGithubResource.github.requests().get(0).authorization());
    }
}
