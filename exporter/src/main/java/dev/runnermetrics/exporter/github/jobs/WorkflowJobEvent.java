package dev.runnermetrics.exporter.github.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runnermetrics.exporter.github.client.GithubJson;
import java.time.Instant;

/**
 * The fields of a {@code workflow_job} delivery the figures use. Old payloads lack created_at and the runner
 * fields; queued and waiting payloads carry a placeholder started_at (equal to created_at), so started_at is read
 * only from in_progress and completed ones.
 */
public record WorkflowJobEvent(long id, String action, String status, String conclusion, Instant createdAt,
        Instant startedAt, Instant completedAt, String name, String runnerName, String runnerGroup, String runsOn,
        String repository, String environment, String headSha, Instant receivedAt) {

    /** Null when the payload is not a usable workflow_job. */
    public static WorkflowJobEvent from(JsonNode payload, Instant receivedAt) {
        JsonNode job = payload.path("workflow_job");
        if (!job.path("id").canConvertToLong() || !job.path("status").isTextual()) {
            return null;
        }
        String status = job.path("status").asText();
        boolean running = status.equals("in_progress") || status.equals("completed");
        return new WorkflowJobEvent(job.path("id").asLong(), GithubJson.text(payload.path("action")), status,
                GithubJson.text(job.path("conclusion")), GithubJson.time(job.path("created_at")),
                running ? GithubJson.time(job.path("started_at")) : null, GithubJson.time(job.path("completed_at")),
                GithubJson.text(job.path("name")), GithubJson.text(job.path("runner_name")),
                GithubJson.text(job.path("runner_group_name")),
                GithubJson.runsOn(job), GithubJson.text(payload.path("repository").path("full_name")),
                GithubJson.text(payload.path("deployment").path("environment")), GithubJson.text(job.path("head_sha")),
                receivedAt);
    }
}
