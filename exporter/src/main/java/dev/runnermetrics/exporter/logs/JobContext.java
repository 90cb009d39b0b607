package dev.runnermetrics.exporter.logs;

/**
 * What the job message says about a job. Any field may be null when the message lacks it. Run ids and shas are
 * kept for correlation only and never become labels.
 */
public record JobContext(
        String jobId,
        String displayName,
        String repository,
        String workflow,
        String job,
        String runId,
        String runAttempt,
        String ref,
        String sha,
        String eventName) {
}
