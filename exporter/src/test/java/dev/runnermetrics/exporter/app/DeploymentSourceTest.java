package dev.runnermetrics.exporter.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runnermetrics.exporter.config.RunnerMetricsConfig;
import dev.runnermetrics.exporter.github.jobs.GithubSettings;
import dev.runnermetrics.exporter.github.webhook.WebhookSettings;
import dev.runnermetrics.exporter.testing.Configs;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One process never counts a deployment job twice: with the webhook receiver on, the Worker logs are not used. */
class DeploymentSourceTest {

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "none => false",
        "runner-metrics.github.deployment-job-pattern=deploy.* => true",
        "runner-metrics.github.deployment-job-pattern=deploy.*;runner-metrics.webhook.secret=s3cret => false",
        "runner-metrics.github.deployment-job-pattern=deploy.*;runner-metrics.webhook.secret-file=/run/secret => false",
        "runner-metrics.github.deployment-job-pattern=deploy.*;runner-metrics.webhook.allow-unsigned=true => false",
        "runner-metrics.github.deployment-job-pattern=deploy.*;runner-metrics.webhook.secret=  => true",
    })
    void deploymentsComeFromTheWorkerLogsOnlyInASidecar(String settings, boolean fromLogs) {
        Map<String, String> properties = new HashMap<>();
        if (!settings.equals("none")) {
            for (String kv : settings.split(";")) {
                String[] parts = kv.split("=", 2);
                properties.put(parts[0], parts[1]);
            }
        }
        RunnerMetricsConfig config = Configs.of(properties);
        GithubSettings github = GithubSettings.from(config.github(), Map.of());
        assertEquals(fromLogs, ExporterLifecycle.deploymentsFromLogs(github,
                WebhookSettings.requested(config.webhook())));
    }
}
