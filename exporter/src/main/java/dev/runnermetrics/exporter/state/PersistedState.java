package dev.runnermetrics.exporter.state;

import dev.runnermetrics.exporter.github.api.QueueTimeState;
import dev.runnermetrics.exporter.github.model.GithubState;
import dev.runnermetrics.exporter.model.RunnerState;
import dev.runnermetrics.exporter.steps.StepState;
import dev.runnermetrics.exporter.tail.FileCursor;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state file: per runner, the file offsets and the counts they produced, written together so a restart never
 * counts a line twice or misses one.
 */
public final class PersistedState {

    public static final int FORMAT = 1;

    public int format = FORMAT;
    public Map<String, Runner> runners = new TreeMap<>();
    /**
     * DORA figures derived from the runners' Worker logs (sidecar mode), saved with the offsets and finished jobs
     * they came from so a restart never counts a deployment twice; null when never switched on.
     */
    public GithubState deployments;
    /**
     * The REST API client's queue-time figures and pending lookups (sidecar mode), saved with the offsets of the
     * jobs they came from so after a crash each job is observed once; null when never switched on.
     */
    public QueueTimeState apiQueueTime;

    /** One runner's part of the state file. */
    public static final class Runner {
        public Map<String, FileCursor> cursors = new TreeMap<>();
        public RunnerState state = new RunnerState();
        /** Step output pages and the cache counts they produced; absent from files written before it existed. */
        public StepState steps = new StepState();

        public Runner() {
        }

        public Runner(Map<String, FileCursor> cursors, RunnerState state, StepState steps) {
            this.cursors = cursors;
            this.state = state;
            this.steps = steps;
        }
    }
}
