package dev.runnermetrics.exporter.model;

import dev.runnermetrics.catalogue.MetricSpec;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Events counted by metric family and label value, with the log time each value was last seen: the state a counted
 * runner metric needs, kept by family name so that a new one needs no field of its own here or in the state file.
 */
public final class EventCounts {

    private final Map<String, Map<String, Long>> counts;
    private final Map<String, Map<String, Instant>> last;

    /** None counted yet. */
    public EventCounts() {
        this(new TreeMap<>(), new TreeMap<>());
    }

    private EventCounts(Map<String, Map<String, Long>> counts, Map<String, Map<String, Instant>> last) {
        this.counts = counts;
        this.last = last;
    }

    /** Counts as a state file saved them (copied). */
    public static EventCounts restore(Map<String, Map<String, Long>> counts, Map<String, Map<String, Instant>> last) {
        EventCounts restored = new EventCounts();
        counts.forEach((family, values) -> restored.counts.put(family, new TreeMap<>(values)));
        last.forEach((family, values) -> restored.last.put(family, new TreeMap<>(values)));
        return restored;
    }

    /** One event of this family with this label value, seen at this log time. */
    void count(MetricSpec family, String value, Instant at) {
        counts.computeIfAbsent(family.name(), f -> new TreeMap<>()).merge(value, 1L, Long::sum);
        Map<String, Instant> seen = last.computeIfAbsent(family.name(), f -> new TreeMap<>());
        Instant before = seen.get(value);
        if (before == null || at.isAfter(before)) {
            seen.put(value, at);
        }
    }

    /** Counts of the family by label value; empty when none was counted. */
    public Map<String, Long> counts(MetricSpec family) {
        return Collections.unmodifiableMap(counts.getOrDefault(family.name(), Map.of()));
    }

    /** When each label value of the family was last seen. */
    public Map<String, Instant> last(MetricSpec family) {
        return Collections.unmodifiableMap(last.getOrDefault(family.name(), Map.of()));
    }

    /** Every family's counts, for the state file (a copy). */
    public Map<String, Map<String, Long>> allCounts() {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        counts.forEach((family, values) -> copy.put(family, new TreeMap<>(values)));
        return copy;
    }

    /** Every family's last-seen times, for the state file (a copy). */
    public Map<String, Map<String, Instant>> allLast() {
        Map<String, Map<String, Instant>> copy = new TreeMap<>();
        last.forEach((family, values) -> copy.put(family, new TreeMap<>(values)));
        return copy;
    }
}
