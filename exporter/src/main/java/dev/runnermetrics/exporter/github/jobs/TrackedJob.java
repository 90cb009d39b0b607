package dev.runnermetrics.exporter.github.jobs;

import java.time.Instant;

/**
 * What the workflow_job deliveries told so far about one job (keyed by workflow_job.id); persisted as it is.
 *
 * @param status        highest status seen: waiting &lt; queued &lt; in_progress &lt; completed; an older delivery
 *                      never lowers it
 * @param waitingHeard  latest receipt of a delivery with status waiting (also sent with action queued); set when the
 *                      job waited for an environment approval
 * @param queuedHeard   latest receipt of a delivery with status queued. After {@code waitingHeard} it marks the
 *                      approval's end (the payload has no approval time); kept apart so the outcome does not depend
 *                      on the order deliveries are applied
 */
public record TrackedJob(String status, Instant createdAt, Instant startedAt, Instant completedAt,
        Instant waitingHeard, Instant queuedHeard, String runnerName, String runnerGroup, String runsOn,
        String repository, String name, String environment, String headSha, String conclusion,
        boolean queueObserved, boolean completedCounted, Instant lastHeard) {

    static final TrackedJob NEW = new TrackedJob(null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, false, false, null);

    TrackedJob withQueueObserved() {
        return new TrackedJob(status, createdAt, startedAt, completedAt, waitingHeard, queuedHeard, runnerName,
                runnerGroup, runsOn, repository, name, environment, headSha, conclusion, true, completedCounted,
                lastHeard);
    }

    TrackedJob withCompletedCounted() {
        return new TrackedJob(status, createdAt, startedAt, completedAt, waitingHeard, queuedHeard, runnerName,
                runnerGroup, runsOn, repository, name, environment, headSha, conclusion, queueObserved, true,
                lastHeard);
    }
}
