package dev.runnermetrics.exporter.github.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnermetrics.exporter.github.webhook.WebhookDelivery;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/** The recorded deliveries in src/test/resources/github-webhooks/ (copied unchanged from the shared fixtures). */
public final class Payloads {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {
    }

    public static ObjectNode load(String path) {
        try (InputStream in = Payloads.class.getResourceAsStream("/github-webhooks/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode job(ObjectNode payload) {
        return (ObjectNode) payload.get("workflow_job");
    }

    public static WebhookDelivery delivery(String event, ObjectNode payload, String receivedAt) {
        return new WebhookDelivery(event, UUID.randomUUID().toString(), Instant.parse(receivedAt), payload);
    }
}
