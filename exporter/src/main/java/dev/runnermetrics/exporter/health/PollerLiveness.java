package dev.runnermetrics.exporter.health;

import dev.runnermetrics.exporter.app.ExporterLifecycle;
import dev.runnermetrics.exporter.config.RunnerMetricsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Alive while the log poller keeps completing polls; a stuck poller means stale metrics, so restart us. */
@Liveness
@ApplicationScoped
public class PollerLiveness implements HealthCheck {

    private static final Duration MIN_STALL = Duration.ofSeconds(60);

    private final ExporterLifecycle lifecycle;
    private final Clock clock;
    private final Duration stallLimit;

    public PollerLiveness(ExporterLifecycle lifecycle, Clock clock, RunnerMetricsConfig config) {
        this.lifecycle = lifecycle;
        this.clock = clock;
        // A resting runner is read once a safety interval: three missed in a row, or a minute, is a stall.
        Duration scaled = config.safetyPollInterval().multipliedBy(3);
        this.stallLimit = scaled.compareTo(MIN_STALL) > 0 ? scaled : MIN_STALL;
    }

    @Override
    public HealthCheckResponse call() {
        if (lifecycle.started() && !lifecycle.watchesRunners()) {
            return HealthCheckResponse.named("log-poller").up()
                    .withData("state", "no runner to poll (runner-metrics.runners=none)").build();
        }
        long last = lifecycle.lastPollMillis();
        if (last == 0) {
            return HealthCheckResponse.named("log-poller").up().withData("state", "first poll running").build();
        }
        long age = clock.millis() - last;
        return HealthCheckResponse.named("log-poller")
                .status(age <= stallLimit.toMillis())
                .withData("last_poll_ms_ago", age)
                .build();
    }
}
