package dev.runnermetrics.exporter.logs;

/**
 * What the job message says about a job. Any field may be null when the message lacks it. Run ids and shas are
 * kept for correlation only and never become labels.
 *
 * @param environment the job's deployment environment ({@code actionsEnvironment.name}), null when the job has none
 * @param headCommitTimestamp {@code github.event.head_commit.timestamp} as written in the message (ISO-8601 with an
 *        offset); only push-like events carry it
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
        String eventName,
        String environment,
        String headCommitTimestamp) {
}
