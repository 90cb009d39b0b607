package dev.runnermetrics.exporter.app;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** The exporter's own view of one source of one runner: can it read it, how much, how much it had to skip. */
public final class SourceHealth {

    boolean up;
    long lines;
    final Map<String, Long> errors = new TreeMap<>();
    Instant lastEvent;

    public boolean up() {
        return up;
    }

    public long lines() {
        return lines;
    }

    public Map<String, Long> errors() {
        return errors;
    }

    public Instant lastEvent() {
        return lastEvent;
    }
}
