package dev.runnermetrics.exporter.model;

import java.time.Instant;

/** A job seen starting and not yet finished. Log times, except {@code abandonAt}, which is wall-clock. */
public final class OpenJob {

    public String name;
    public Instant start;
    public Instant lastSeen;
    public boolean fromListener;
    public String repository;
    public String workflow;
    /** From the Worker's job message, for deployments: whether it was read, and what it said. */
    public boolean contextSeen;
    public String environment;
    public String sha;
    public String headCommitTimestamp;
    /** Set when the runner moved on without a result: closed as abandoned then unless a result arrives. */
    public Instant abandonAt;

    OpenJob() {
        // for Jackson
    }

    OpenJob(Instant start) {
        this.start = start;
        this.lastSeen = start;
    }

    void seen(Instant time) {
        if (time != null && (lastSeen == null || time.isAfter(lastSeen))) {
            lastSeen = time;
        }
    }
}
