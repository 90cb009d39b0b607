package dev.runnermetrics.exporter.github.dora;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.runnermetrics.exporter.metrics.Histogram;
import java.time.Instant;
import java.util.List;

/** DORA figures of one repository and environment; persisted as they are. */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class Environment {

    private long successes;
    private long failures;
    private Histogram leadTime;
    private Histogram timeToRestore;
    /** First failure since the last success; null while healthy. */
    private Instant failingSince;
    private Instant lastSuccess;

    Environment() {
        // for Jackson
    }

    Environment(List<Double> leadBounds, List<Double> restoreBounds) {
        leadTime = Histogram.empty(leadBounds);
        timeToRestore = Histogram.empty(restoreBounds);
    }

    public long successes() {
        return successes;
    }

    public long failures() {
        return failures;
    }

    /** The lead-time histogram, live: read it, do not change it. */
    public Histogram leadTime() {
        return leadTime;
    }

    /** The time-to-restore histogram, live: read it, do not change it. */
    public Histogram timeToRestore() {
        return timeToRestore;
    }

    public Instant failingSince() {
        return failingSince;
    }

    public Instant lastSuccess() {
        return lastSuccess;
    }

    void failed() {
        failures++;
    }

    void succeeded() {
        successes++;
    }

    void failingSince(Instant time) {
        failingSince = time;
    }

    void lastSuccess(Instant time) {
        lastSuccess = time;
    }
}
