package dev.runnermetrics.exporter.model;

import dev.runnermetrics.exporter.logs.JobContext;
import java.time.Instant;

/**
 * Told about each job a runner's Worker log introduces (its job message), for sources that add figures from
 * elsewhere, e.g. the REST API's queue time. Called on the log poll thread: it must return at once and not throw.
 */
@FunctionalInterface
public interface JobSeenListener {

    JobSeenListener NONE = (runnerName, runnerType, seenAt, context) -> {
    };

    /** @param seenAt log time of the job message */
    void jobSeen(String runnerName, String runnerType, Instant seenAt, JobContext context);
}
