package dev.runnermetrics.demo.workflow;

import static dev.runnermetrics.demo.sim.Ids.hex;
import static dev.runnermetrics.demo.sim.Ids.uuid;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** One run of a {@link Template}: the ids GitHub gives it, drawn in the order the replay has always drawn them. */
public final class Job {
    public final Template t;
    public final Outcome outcome;
    public final int attempt;
    public final String jobId, planId, timelineId, setupRecordId, completeRecordId, sha, runId, runNumber, checkRunId, serverUrl;
    /** The template's steps with this job's timeline record ids. */
    public final List<Step> steps;
    private long requestId;
    private boolean cancelled;

    private Job(Template t, Outcome outcome, int attempt, Random r, String serverUrl, Runs runs) {
        this.t = t;
        this.outcome = outcome;
        this.attempt = attempt;
        this.serverUrl = serverUrl;
        jobId = uuid(r, 5); // job ids are name-based (v5) GUIDs
        planId = uuid(r, 4);
        timelineId = planId;
        setupRecordId = uuid(r, 4);
        completeRecordId = uuid(r, 4);
        Job rerunOf = attempt > 1 ? runs.lastRunOf(t) : null;
        long nextRunId = runs.nextRunId(r);
        sha = rerunOf != null ? rerunOf.sha : hex(r, 20);
        runId = rerunOf != null ? rerunOf.runId : Long.toString(nextRunId);
        runNumber = rerunOf != null ? rerunOf.runNumber : Integer.toString(200 + r.nextInt(3000));
        checkRunId = (58_000_000_000L + r.nextInt(900_000_000)) + ".0";
        List<Step> withIds = new ArrayList<>();
        for (Step s : t.steps()) withIds.add(s.with(s.contextName(), uuid(r, 4)));
        steps = List.copyOf(withIds);
    }

    /**
     * The next job the runner receives; {@code attempt} &gt; 1 re-runs the template's last job (same run id, number and
     * sha).
     */
    public static Job next(Template t, Outcome outcome, int attempt, Random r, String serverUrl, Runs runs) {
        Job job = new Job(t, outcome, attempt, r, serverUrl, runs);
        runs.remember(job);
        return job;
    }

    /** The job request id, known once the listener has received the job message. */
    public long requestId() {
        return requestId;
    }

    public void received(long requestId) {
        this.requestId = requestId;
    }

    /** Whether the server has cancelled this job (it cancels once, in the last script step). */
    public boolean cancelled() {
        return cancelled;
    }

    public void cancel() {
        cancelled = true;
    }
}
