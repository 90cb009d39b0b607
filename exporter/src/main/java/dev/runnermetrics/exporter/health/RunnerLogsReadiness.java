package dev.runnermetrics.exporter.health;

import dev.runnermetrics.exporter.app.ExporterEngine;
import dev.runnermetrics.exporter.app.ExporterLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once every runner folder is readable and its existing logs have been read once. A hub without runners
 * (RUNNERS=none) has none to wait for; its readiness is the webhook receiver's ({@link WebhookReceiverReadiness}).
 */
@Readiness
@ApplicationScoped
public class RunnerLogsReadiness implements HealthCheck {

    private final ExporterLifecycle lifecycle;

    public RunnerLogsReadiness(ExporterLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("runner-logs");
        if (lifecycle.started() && !lifecycle.watchesRunners()) {
            return response.up().withData("runners", "none (runner-metrics.runners=none)").build();
        }
        ExporterEngine engine = lifecycle.engine();
        if (engine == null) {
            return response.down().withData("reason", "starting").build();
        }
        List<String> reasons = engine.notReadyReasons();
        if (reasons.isEmpty()) {
            return response.up().build();
        }
        return response.down().withData("reason", String.join("; ", reasons)).build();
    }
}
