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

    /** Its figures, written at a scrape under the engine's lock. */
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
