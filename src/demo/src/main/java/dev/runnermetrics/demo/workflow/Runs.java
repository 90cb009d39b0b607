package dev.runnermetrics.demo.workflow;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/** GitHub's run numbering as the runner sees it: run ids grow (other runners take runs too); a re-run keeps its run. */
public final class Runs {

    private long runId;
    private final Map<Template, Job> lastRun = new HashMap<>();

    public Runs(long firstRunId) {
        this.runId = firstRunId;
    }

    Job lastRunOf(Template t) {
        return lastRun.get(t);
    }

    long nextRunId(Random r) {
        runId += 1_000 + r.nextInt(250_000);
        return runId;
    }

    void remember(Job job) {
        lastRun.put(job.t, job);
    }
}
