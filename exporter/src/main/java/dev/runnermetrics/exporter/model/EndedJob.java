package dev.runnermetrics.exporter.model;

import dev.runnermetrics.catalogue.JobResult;
import dev.runnermetrics.exporter.logs.LogEvent.Authority;
import java.time.Instant;

/**
 * The job a runner counted last, kept so that the other reports of its end (the listener writes up to three, its
 * Worker log one), which may name it differently, are taken as that job and not as the next one.
 *
 * @param end        log time of the result it was counted with; null when abandoned
 * @param lastSeen   newest line of the job (its Worker log goes on after the result)
 * @param consoleEndAt log time of the console echo of its end; null while none was read
 * @param conflicted   whether a report of another log disagreed with the result (counted once per job)
 */
public record EndedJob(String id, String workerKey, String name, Instant end, Instant lastSeen, Instant consoleEndAt,
        JobResult result, Authority authority, boolean conflicted) {

    EndedJob seen(Instant time, String newId, String newWorkerKey, boolean console) {
        Instant newest = lastSeen == null || time != null && time.isAfter(lastSeen) ? time : lastSeen;
        return new EndedJob(id != null ? id : newId, workerKey != null ? workerKey : newWorkerKey, name, end, newest,
                console && consoleEndAt == null ? time : consoleEndAt, result, authority, conflicted);
    }

    EndedJob withConflict() {
        return new EndedJob(id, workerKey, name, end, lastSeen, consoleEndAt, result, authority, true);
    }

    boolean named(String key) {
        return key != null && (key.equals(id) || key.equals(workerKey));
    }
}
