package dev.runnermetrics.exporter.github.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The GitHub webhook receiver ({@code POST /webhooks/github}). Off unless a secret is configured or unsigned
 * deliveries are explicitly allowed; {@link WebhookSettings#resolve} checks the combination at start.
 * {@code GITHUB_WEBHOOK_SECRET} sets {@code secret} and {@code WEBHOOK_PORT} sets {@code port}
 * (application.properties maps both).
 */
@ConfigMapping(prefix = "runner-metrics.webhook")
public interface WebhookConfig {

    /** The webhook's secret. Env GITHUB_WEBHOOK_SECRET or RUNNER_METRICS_WEBHOOK_SECRET; exclusive with secret-file. */
    Optional<String> secret();

    /** A file holding the secret (a mounted Kubernetes or Docker secret); line breaks at its end are ignored. */
    Optional<String> secretFile();

    /** Without a secret: accept deliveries without any signature check. For a trusted network only. */
    @WithDefault("false")
    boolean allowUnsigned();

    /** Verified deliveries waiting for the worker; when full, deliveries are refused with 503 (GitHub can redeliver). */
    @WithDefault("1000")
    int queueCapacity();

    /**
     * A port of its own for the receiver (env WEBHOOK_PORT), so only it can be exposed to GitHub; it is then served
     * there only, and METRICS_PORT keeps /metrics and health. Unset: served on METRICS_PORT. Text, so that a wrong
     * value is refused with this setting's name rather than a conversion error.
     */
    Optional<String> port();

    /** How many recent X-GitHub-Delivery ids are remembered (in STATE_DIR) so a redelivery is counted once. */
    @WithDefault("10000")
    int rememberDeliveries();
}
