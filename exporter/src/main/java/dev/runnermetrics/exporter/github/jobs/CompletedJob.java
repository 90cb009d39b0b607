package dev.runnermetrics.exporter.github.jobs;

import java.time.Instant;

/**
 * A workflow job GitHub reported completed, as the deliveries told it so far; whether it was a deployment is for
 * the DORA figures to say.
 *
 * @param time when it completed (completed_at, else the last delivery's receipt)
 */
public record CompletedJob(long id, String name, String repository, String environment, String headSha,
        String conclusion, Instant time) {
}
