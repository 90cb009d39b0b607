package dev.runnermetrics.exporter.github.jobs;

import static dev.runnermetrics.catalogue.Catalogue.GITHUB_OBSERVATIONS_DROPPED;
import static dev.runnermetrics.catalogue.Catalogue.QUEUE_TIME;
import static dev.runnermetrics.catalogue.Catalogue.WORKFLOW_JOBS_COMPLETED;
import static dev.runnermetrics.catalogue.Catalogue.WORKFLOW_JOBS_IN_PROGRESS;
import static dev.runnermetrics.catalogue.Catalogue.WORKFLOW_JOBS_QUEUED;
import static dev.runnermetrics.exporter.github.jobs.Payloads.delivery;
import static dev.runnermetrics.exporter.github.jobs.Payloads.job;
import static dev.runnermetrics.exporter.github.jobs.Payloads.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnermetrics.exporter.github.webhook.GithubFigures;
import dev.runnermetrics.exporter.metrics.RecordedSamples;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** workflow_job deliveries, recorded ones and edits of them, in order, out of order and repeated. */
public class JobFiguresTest {

    private static final Instant NOW = Instant.parse("2021-08-05T11:00:00Z");

    private GithubFigures figures = new GithubFigures(GithubSettings.defaults(Map.of("runner-1", "chrome")), null);

    /** completed.1: created 10:33:58, started 10:34:58 → 60 s queue; a hosted runner, so runner_name "other". */
    @Test
    void recordedCompletedJobGivesQueueTimeAndConclusion() {
        figures.accept(delivery("workflow_job", load("workflow_job/completed.1.json"), "2021-08-05T10:38:17Z"));
        RecordedSamples s = RecordedSamples.of(s_ -> figures.expose(s_, NOW));
        RecordedSamples.Buckets q = only(s.histograms().get(QUEUE_TIME));
        assertEquals(Map.of("runner_name", "other", "runner_type", "other", "runner_group", "GitHub Actions"),
                q.labels());
        assertEquals(1, q.count());
        assertEquals(60.0, q.sum());
        assertEquals(1, q.counts()[4]); // le=60
        assertEquals(Map.of("runner_name", "other", "runner_type", "other", "runner_group", "GitHub Actions",
                "conclusion", "success"), only(s.values().get(WORKFLOW_JOBS_COMPLETED)).labels());
        assertEquals(1.0, only(s.values().get(WORKFLOW_JOBS_COMPLETED)).value());
        assertEquals(0.0, only(s.values().get(WORKFLOW_JOBS_QUEUED)).value()); // a known zero
        assertNull(s.values().get(WORKFLOW_JOBS_IN_PROGRESS));
    }

    @Test
    void inOrderJobMovesThroughTheGaugesOnOurRunner() {
        figures.accept(delivery("workflow_job", stage("queued", null), "2021-08-05T10:33:59Z"));
        assertEquals(1.0, only(RecordedSamples.of(s_ -> figures.expose(s_, NOW)).values().get(WORKFLOW_JOBS_QUEUED)).value());

        figures.accept(delivery("workflow_job", stage("in_progress", null), "2021-08-05T10:34:59Z"));
        RecordedSamples running = RecordedSamples.of(s_ -> figures.expose(s_, NOW));
        assertEquals(0.0, only(running.values().get(WORKFLOW_JOBS_QUEUED)).value());
        RecordedSamples.Value inProgress = only(running.values().get(WORKFLOW_JOBS_IN_PROGRESS));
        assertEquals(Map.of("runner_name", "runner-1", "runner_type", "chrome", "runner_group", "GitHub Actions"),
                inProgress.labels());
        assertEquals(1.0, inProgress.value());
        assertEquals(60.0, only(running.histograms().get(QUEUE_TIME)).sum());

        figures.accept(delivery("workflow_job", stage("completed", "failure"), "2021-08-05T10:38:17Z"));
        RecordedSamples done = RecordedSamples.of(s_ -> figures.expose(s_, NOW));
        assertNull(done.values().get(WORKFLOW_JOBS_IN_PROGRESS));
        assertEquals("failure", only(done.values().get(WORKFLOW_JOBS_COMPLETED)).labels().get("conclusion"));
        assertEquals(1, only(done.histograms().get(QUEUE_TIME)).count());
    }

    /** completed before in_progress before queued: the same figures, and no job stuck in a gauge. */
    @Test
    void outOfOrderDeliveriesGiveTheSameFigures() {
        figures.accept(delivery("workflow_job", stage("completed", "success"), "2021-08-05T10:38:17Z"));
        figures.accept(delivery("workflow_job", stage("in_progress", null), "2021-08-05T10:38:18Z"));
        figures.accept(delivery("workflow_job", stage("queued", null), "2021-08-05T10:38:19Z"));
        figures.accept(delivery("workflow_job", stage("completed", "success"), "2021-08-05T10:38:20Z")); // again
        RecordedSamples s = RecordedSamples.of(s_ -> figures.expose(s_, NOW));
        assertEquals(0.0, only(s.values().get(WORKFLOW_JOBS_QUEUED)).value());
        assertNull(s.values().get(WORKFLOW_JOBS_IN_PROGRESS));
        assertEquals(1.0, only(s.values().get(WORKFLOW_JOBS_COMPLETED)).value());
        RecordedSamples.Buckets q = only(s.histograms().get(QUEUE_TIME));
        assertEquals(1, q.count());
        assertEquals(60.0, q.sum());
        assertEquals("runner-1", q.labels().get("runner_name"));
    }

    /**
     * waiting.1 and queued.2 (action queued but status waiting) are the environment approval wait; the queue time
     * starts when the job is queued again after it, not at created_at.
     */
    @Test
    void approvalWaitIsNotQueueTime() {
        figures.accept(delivery("workflow_job", load("workflow_job/queued.2.json"), "2023-04-19T21:12:13Z"));
        figures.accept(delivery("workflow_job", load("workflow_job/waiting.1.json"), "2023-04-19T21:12:14Z"));
        RecordedSamples waiting = RecordedSamples.of(s_ -> figures.expose(s_, Instant.parse("2023-04-19T21:13:00Z")));
        assertEquals(0.0, only(waiting.values().get(WORKFLOW_JOBS_QUEUED)).value(), "waiting is not queued");

        ObjectNode approved = load("workflow_job/waiting.1.json");
        approved.put("action", "queued");
        job(approved).put("status", "queued");
        figures.accept(delivery("workflow_job", approved, "2023-04-19T22:00:00Z")); // approved 48 min later
        assertEquals(1.0, only(RecordedSamples.of(s_ -> figures.expose(s_, Instant.parse("2023-04-19T22:00:01Z"))).values()
                .get(WORKFLOW_JOBS_QUEUED)).value());

        ObjectNode started = load("workflow_job/waiting.1.json");
        started.put("action", "in_progress");
        job(started).put("status", "in_progress").put("started_at", "2023-04-19T22:00:30Z")
                .put("runner_name", "runner-1").put("runner_group_name", "Default");
        figures.accept(delivery("workflow_job", started, "2023-04-19T22:00:31Z"));
        RecordedSamples.Buckets q = only(RecordedSamples.of(s_ -> figures.expose(s_, Instant.parse("2023-04-19T22:01:00Z"))).histograms()
                .get(QUEUE_TIME));
        assertEquals(30.0, q.sum(), "from the approval, not from created_at 21:12:12");
    }

    /**
     * A queued delivery received before the waiting one is not the approval's end, whether it is applied before or
     * after it (found by WebhookPayloadsFuzzTest: applying the deliveries again counted a negative queue time).
     */
    @Test
    void queuedBeforeTheWaitDoesNotEndIt() {
        ObjectNode queued = load("workflow_job/waiting.1.json");
        queued.put("action", "queued");
        job(queued).put("status", "queued");
        ObjectNode waiting = load("workflow_job/waiting.1.json");
        ObjectNode started = load("workflow_job/waiting.1.json");
        started.put("action", "in_progress");
        job(started).put("status", "in_progress").put("started_at", "2023-04-19T21:12:40Z")
                .put("runner_name", "runner-1");
        for (int pass = 0; pass < 2; pass++) {
            figures.accept(delivery("workflow_job", queued, "2023-04-19T21:12:13Z"));
            figures.accept(delivery("workflow_job", waiting, "2023-04-19T21:12:14Z"));
            figures.accept(delivery("workflow_job", started, "2023-04-19T21:12:41Z"));
            RecordedSamples s = RecordedSamples.of(s_ -> figures.expose(s_, Instant.parse("2023-04-19T21:13:00Z")));
            assertNull(s.histograms().get(QUEUE_TIME), "pass " + pass);
            assertNull(s.values().get(GITHUB_OBSERVATIONS_DROPPED), "pass " + pass);
            assertEquals(1.0, only(s.values().get(WORKFLOW_JOBS_IN_PROGRESS)).value());
        }
    }

    @Test
    void approvalWaitWithoutItsEndIsDroppedAndCounted() {
        figures.accept(delivery("workflow_job", load("workflow_job/waiting.1.json"), "2023-04-19T21:12:14Z"));
        ObjectNode completed = load("workflow_job/waiting.1.json");
        completed.put("action", "completed");
        job(completed).put("status", "completed").put("conclusion", "success")
                .put("started_at", "2023-04-19T22:00:30Z").put("completed_at", "2023-04-19T22:05:00Z")
                .put("runner_name", "runner-1");
        figures.accept(delivery("workflow_job", completed, "2023-04-19T22:05:01Z"));
        RecordedSamples s = RecordedSamples.of(s_ -> figures.expose(s_, Instant.parse("2023-04-19T22:06:00Z")));
        assertNull(s.histograms().get(QUEUE_TIME));
        assertEquals(Map.of("reason", "approval_wait_unknown"),
                only(s.values().get(GITHUB_OBSERVATIONS_DROPPED)).labels());
    }

    @Test
    void negativeQueueTimeIsDroppedAndCounted() {
        ObjectNode p = stage("completed", "success");
        job(p).put("started_at", "2021-08-05T10:33:00Z"); // before created_at 10:33:58
        figures.accept(delivery("workflow_job", p, "2021-08-05T10:38:17Z"));
        RecordedSamples s = RecordedSamples.of(s_ -> figures.expose(s_, NOW));
        assertNull(s.histograms().get(QUEUE_TIME));
        RecordedSamples.Value dropped = only(s.values().get(GITHUB_OBSERVATIONS_DROPPED));
        assertEquals(Map.of("reason", "negative_queue_time"), dropped.labels());
        assertEquals(1.0, dropped.value());
        assertEquals(1.0, only(s.values().get(WORKFLOW_JOBS_COMPLETED)).value(), "the job still counts");
    }

    /** queued.3 (2021 shape: no created_at, no runner fields) and started.1 (retired action) are tolerated. */
    @Test
    void oldPayloadShapesAreTolerated() {
        figures.accept(delivery("workflow_job", load("workflow_job/queued.3.json"), "2021-08-05T10:00:00Z"));
        figures.accept(delivery("workflow_job", load("workflow_job/started.1.json"), "2021-08-05T10:35:00Z"));
        RecordedSamples s = RecordedSamples.of(s_ -> figures.expose(s_, NOW));
        assertEquals(1.0, only(s.values().get(WORKFLOW_JOBS_QUEUED)).value());
        assertEquals(1.0, only(s.values().get(WORKFLOW_JOBS_IN_PROGRESS)).value());
        assertNull(s.histograms().get(QUEUE_TIME), "started.1 has no created_at");
    }

    @Test
    void staleJobsLeaveTheGauges() {
        figures.accept(delivery("workflow_job", stage("in_progress", null), "2021-08-05T10:34:59Z"));
        assertNull(RecordedSamples.of(s_ -> figures.expose(s_, NOW.plus(Duration.ofDays(7)))).values()
                .get(WORKFLOW_JOBS_IN_PROGRESS));
    }

    /** runs_on and repository only when opted in, capped: a second repository with a cap of 1 becomes "other". */
    @Test
    void optInLabelsAreCapped() {
        figures = new GithubFigures(new GithubSettings(Map.of(), List.of("runs_on", "repository"),
                Pattern.compile(".*"), 1, Optional.empty(), GithubSettings.DEFAULT_PRODUCTION, 100,
                Duration.ofDays(6)), null);
        figures.accept(delivery("workflow_job", load("workflow_job/completed.1.json"), "2021-08-05T10:38:17Z"));
        ObjectNode other = load("workflow_job/completed.2.json");
        job(other).put("id", 2);
        ((ObjectNode) other.get("repository")).put("full_name", "octo-org/another");
        figures.accept(delivery("workflow_job", other, "2021-08-05T10:38:18Z"));
        List<RecordedSamples.Value> completed = RecordedSamples.of(s_ -> figures.expose(s_, NOW)).values().get(WORKFLOW_JOBS_COMPLETED);
        assertEquals(2, completed.size());
        assertTrue(completed.stream().anyMatch(v -> v.labels().get("repository").equals("Codertocat/Hello-World")
                && v.labels().get("runs_on").equals("ubuntu-latest")
                && v.labels().get("conclusion").equals("success")));
        assertTrue(completed.stream().anyMatch(v -> v.labels().get("repository").equals("other")
                && v.labels().get("conclusion").equals("failure")));
    }

    @Test
    void trackedJobsAreBounded() {
        figures = new GithubFigures(new GithubSettings(Map.of(), List.of(), Pattern.compile(".*"), 50,
                Optional.empty(), GithubSettings.DEFAULT_PRODUCTION, 3, Duration.ofDays(6)), null);
        for (int id = 1; id <= 10; id++) {
            ObjectNode p = stage("queued", null);
            job(p).put("id", id);
            figures.accept(delivery("workflow_job", p, "2021-08-05T10:34:00Z"));
        }
        assertEquals(3.0, only(RecordedSamples.of(s_ -> figures.expose(s_, NOW)).values().get(WORKFLOW_JOBS_QUEUED)).value());
    }

    /** completed.1 edited to another stage of the same job, run by our runner-1. */
    public static ObjectNode stage(String status, String conclusion) {
        ObjectNode p = load("workflow_job/completed.1.json");
        p.put("action", status);
        ObjectNode job = job(p);
        job.put("status", status).put("runner_name", "runner-1");
        if (conclusion == null) {
            job.putNull("conclusion").putNull("completed_at");
        } else {
            job.put("conclusion", conclusion);
        }
        if (status.equals("queued")) {
            job.putNull("runner_name").putNull("runner_group_name").putNull("runner_id");
            job.put("started_at", job.get("created_at").asText()); // the placeholder GitHub sends
        }
        return p;
    }

    public static <T> T only(List<T> list) {
        assertEquals(1, list == null ? 0 : list.size(), "series: " + list);
        return list.get(0);
    }
}
