package dev.runnermetrics.exporter.github.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Records what the receiver hands on, in the tests' Quarkus application. */
@ApplicationScoped
public class RecordingSink implements WebhookSink {

    private final List<WebhookDelivery> deliveries = new ArrayList<>();

    @Override
    public synchronized void accept(WebhookDelivery delivery) {
        if (deliveries.size() < 1000) {
            deliveries.add(delivery);
        }
    }

    public synchronized List<WebhookDelivery> deliveries() {
        return List.copyOf(deliveries);
    }
}
