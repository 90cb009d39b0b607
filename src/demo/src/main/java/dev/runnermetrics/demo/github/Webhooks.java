package dev.runnermetrics.demo.github;

import static dev.runnermetrics.demo.sim.Ids.hexOf;

import dev.runnermetrics.demo.workflow.Job;
import dev.runnermetrics.demo.workflow.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * GitHub's side of the demo: webhook deliveries for the demo's hub, built from the recorded payloads in github-webhooks/ (see
 * its SOURCES.md): only ids, time stamps, states, the runner and the repository are changed, by replacing one
 * scalar value per line of the pretty-printed file ({@link PayloadFile}). The {@link Sender} signs and posts them.
 *
 * <p>Per job that runs: queued (created 2 to 40 s before the runner receives it, so that is its queue time),
 * in_progress when the worker starts, completed with GitHub's conclusion. Deployments to production of
 * acme/web-shop, each after a workflow_run carrying its commit time: after job 1 a success (lead time 25 min),
 * after job 2 a failure, after job 4 a success that restores it (lead time 40 min), after job 7 a success (lead
 * time 90 min).
 */
public final class Webhooks {
    static final String DEPLOY_REPOSITORY = "acme/web-shop";

    private final Sender sender;
    private final Random rnd;
    private final Path dir;
    private final Map<Integer, Instant> created = new HashMap<>();
    private final Map<Integer, Instant> started = new HashMap<>();
    private int deployment;

    /**
     * @param sender where the deliveries go, in order
     * @param rnd    its own generator, so the _diag logs of a seed stay as they were without webhooks
     * @param dir    the recorded payloads (src/demo/github-webhooks)
     */
    public Webhooks(Sender sender, Random rnd, Path dir) {
        this.sender = sender;
        this.rnd = rnd;
        this.dir = dir;
    }

    public void queued(Job job, int n, Instant receivedAt) {
        if (job.outcome == Outcome.ABANDONED) return; // GitHub gives it to another runner: not ours
        Instant createdAt = receivedAt.minusSeconds(2 + rnd.nextInt(39));
        created.put(n, createdAt);
        send("workflow_job", jobPayload("workflow_job/queued.1.json", job, n, createdAt, createdAt, null, null, null, 0));
    }

    public void started(Job job, int n, String runner, int runnerId, Instant at) {
        started.put(n, at);
        send("workflow_job", jobPayload("workflow_job/in_progress.1.json", job, n, created.get(n), at, null, null, runner, runnerId));
    }

    public void completed(Job job, int n, String runner, int runnerId, String result, Instant at) {
        if (!started.containsKey(n)) return;
        String conclusion = switch (result) {
            case "Succeeded" -> "success";
            case "Failed" -> "failure";
            default -> "cancelled";
        };
        send("workflow_job", jobPayload("workflow_job/completed.1.json", job, n, created.get(n), started.get(n), at, conclusion, runner, runnerId));
    }

    /** The scripted deployments: job number, state, minutes from commit to deployment. */
    public void afterJob(int jobNumber, Instant now) {
        switch (jobNumber) {
            case 1 -> deploy("success", now, 25);
            case 2 -> deploy("failure", now, 10);
            case 4 -> deploy("success", now, 40);
            case 7 -> deploy("success", now, 90);
            default -> { }
        }
    }

    private void deploy(String state, Instant at, int leadMinutes) {
        deployment++;
        String sha = hexOf("demo deployment " + deployment);
        Instant commit = at.minusSeconds(leadMinutes * 60L);
        String run = read("workflow_run/completed.1.json");
        run = PayloadFile.set(run, "workflow_run.id", Long.toString(9_100_000_000L + deployment));
        run = PayloadFile.set(run, "workflow_run.head_sha", q(sha));
        run = PayloadFile.set(run, "workflow_run.created_at", q(iso(commit.plusSeconds(20))));
        run = PayloadFile.set(run, "workflow_run.run_started_at", q(iso(commit.plusSeconds(20))));
        run = PayloadFile.set(run, "workflow_run.updated_at", q(iso(at)));
        run = PayloadFile.set(run, "workflow_run.head_commit.id", q(sha));
        run = PayloadFile.set(run, "workflow_run.head_commit.timestamp", q(iso(commit)));
        run = PayloadFile.set(run, "repository.full_name", q(DEPLOY_REPOSITORY));
        send("workflow_run", run);
        String status = read("deployment_status/created.1.json");
        status = PayloadFile.set(status, "deployment_status.id", Long.toString(9_200_000_000L + deployment));
        status = PayloadFile.set(status, "deployment_status.state", q(state));
        status = PayloadFile.set(status, "deployment_status.created_at", q(iso(at)));
        status = PayloadFile.set(status, "deployment_status.updated_at", q(iso(at)));
        status = PayloadFile.set(status, "deployment.id", Long.toString(9_300_000_000L + deployment));
        status = PayloadFile.set(status, "deployment.sha", q(sha));
        status = PayloadFile.set(status, "deployment.created_at", q(iso(at.minusSeconds(2))));
        status = PayloadFile.set(status, "deployment.updated_at", q(iso(at)));
        status = PayloadFile.set(status, "repository.full_name", q(DEPLOY_REPOSITORY));
        send("deployment_status", status);
        System.err.println("DemoReplay: webhook deployment " + deployment + " of " + DEPLOY_REPOSITORY + " to production: "
                + state + (state.equals("success") ? ", lead time " + leadMinutes + " min" : ""));
    }

    private String jobPayload(String file, Job job, int n, Instant createdAt, Instant startedAt, Instant completedAt,
                              String conclusion, String runner, int runnerId) {
        String p = read(file);
        p = PayloadFile.set(p, "workflow_job.id", Long.toString(9_000_000_000L + n));
        p = PayloadFile.set(p, "workflow_job.run_id", job.runId);
        p = PayloadFile.set(p, "workflow_job.head_sha", q(job.sha));
        p = PayloadFile.set(p, "workflow_job.created_at", q(iso(createdAt)));
        p = PayloadFile.set(p, "workflow_job.started_at", q(iso(startedAt != null ? startedAt : createdAt)));
        p = PayloadFile.set(p, "workflow_job.completed_at", completedAt == null ? "null" : q(iso(completedAt)));
        p = PayloadFile.set(p, "workflow_job.conclusion", conclusion == null ? "null" : q(conclusion));
        p = PayloadFile.set(p, "repository.full_name", q(job.t.repo()));
        if (runner != null) {
            p = PayloadFile.set(p, "workflow_job.runner_id", Integer.toString(runnerId));
            p = PayloadFile.set(p, "workflow_job.runner_name", q(runner));
        }
        return p;
    }

    private void send(String event, String body) {
        sender.send(event, body);
    }

    /** Stops sending once the deliveries queued so far are sent (or given up). */
    public void close() {
        sender.close();
    }

    private String read(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String q(String s) {
        return "\"" + s + "\"";
    }

    private static String iso(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
