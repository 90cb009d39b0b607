package dev.runnermetrics.exporter.github.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

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
        List<String> labels = new ArrayList<>();
        job.path("labels").forEach(l -> labels.add(l.asText()));
        labels.sort(null);
        String status = job.path("status").asText();
        boolean running = status.equals("in_progress") || status.equals("completed");
        return new WorkflowJobEvent(job.path("id").asLong(), text(payload.path("action")), status,
                text(job.path("conclusion")), time(job.path("created_at")),
                running ? time(job.path("started_at")) : null, time(job.path("completed_at")),
                text(job.path("name")), text(job.path("runner_name")), text(job.path("runner_group_name")),
                String.join(",", labels), text(payload.path("repository").path("full_name")),
                text(payload.path("deployment").path("environment")), text(job.path("head_sha")), receivedAt);
    }

    static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }

    static Instant time(JsonNode node) {
        String text = text(node);
        if (text == null) {
            return null;
        }
        try {
            java.time.OffsetDateTime time = java.time.OffsetDateTime.parse(text);
            // GitHub writes four-digit years; wider ones would overflow the durations taken between two times
            // (a WebhookPayloadsFuzzTest regression input), so they count as missing like any malformed time.
            return time.getYear() >= 0 && time.getYear() <= 9999 ? time.toInstant() : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
