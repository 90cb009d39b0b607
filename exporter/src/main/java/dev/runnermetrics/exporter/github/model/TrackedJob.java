package dev.runnermetrics.exporter.github.model;

import java.time.Instant;

/** What the workflow_job deliveries told so far about one job (keyed by workflow_job.id). */
public final class TrackedJob {

    /** Highest status seen: waiting &lt; queued &lt; in_progress &lt; completed; an older delivery never lowers it. */
    public String status;
    public Instant createdAt;
    public Instant startedAt;
    public Instant completedAt;
    /**
     * Latest receipt of a delivery with status waiting (also sent with action queued); set when the job waited for an
     * environment approval.
     */
    public Instant waitingHeard;
    /**
     * Latest receipt of a delivery with status queued. After {@link #waitingHeard} it marks the approval's end (the
     * payload has no approval time); kept apart so the outcome does not depend on the order deliveries are applied.
     */
    public Instant queuedHeard;
    public String runnerName;
    public String runnerGroup;
    public String runsOn;
    public String repository;
    public String name;
    public String environment;
    public String headSha;
    public String conclusion;
    public boolean queueObserved;
    public boolean completedCounted;
    public Instant lastHeard;
}
