package dev.runnermetrics.exporter.model;

import dev.runnermetrics.catalogue.JobResult;
import java.time.Instant;

/**
 * A job the model has just counted, once per job key however often its lines are read, for figures derived from
 * finished jobs (deployments). Context fields are null when the Worker's job message was not read.
 *
 * @param key                 the job key (the job id, or a file- or console-derived key)
 * @param contextSeen         whether the Worker's job message was read for this job
 * @param headCommitTimestamp {@code github.event.head_commit.timestamp} as the message wrote it
 * @param end                 log time of the result; null when the job was closed as abandoned
 */
public record JobEnd(String key, String name, boolean contextSeen, String repository, String environment,
        String sha, String headCommitTimestamp, JobResult result, Instant end) {
}
