package dev.runnermetrics.exporter.steps;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The output of one timeline record (a step, or the job's own record), which the runner writes into numbered pages
 * and, for the results service, also into numbered blocks. Kept in the state file so a restart continues it.
 */
public final class StepStream {

    /** The folder this stream is read from, {@code pages} or {@code blocks}: both hold the same lines. */
    public String kind;
    /** The job the stream belongs to (the runner's current job when it first appeared); null when unknown. */
    public String job;
    /** What the step runs, from its {@code Run ...} header; null until seen. */
    public String step;
    /** Per cache type, the ids of requests not yet settled. */
    public Map<String, List<String>> pending = new TreeMap<>();

    public StepStream() {
        // for Jackson
    }

    StepStream(String kind, String job) {
        this.kind = kind;
        this.job = job;
    }
}
