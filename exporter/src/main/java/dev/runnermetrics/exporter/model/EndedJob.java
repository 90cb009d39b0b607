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
 * @param readLate     its start lines came after it was counted (logs read out of order between files): the lines
 *                     that name no job around them are its own, within {@code END_CLUSTER} of its newest line
 * @param start        log time of its earliest line read before it was counted: no report of its end is older; null
 *                     when unknown (read late, or a state file from before it was kept)
 */
public record EndedJob(String id, String workerKey, String name, Instant end, Instant lastSeen, Instant consoleEndAt,
        JobResult result, Authority authority, boolean conflicted, boolean readLate, Instant start) {

    /** A job counted earlier whose start line is read now: what its later lines are matched against. */
    static EndedJob readLate(String id, Instant at, FinishedJob done) {
        return new EndedJob(id, null, null, at, at, null, done.result(), done.authority(), false, true, null);
    }

    EndedJob seen(Instant time, String newId, String newWorkerKey, boolean console) {
        Instant newest = lastSeen == null || time != null && time.isAfter(lastSeen) ? time : lastSeen;
        return new EndedJob(id != null ? id : newId, workerKey != null ? workerKey : newWorkerKey, name, end, newest,
                console && consoleEndAt == null ? time : consoleEndAt, result, authority, conflicted, readLate, start);
    }

    EndedJob withConflict() {
        return new EndedJob(id, workerKey, name, end, lastSeen, consoleEndAt, result, authority, true, readLate,
                start);
    }

    boolean named(String key) {
        return key != null && (key.equals(id) || key.equals(workerKey));
    }
}
