package dev.runnermetrics.exporter.model;

import java.time.Instant;

/**
 * A job seen starting and not yet finished: the window of a runner's lines that belong to it. Log times, except
 * {@code abandonAt}, which is wall-clock.
 */
public final class OpenJob {

    public String name;
    /** The earliest start line of the job; null when none was seen (no duration then). */
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
    /** The job id, once a line named it. */
    public String id;
    /** The key of the job's Worker log: a runner writes one Worker log per job. */
    public String workerKey;
    /** The furthest of the listener's start lines seen (a {@code StartMark} ordinal), -1 for none. */
    public int stage = -1;
    /** Time of that line, to tell a line copied twice (same time) from the next job's. */
    public Instant stageAt;

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

    void started(Instant time) {
        if (time != null && (start == null || time.isBefore(start))) {
            start = time;
        }
        seen(time);
    }
}
