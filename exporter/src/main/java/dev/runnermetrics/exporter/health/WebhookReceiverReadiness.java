package dev.runnermetrics.exporter.health;

import dev.runnermetrics.exporter.github.webhook.WebhookReceiver;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.HealthRegistry;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the GitHub webhook receiver takes deliveries (on METRICS_PORT, or on WEBHOOK_PORT once that port is
 * open). Registered only when the receiver is on, so a plain sidecar's health stays about its runner logs alone;
 * for a hub without runners (RUNNERS=none) this is what readiness waits for.
 */
@ApplicationScoped
public class WebhookReceiverReadiness {

    static final String NAME = "webhook-receiver";

    private final WebhookReceiver receiver;
    private final HealthRegistry readiness;

    public WebhookReceiverReadiness(WebhookReceiver receiver, @Readiness HealthRegistry readiness) {
        this.receiver = receiver;
        this.readiness = readiness;
    }

    /** After the receiver's own start-up observer, which decides whether it is on and opens its port. */
    void register(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 100) StartupEvent event) {
        if (receiver.enabled()) {
            readiness.register(NAME, this::call);
        }
    }

    HealthCheckResponse call() {
        return receiver.listening()
                .map(where -> HealthCheckResponse.named(NAME).up().withData("listening", where).build())
                .orElseGet(() -> HealthCheckResponse.named(NAME).down().withData("reason", "starting").build());
    }
}
