package dev.runnermetrics.exporter.github.webhook;

/**
 * Consumer of verified, de-duplicated GitHub webhook deliveries.
 *
 * <p>The receiver calls {@link #accept(WebhookDelivery)} on a single worker thread, never on the
 * HTTP event loop, once per distinct {@code X-GitHub-Delivery} id, after the signature has been
 * verified (or unsigned deliveries were explicitly allowed). {@code ping} deliveries are not
 * passed on. An implementation should return quickly and must not throw for payloads it does not
 * understand: unknown events and actions are simply ignored.
 */
public interface WebhookSink {
    void accept(WebhookDelivery delivery);
}
