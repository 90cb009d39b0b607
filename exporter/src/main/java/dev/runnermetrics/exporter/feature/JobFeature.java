package dev.runnermetrics.exporter.feature;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runnermetrics.exporter.logs.JobContext;
import dev.runnermetrics.exporter.metrics.Samples;
import dev.runnermetrics.exporter.model.JobEnd;
import java.io.IOException;
import java.time.Instant;

/**
 * A feature driven by the jobs the runners' logs show (deployments from Worker logs, the REST API's queue time): it
 * hears of jobs as the engine's poll finds them and keeps its own part of the state file, saved with the offsets of
 * those jobs so that after a crash each job is taken once. The engine knows features only through this interface.
 * Called under the engine's lock, on the poll thread: a feature returns at once and does not throw.
 */
public interface JobFeature {

    /** The name of its part of the state file. */
    String stateKey();

    /** A Worker log introduced a job and its context (the job message). */
    default void jobSeen(String runnerName, String runnerType, Instant seenAt, JobContext context) {
    }

    /** A runner model counted a job (once per job). */
    default void jobEnded(JobEnd job) {
    }

    /**
     * A runner model counted a job (once per job), with the runner that ran it: for a feature that keeps series per
     * runner. By default {@link #jobEnded(JobEnd)}.
     */
    default void jobEnded(String runnerName, String runnerType, JobEnd job) {
        jobEnded(job);
    }

    /**
     * A runner that comes and goes (node mode, where the engine writes every counter and histogram without
     * runner_name, features' included) went for good: a feature keeping cumulative series per runner folds that
     * runner's into its type's, so its state does not grow with every pod. Called under the engine's lock after the
     * runner's last read; the feature's state is saved in the same write that drops the runner's part of the state
     * file. Also called at start for a saved runner found gone. A figure of that runner that arrives later (an
     * answer off the poll thread) goes to its type's series too.
     */
    default void runnerGone(String runnerName, String runnerType) {
    }

    /** A consistent copy of its state for the state file (any object the state file's JSON can write). */
    Object state();

    /** Grows with every change of its state, also one made off the poll thread: the engine saves when it moved. */
    long changes();

    /**
     * Whether its state changes off the poll thread too (lookups of its own): the engine then saves on a timer as well
     * as after reads.
     */
    default boolean changesOutsidePolls() {
        return false;
    }

    /**
     * Its figures, written at a scrape under the engine's lock. When runners come and go the engine writes its
     * counters and histograms without runner_name (they add up per runner type); gauges as they are.
     */
    default void expose(Samples samples) {
    }

    /** Builds a feature from its saved part, the state file being read before any feature starts. */
    interface Factory {

        String stateKey();

        /**
         * Throws when the saved part is not whole: the engine then sets the whole state file aside and reads the logs
         * from the start, as for any unreadable state file.
         *
         * @param saved its part of the state file, null when it has none
         */
        void check(JsonNode saved) throws IOException;

        /** @param saved its part of the state file, checked; null when it has none */
        JobFeature restore(JsonNode saved);
    }
}
