package dev.runnermetrics.exporter.github.client;

import java.time.Instant;

/**
 * GitHub gave no usable answer (or must not be asked yet). Carries what to do next, never a secret: messages name
 * the endpoint and the status only.
 */
public final class ApiUnavailable extends Exception {

    private static final long serialVersionUID = 1L;

    /** The request was not made: the client is backing off until {@link #retryAt()}. */
    public static final String DEFERRED = "deferred";
    /** The client is stopping: the request was cut short, through no fault of GitHub's. */
    public static final String INTERRUPTED = "interrupted";

    private final String reason;
    private final transient Instant retryAt;

    ApiUnavailable(String reason, Instant retryAt, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.retryAt = retryAt;
    }

    /** An outcome label value, {@link #DEFERRED} or {@link #INTERRUPTED}. */
    public String reason() {
        return reason;
    }

    /** When asking again makes sense; null: at the next regular time. */
    public Instant retryAt() {
        return retryAt;
    }
}
