package dev.runnermetrics.dashboards.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnermetrics.testkit.webhooks.Delivery;
import dev.runnermetrics.testkit.webhooks.WebhookSigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A scripted sequence of GitHub webhook deliveries with hand-computed DORA and queue-time figures, sent to the
 * exporter's {@code POST /webhooks/github} the way GitHub sends them: compact JSON, {@code X-Hub-Signature-256} =
 * HMAC-SHA256 of exactly the bytes sent, {@code X-GitHub-Event}, a fresh {@code X-GitHub-Delivery}.
 *
 * <p>Every payload starts from a recorded one in {@code src/demo/github-webhooks/} (see its SOURCES.md; the demo sends
 * them too); only identifiers, time stamps, states and, for the second site, repository and environment names are
 * changed, here in code. The exporter's defaults decide what counts: a deployment is a {@code deployment_status} with
 * a final state (success; failure) in an environment matching "prod" (the recorded {@code production}, and
 * {@code production-eu}); the lead time is the deployed sha's commit time, known from a {@code workflow_run}
 * delivery's {@code head_commit.timestamp}, to the successful status' {@code created_at}; time to restore is a failed
 * deployment to the next successful one; queue time is {@code created_at} to {@code started_at} of a workflow job
 * that ran on a runner (the demo runner, so it carries that runner's labels).
 *
 * <p>All times are fixed, so the figures do not depend on when the test runs. {@link #HISTORY} is sent before
 * Prometheus starts (so the DORA series exist with a first sample before the deployments Prometheus is to count, as
 * the demo runner's bundled jobs do for the job counters); {@link #LIVE} while Prometheus watches.
 */
final class WebhookScript {

    static final String SECRET = "e2e-webhook-secret-not-for-production";
    /** The test kit's HMAC: this module has no exporter classes to sign with (WebhookSignerTest checks it). */
    private static final WebhookSigner SIGNER = WebhookSigner.hmacSha256(SECRET);

    /** As recorded in deployment_status/created.1.json. */
    static final String REPOSITORY = "Codertocat/Hello-World";
    static final String ENVIRONMENT = "production";
    /**
     * A second repository deploying to another production environment, so the dashboard's repository and environment
     * variables have something to tell apart; its dots need Grafana's regex escaping when selected.
     */
    static final String OTHER_REPOSITORY = "octocat/octocat.github.io";
    static final String OTHER_ENVIRONMENT = "production-eu";

    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    /** Where deployments go: one series of each DORA family per repository and environment. */
    record Site(String repository, String environment) {
    }

    static final Site HELLO_WORLD = new Site(REPOSITORY, ENVIRONMENT);
    static final Site OTHER = new Site(OTHER_REPOSITORY, OTHER_ENVIRONMENT);

    /** A deployment; {@code commit} is the deployed sha's commit time, sent in a workflow_run first (null: none). */
    record Deployment(long id, Site site, Instant commit, String state, Instant at) {
        String sha() {
            return WebhookScript.sha("deployment " + id);
        }
    }

    /** A workflow job on the demo runner: created, started {@code queueSeconds} later, done {@code runSeconds} later. */
    record Job(long id, Instant created, long queueSeconds, long runSeconds, String conclusion) {
        Instant started() {
            return created.plusSeconds(queueSeconds);
        }
    }

    /**
     * Yesterday's deployments, before Prometheus. Hello-World: 9001 fails at 09:00:00; 9002 (committed 08:30:00)
     * succeeds at 09:20:00: lead time 3000 s, and it restores 9001 after 1200 s. The other site: 9101 fails at
     * 08:40:00; 9102 (committed 08:50:00) succeeds at 09:00:00: lead time 600 s, restoring 9101 after 1200 s.
     *
     * <p>Every series the live deployments move thus starts above 0 (the other site's lead time lies in the bucket of
     * its live one), so increase() extrapolates them all by the same factor and the panels' ratios and quantiles are
     * exact (a counter starting at 0 is not extrapolated below its start).
     */
    static final List<Deployment> HISTORY = List.of(
            new Deployment(9001, HELLO_WORLD, null, "failure", T0),
            new Deployment(9002, HELLO_WORLD, at("08:30:00"), "success", at("09:20:00")),
            new Deployment(9101, OTHER, null, "failure", at("08:40:00")),
            new Deployment(9102, OTHER, at("08:50:00"), "success", at("09:00:00")));

    /**
     * While Prometheus watches, in three batches of two (see DashboardQueriesIT). Hello-World: 9003 committed
     * 09:30:00, deployed 10:01:40 (lead time 1900 s); 9004 fails at 10:30:00; 9005 committed 10:28:20, deployed
     * 11:10:00 (lead time 2500 s; restores 9004 after 2400 s); 9006 committed 11:00:00, deployed 11:51:40 (lead time
     * 3100 s). The other site: 9103 fails at 10:40:00; 9104 committed 10:45:00, deployed 10:55:00 (lead time 600 s;
     * restores 9103 after 900 s).
     */
    static final List<Deployment> LIVE = List.of(
            new Deployment(9003, HELLO_WORLD, at("09:30:00"), "success", at("10:01:40")),
            new Deployment(9004, HELLO_WORLD, null, "failure", at("10:30:00")),
            new Deployment(9103, OTHER, null, "failure", at("10:40:00")),
            new Deployment(9104, OTHER, at("10:45:00"), "success", at("10:55:00")),
            new Deployment(9005, HELLO_WORLD, at("10:28:20"), "success", at("11:10:00")),
            new Deployment(9006, HELLO_WORLD, at("11:00:00"), "success", at("11:51:40")));

    /** Three jobs on the demo runner that waited 12 s, 18 s and 27 s; two succeed, one fails. */
    static final List<Job> JOBS = List.of(
            new Job(7001, at("10:00:00"), 12, 95, "success"),
            new Job(7002, at("10:05:00"), 18, 140, "failure"),
            new Job(7003, at("10:10:00"), 27, 60, "success"));

    /**
     * Jobs cancelled while they waited, before any runner took them: one before Prometheus starts (so the series
     * exists), one while it watches (the one Job Analysis' "Cancelled Before a Runner Took Them" counts).
     */
    static final Job CANCELLED_EARLIER = new Job(7101, at("08:00:00"), 0, 0, "cancelled");
    static final Job CANCELLED_LIVE = new Job(7102, at("10:20:00"), 0, 0, "cancelled");

    /**
     * A job on another team's runner whose started_at lies 30 s before its created_at (a skewed clock): the exporter
     * cannot observe its queue time and counts it as dropped (negative_queue_time), before Prometheus starts.
     */
    static final Job SKEWED_ELSEWHERE = new Job(7201, at("08:10:00"), -30, 60, "success");
    static final String OTHER_TEAMS_RUNNER = "another-team-runner-1";

    // Hand-computed figures. The exporter's own counters (history and live together), of Hello-World:
    /** deployments 9002, 9003, 9005, 9006. */
    static final long SUCCESSES = 4;
    /** deployments 9001, 9004. */
    static final long FAILURES = 2;
    /** 3000 + 1900 + 2500 + 3100 s over 4 successful deployments. */
    static final double LEAD_TIME_SUM = 10_500;
    static final long LEAD_TIME_COUNT = 4;
    /** 1200 + 2400 s: 9001 → 9002 and 9004 → 9005. */
    static final double TIME_TO_RESTORE_SUM = 3_600;
    static final long TIME_TO_RESTORE_COUNT = 2;
    // ... of the other site:
    /** 9102, 9104. */
    static final long OTHER_SUCCESSES = 2;
    /** 9101, 9103. */
    static final long OTHER_FAILURES = 2;
    /** 600 + 600 s. */
    static final double OTHER_LEAD_TIME_SUM = 1_200;
    static final long OTHER_LEAD_TIME_COUNT = 2;
    /** 1200 + 900 s: 9101 → 9102 and 9103 → 9104. */
    static final double OTHER_TIME_TO_RESTORE_SUM = 2_100;
    static final long OTHER_TIME_TO_RESTORE_COUNT = 2;
    /** Both sites, history and live. */
    static final long DEPLOYMENTS = SUCCESSES + FAILURES + OTHER_SUCCESSES + OTHER_FAILURES;
    /** 12 + 18 + 27 s over 3 jobs. */
    static final double QUEUE_TIME_SUM = 57;
    static final long QUEUE_TIME_COUNT = 3;

    // What the panels show, from the live deployments only (increase() over the range counts what Prometheus saw).
    // Hello-World selected (the repository variable on it, or the environment variable on production):
    /** 9003, 9005, 9006. */
    static final long LIVE_SUCCESSES = 3;
    /** 9004 failed out of 4 deployments: 1 / 4. */
    static final double CHANGE_FAILURE_RATE = 0.25;
    /**
     * Prometheus estimates quantiles from buckets: the live lead times 1900, 2500 and 3100 s all lie in the bucket
     * (1800, 3600], so the median is 1800 + (3600 − 1800) × 0.5 = 2700 s (the true median is 2500 s, the mean 2500 s:
     * {@code (LEAD_TIME_SUM − 3000) / 3}).
     */
    static final double LEAD_TIME_MEDIAN_SHOWN = 2_700;
    // The other site selected:
    /** 9104. */
    static final long OTHER_LIVE_SUCCESSES = 1;
    /** 9103 failed out of 2. */
    static final double OTHER_CHANGE_FAILURE_RATE = 0.5;
    /** The one live lead time, 600 s, in the bucket (300, 900]: 300 + (900 − 300) × 0.5 = 600 s. */
    static final double OTHER_LEAD_TIME_MEDIAN_SHOWN = 600;
    // All repositories and environments (Grafana's "All"):
    static final long ALL_LIVE_SUCCESSES = LIVE_SUCCESSES + OTHER_LIVE_SUCCESSES;
    /** 9004 and 9103 failed out of 6. */
    static final double ALL_CHANGE_FAILURE_RATE = 2.0 / 6;
    /**
     * Lead times 600 s in (300, 900] and 1900, 2500, 3100 s in (1800, 3600]: the median's rank 2 of 4 lies in the
     * latter bucket, 1 of its 3 in: 1800 + (3600 − 1800) × (2 − 1) / 3 = 2400 s.
     */
    static final double ALL_LEAD_TIME_MEDIAN_SHOWN = 2_400;
    /** Likewise, the queue times 12, 18 and 27 s all lie in (10, 30]: p95 = 10 + (30 − 10) × 0.95 = 29 s. */
    static final double QUEUE_TIME_P95_SHOWN = 29;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final Path templates;
    private final String runnerName;
    private int sent;

    WebhookScript(int port, Path templates, String runnerName) {
        this.endpoint = URI.create("http://127.0.0.1:" + port + "/webhooks/github");
        this.templates = templates;
        this.runnerName = runnerName;
    }

    /** A workflow_run carrying the sha's commit time (when given), then the deployment's final status. */
    void deploy(Deployment d) throws IOException, InterruptedException {
        if (d.commit() != null) {
            ObjectNode run = template("workflow_run/completed.1.json");
            ObjectNode wr = (ObjectNode) run.path("workflow_run");
            wr.put("id", 4_000_000L + d.id());
            wr.put("head_sha", d.sha());
            wr.put("created_at", iso(d.commit().plusSeconds(30)));
            wr.put("run_started_at", iso(d.commit().plusSeconds(30)));
            wr.put("updated_at", iso(d.at()));
            ObjectNode head = (ObjectNode) wr.path("head_commit");
            head.put("id", d.sha());
            head.put("timestamp", iso(d.commit()));
            send("workflow_run", run);
        }
        ObjectNode payload = template("deployment_status/created.1.json");
        ObjectNode repository = (ObjectNode) payload.path("repository");
        repository.put("full_name", d.site().repository());
        repository.put("name", d.site().repository().substring(d.site().repository().indexOf('/') + 1));
        ObjectNode deployment = (ObjectNode) payload.path("deployment");
        deployment.put("environment", d.site().environment());
        deployment.put("id", d.id());
        deployment.put("sha", d.sha());
        deployment.put("created_at", iso(d.at().minusSeconds(2)));
        deployment.put("updated_at", iso(d.at()));
        ObjectNode status = (ObjectNode) payload.path("deployment_status");
        status.put("id", 5_000_000L + d.id());
        status.put("state", d.state());
        status.put("environment", d.site().environment());
        status.put("created_at", iso(d.at()));
        status.put("updated_at", iso(d.at()));
        send("deployment_status", payload);
    }

    /** queued and in_progress: the queue time is known once the job started on the runner. */
    void start(Job job) throws IOException, InterruptedException {
        ObjectNode queued = job(job, "workflow_job/queued.1.json");
        put(queued, "queued", null, null, null);
        send("workflow_job", queued);
        ObjectNode running = job(job, "workflow_job/in_progress.1.json");
        put(running, "in_progress", job.started(), null, null);
        send("workflow_job", running);
    }

    void complete(Job job) throws IOException, InterruptedException {
        ObjectNode done = job(job, "workflow_job/completed.1.json");
        put(done, "completed", job.started(), job.started().plusSeconds(job.runSeconds()), job.conclusion());
        send("workflow_job", done);
    }

    /** queued, then completed as cancelled with no runner: GitHub's deliveries for a run cancelled while it waited. */
    void cancelBeforeStart(Job job) throws IOException, InterruptedException {
        ObjectNode queued = job(job, "workflow_job/queued.1.json");
        put(queued, "queued", null, null, null);
        send("workflow_job", queued);
        ObjectNode done = job(job, "workflow_job/completed.1.json");
        put(done, "completed", null, job.created().plusSeconds(60), job.conclusion());
        ObjectNode wj = (ObjectNode) done.path("workflow_job");
        wj.putNull("runner_id");
        wj.putNull("runner_name");
        send("workflow_job", done);
    }

    /** in_progress then completed on a runner that is not ours, with the job's own times. */
    void runElsewhere(Job job, String runner) throws IOException, InterruptedException {
        ObjectNode running = job(job, "workflow_job/in_progress.1.json");
        put(running, "in_progress", job.started(), null, null);
        ((ObjectNode) running.path("workflow_job")).put("runner_name", runner).put("runner_id", 9_999);
        send("workflow_job", running);
        ObjectNode done = job(job, "workflow_job/completed.1.json");
        put(done, "completed", job.started(), job.started().plusSeconds(job.runSeconds()), job.conclusion());
        ((ObjectNode) done.path("workflow_job")).put("runner_name", runner).put("runner_id", 9_999);
        send("workflow_job", done);
    }

    int sent() {
        return sent;
    }

    private ObjectNode job(Job job, String resource) throws IOException {
        ObjectNode payload = template(resource);
        ObjectNode wj = (ObjectNode) payload.path("workflow_job");
        wj.put("id", job.id());
        wj.put("run_id", 3_000_000L + job.id());
        wj.put("created_at", iso(job.created()));
        wj.put("runner_id", 27); // agentId in src/demo/runner/.runner
        wj.put("runner_name", runnerName);
        return payload;
    }

    private static void put(ObjectNode payload, String status, Instant started, Instant completed, String conclusion) {
        ObjectNode wj = (ObjectNode) payload.path("workflow_job");
        wj.put("status", status);
        // GitHub's queued payload repeats created_at as started_at; the exporter reads started_at only once running.
        wj.put("started_at", started == null ? wj.path("created_at").asText() : iso(started));
        if (completed == null) {
            wj.putNull("completed_at");
        } else {
            wj.put("completed_at", iso(completed));
        }
        if (conclusion == null) {
            wj.putNull("conclusion");
        } else {
            wj.put("conclusion", conclusion);
        }
    }

    private void send(String event, JsonNode payload) throws IOException, InterruptedException {
        Delivery delivery = Delivery.signed(event, "runner-metrics e2e delivery " + sent,
                JSON.writeValueAsBytes(payload), SIGNER);
        HttpResponse<String> response = HTTP.send(delivery.request(endpoint).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("POST " + endpoint + " (" + event + ", delivery " + delivery.id()
                    + ") answered " + response.statusCode() + ": " + response.body() + "; 202 expected");
        }
        sent++;
    }

    private ObjectNode template(String file) throws IOException {
        return (ObjectNode) JSON.readTree(Files.readAllBytes(templates.resolve(file)));
    }

    /** A stable 40-hex-digit commit id. */
    private static String sha(String seed) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant at(String time) {
        return Instant.parse("2026-11-20T" + time + "Z");
    }

    private static String iso(Instant t) {
        return t.toString();
    }
}
