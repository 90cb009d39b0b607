package dev.runnermetrics.exporter.github.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One verified GitHub webhook delivery.
 *
 * @param event the {@code X-GitHub-Event} header, e.g. {@code workflow_job}
 * @param deliveryId the {@code X-GitHub-Delivery} header (a GUID), unique per delivery; redeliveries reuse it
 * @param receivedAt when the exporter received the delivery
 * @param payload the parsed JSON body
 */
public record WebhookDelivery(String event, String deliveryId, Instant receivedAt, JsonNode payload) {
}
