package dev.runnermetrics.exporter.app;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runnermetrics.exporter.testing.FixtureRunnerResource;
import dev.runnermetrics.exporter.testing.Golden;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The packaged wiring of a sidecar (no webhook secret) with a deployment-job pattern: the DORA families derived
 * from the constructed Worker logs are on /metrics, as {@link WorkerLogDeploymentsEngineTest} pins them.
 */
@QuarkusTest
@QuarkusTestResource(value = SidecarDeploymentsTest.DeployRunner.class, restrictToAnnotatedClass = true)
class SidecarDeploymentsTest {

    /** The constructed deploy-runner directory, with deployment jobs configured as a user would. */
    public static class DeployRunner extends FixtureRunnerResource {

        @Override
        protected Path source() {
            return Path.of("src/test/resources/constructed/deploy-runner");
        }

        @Override
        protected Map<String, String> properties(Path runner, Path state) {
            Map<String, String> p = new HashMap<>(super.properties(runner, state));
            p.put("runner-metrics.runner-name", "deploy-runner");
            p.put("runner-metrics.github.deployment-job-pattern", "(?i)deploy.*");
            return p;
        }
    }

    @Test
    void theDerivedDoraFamiliesAreServed() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        String dora = "";
        while (Instant.now().isBefore(deadline)) {
            dora = given().header("Accept", "text/plain").get("/metrics").asString().lines()
                    .filter(l -> l.matches("^(# (HELP|TYPE) )?(github_deployment|runner_metrics_github_).*"))
                    .collect(Collectors.joining("\n", "", "\n"));
            if (dora.contains("runner_metrics_github_observations_dropped_total{")) {
                break;
            }
            Thread.sleep(50);
        }
        Golden.assertMatches("exposition/worker-log-deployments.prom", dora);
        assertEquals(404, given().post("/webhooks/github").statusCode(), "a sidecar has no webhook receiver");
    }
}
