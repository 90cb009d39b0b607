package dev.runnermetrics.exporter.app;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The exporter's own view of one source of one runner: can it read it, how much, how much it had to skip. */
public final class SourceHealth {

    private boolean up;
    private long lines;
    private final Map<String, Long> errors = new TreeMap<>();
    private Instant lastEvent;

    /** Adds what one poll of the source found. */
    void polled(boolean readable, long linesRead, Map<String, Long> skipped) {
        up = readable;
        lines += linesRead;
        skipped.forEach((reason, n) -> errors.merge(reason, n, Long::sum));
    }

    /** An event of this source at this log time; the newest is kept. */
    void event(Instant time) {
        if (lastEvent == null || time.isAfter(lastEvent)) {
            lastEvent = time;
        }
    }

    public boolean up() {
        return up;
    }

    public long lines() {
        return lines;
    }

    public Map<String, Long> errors() {
        return Collections.unmodifiableMap(errors);
    }

    public Instant lastEvent() {
        return lastEvent;
    }
}
