package dev.runnermetrics.exporter.github.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnermetrics.catalogue.DeploymentResult;
import dev.runnermetrics.exporter.github.client.GithubJson;
import dev.runnermetrics.exporter.github.dora.DeploymentEvent;
import dev.runnermetrics.exporter.github.dora.DoraCalculator;
import dev.runnermetrics.exporter.github.jobs.GithubSettings;
import dev.runnermetrics.exporter.github.jobs.JobFigures;
import dev.runnermetrics.exporter.github.jobs.WorkflowJobEvent;
import dev.runnermetrics.exporter.metrics.Samples;
import java.time.Instant;

/**
 * The sink side of the webhook receiver: turns workflow_job, deployment_status, workflow_run and push deliveries
 * into queue-time, job and DORA figures. Thread-safe: deliveries and scrapes are serialised on this object.
 */
public final class GithubFigures implements WebhookSink {

    private final GithubSettings settings;
    private GithubState state;
    private JobFigures jobs;
    private DoraCalculator dora;
    private boolean dirty;

    public GithubFigures(GithubSettings settings, GithubState state) {
        this.settings = settings;
        use(state == null ? new GithubState() : state);
    }

    private void use(GithubState s) {
        this.state = s;
        this.jobs = new JobFigures(settings, s.jobParts(), s.queueTimeParts(), s.completedParts(), s.droppedParts(),
                s.labels());
        this.dora = new DoraCalculator(s.dora(), settings);
    }

    @Override
    public synchronized void accept(WebhookDelivery delivery) {
        JsonNode payload = delivery.payload();
        if (payload == null || delivery.event() == null) {
            return;
        }
        Instant received = delivery.receivedAt() != null ? delivery.receivedAt() : Instant.now();
        switch (delivery.event()) {
            case "workflow_job" -> {
                WorkflowJobEvent e = WorkflowJobEvent.from(payload, received);
                if (e != null) {
                    jobs.apply(e).ifPresent(dora::workflowJob);
                    dirty = true;
                }
            }
            case "deployment_status" -> deploymentStatus(payload, received);
            case "workflow_run" -> {
                JsonNode run = payload.path("workflow_run");
                commit(GithubJson.text(run.path("head_sha")), run.path("head_commit"));
            }
            case "push" -> {
                payload.path("commits").forEach(c -> commit(GithubJson.text(c.path("id")), c));
                JsonNode head = payload.path("head_commit");
                commit(GithubJson.text(head.path("id")), head);
            }
            default -> {
                // not used
            }
        }
    }

    private void commit(String sha, JsonNode commit) {
        Instant time = GithubJson.time(commit.path("timestamp"));
        if (sha != null && time != null) {
            dora.commit(sha, time);
            dirty = true;
        }
    }

    /** A deployment is a deployment_status whose state is final (success; failure or error) in production. */
    private void deploymentStatus(JsonNode payload, Instant received) {
        JsonNode status = payload.path("deployment_status");
        JsonNode deployment = payload.path("deployment");
        DeploymentResult result = switch (status.path("state").asText("")) {
            case "success" -> DeploymentResult.SUCCESS;
            case "failure", "error" -> DeploymentResult.FAILURE;
            default -> null; // pending, queued, in_progress, inactive
        };
        String environment = GithubJson.text(status.path("environment"));
        if (environment == null) {
            environment = GithubJson.text(deployment.path("environment"));
        }
        boolean production = deployment.path("production_environment").asBoolean(false)
                || environment != null && settings.production().matcher(environment).matches();
        if (result == null || environment == null || !production) {
            return;
        }
        String sha = GithubJson.text(deployment.path("sha"));
        Instant time = GithubJson.time(status.path("created_at"));
        JsonNode run = payload.path("workflow_run");
        Instant commitTime = sha != null && sha.equals(GithubJson.text(run.path("head_sha")))
                ? GithubJson.time(run.path("head_commit").path("timestamp")) : null;
        String key = deployment.path("id").canConvertToLong() ? "deployment:" + deployment.path("id").asLong()
                : "status:" + status.path("id").asText();
        dora.deployment(new DeploymentEvent(key, GithubJson.text(payload.path("repository").path("full_name")),
                environment, sha, result, time != null ? time : received, commitTime));
        dirty = true;
    }

    /** The state as JSON to persist, or null when nothing changed since the last call. */
    public synchronized byte[] takeDirty(ObjectMapper json) throws JsonProcessingException {
        if (!dirty) {
            return null;
        }
        byte[] bytes = json.writeValueAsBytes(state);
        dirty = false;
        return bytes;
    }

    public synchronized void markDirty() {
        dirty = true;
    }

    /** The webhook figures as they are at {@code now} (queued and running jobs depend on it). */
    public synchronized void expose(Samples samples, Instant now) {
        jobs.expose(samples, now);
        dora.expose(samples);
    }
}
