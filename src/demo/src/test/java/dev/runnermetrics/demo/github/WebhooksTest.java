package dev.runnermetrics.demo.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnermetrics.demo.workflow.Job;
import dev.runnermetrics.demo.workflow.Outcome;
import dev.runnermetrics.demo.workflow.Runs;
import dev.runnermetrics.demo.workflow.Templates;
import dev.runnermetrics.exporter.github.webhook.WebhookSignature;
import dev.runnermetrics.testkit.webhooks.Delivery;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** GitHub's side of the demo: what it sends for a job and a deployment, and that the exporter accepts the signature. */
class WebhooksTest {

    private static final Path PAYLOADS = Path.of("github-webhooks");
    private static final Instant RECEIVED = Instant.parse("2026-11-22T12:00:40Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Sent(String event, String body) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final Webhooks webhooks = new Webhooks(new Sender() {
        @Override
        public void send(String event, String body) {
            sent.add(new Sent(event, body));
        }

        @Override
        public void close() {
        }
    }, new Random(1), PAYLOADS);

    private static Job job(Outcome outcome) {
        return Job.next(Templates.ALL.get(0), outcome, 1, new Random(2), "https://pipelines.example/", new Runs(19_470_000_000L));
    }

    @Test
    void aJobThatRunsIsQueuedStartedAndCompletedWithItsQueueTimeAndConclusion() throws Exception {
        Job job = job(Outcome.FAILED);
        webhooks.queued(job, 3, RECEIVED);
        webhooks.started(job, 3, "demo-runner-1", 27, RECEIVED.plusSeconds(1));
        webhooks.completed(job, 3, "demo-runner-1", 27, "Failed", RECEIVED.plusSeconds(9));

        assertEquals(List.of("workflow_job", "workflow_job", "workflow_job"), sent.stream().map(Sent::event).toList());
        JsonNode queued = JSON.readTree(sent.get(0).body());
        JsonNode completed = JSON.readTree(sent.get(2).body());
        assertEquals("queued", queued.at("/action").asText());
        assertEquals(9_000_000_003L, completed.at("/workflow_job/id").asLong());
        assertEquals(job.runId, completed.at("/workflow_job/run_id").asText());
        assertEquals(job.sha, completed.at("/workflow_job/head_sha").asText());
        assertEquals("acme/web-shop", completed.at("/repository/full_name").asText());
        assertEquals("demo-runner-1", completed.at("/workflow_job/runner_name").asText());
        assertEquals(27, completed.at("/workflow_job/runner_id").asInt());
        assertEquals("failure", completed.at("/workflow_job/conclusion").asText());
        assertEquals(RECEIVED.plusSeconds(9).toString(), completed.at("/workflow_job/completed_at").asText());
        long queueSeconds = RECEIVED.getEpochSecond()
                - Instant.parse(queued.at("/workflow_job/created_at").asText()).getEpochSecond();
        assertTrue(queueSeconds >= 2 && queueSeconds <= 40, "queued 2 to 40 s before the runner got it: " + queueSeconds);
        assertTrue(queued.at("/workflow_job/completed_at").isNull());
    }

    @Test
    void anAbandonedJobIsNotOurs() {
        Job job = job(Outcome.ABANDONED);
        webhooks.queued(job, 1, RECEIVED);
        webhooks.completed(job, 1, "demo-runner-1", 27, "Canceled", RECEIVED.plusSeconds(1));
        assertEquals(List.of(), sent);
    }

    @Test
    void aDeploymentIsAWorkflowRunWithItsCommitTimeThenItsStatus() throws Exception {
        webhooks.afterJob(1, RECEIVED);
        webhooks.afterJob(3, RECEIVED); // no deployment after job 3

        assertEquals(List.of("workflow_run", "deployment_status"), sent.stream().map(Sent::event).toList());
        JsonNode run = JSON.readTree(sent.get(0).body());
        JsonNode status = JSON.readTree(sent.get(1).body());
        assertEquals(RECEIVED.minusSeconds(25 * 60).toString(), run.at("/workflow_run/head_commit/timestamp").asText());
        assertEquals(run.at("/workflow_run/head_sha").asText(), status.at("/deployment/sha").asText());
        assertEquals("success", status.at("/deployment_status/state").asText());
        assertEquals("acme/web-shop", status.at("/repository/full_name").asText());
    }

    @Test
    void aDeliverysSignatureVerifiesWithTheExportersAlgorithmAndOnlyForItsBody() {
        webhooks.queued(job(Outcome.SUCCEEDED), 1, RECEIVED);
        String secret = "runner-metrics-demo-secret";
        HttpSender sender = new HttpSender(URI.create("http://127.0.0.1:9091/webhooks/github"), secret);
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);

        Delivery delivery = sender.delivery("workflow_job", sent.get(0).body(), 1);

        assertEquals("workflow_job", delivery.headers().get("X-GitHub-Event"));
        assertTrue(WebhookSignature.verify(key, delivery.body(), delivery.signature()));
        assertFalse(WebhookSignature.verify(key, (sent.get(0).body() + " ").getBytes(StandardCharsets.UTF_8),
                delivery.signature()));
        sender.close();
    }

    @Test
    void aPayloadEditChangesOneScalarAndRefusesAPathTheFileDoesNotHave() {
        String json = "{\n  \"a\": {\n    \"id\": 1,\n    \"name\": \"x\"\n  },\n  \"id\": 2\n}";
        assertEquals("{\n  \"a\": {\n    \"id\": 7,\n    \"name\": \"x\"\n  },\n  \"id\": 2\n}",
                PayloadFile.set(json, "a.id", "7"));
        assertEquals("{\n  \"a\": {\n    \"id\": 1,\n    \"name\": \"x\"\n  },\n  \"id\": null\n}",
                PayloadFile.set(json, "id", "null"));
        assertThrows(IllegalArgumentException.class, () -> PayloadFile.set(json, "a.missing", "1"));
    }
}
