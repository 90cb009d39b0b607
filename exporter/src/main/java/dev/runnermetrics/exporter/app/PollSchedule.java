package dev.runnermetrics.exporter.app;

import java.time.Duration;
import java.time.Instant;

/**
 * When the logs are read next: every poll interval while they change (a file event, or a poll that found something),
 * until they have rested for {@code activeFor} (time for the rules that wait on quiet files: the abandon grace and
 * the 2-second idle rule), then only every safety interval. A resting runner so costs one wake-up per safety
 * interval, not four a second. Pure: {@code PollScheduleTest} drives it with instants.
 */
final class PollSchedule {

    private final Duration pollInterval;
    private final Duration activeFor;
    private final Duration safetyInterval;
    private Instant lastChange;

    PollSchedule(Duration pollInterval, Duration activeFor, Duration safetyInterval) {
        if (safetyInterval.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException("safety interval shorter than the poll interval");
        }
        this.pollInterval = pollInterval;
        this.activeFor = activeFor;
        this.safetyInterval = safetyInterval;
    }

    /** Something changed at {@code at}: a file event, or a poll that read something. */
    void changed(Instant at) {
        if (lastChange == null || at.isAfter(lastChange)) {
            lastChange = at;
        }
    }

    /** Whether the logs are still settling at {@code now}. */
    boolean active(Instant now) {
        return lastChange != null && now.isBefore(lastChange.plus(activeFor));
    }

    /** The next read after one at {@code lastPoll}, as decided at {@code now}. */
    Instant next(Instant lastPoll, Instant now) {
        return lastPoll.plus(active(now) ? pollInterval : safetyInterval);
    }
}
