package dev.runnermetrics.exporter.github.jobs;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The GitHub figures' label values given out so far, persisted so a restart keeps the same mapping; the bound
 * itself is {@link JobLabelPolicy#cap}. Persisted as it is ({@code seen}, {@code overflow}); a part missing from
 * the file keeps its empty default, an explicit null makes the state incomplete.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class LabelCap {

    public static final String OTHER = JobLabelPolicy.OTHER;

    private Map<String, Set<String>> seen = new TreeMap<>();
    private Map<String, Long> overflow = new TreeMap<>();

    public LabelCap() {
        // empty; also for Jackson
    }

    /** The value to label with: {@code raw}, "other" past the cap or when not allowed, "" when missing. */
    public String value(String label, String raw, Pattern allow, int maxValues) {
        return JobLabelPolicy.cap(label, raw, allow, maxValues, seen, overflow);
    }

    /** Whether a copy read from a file has every part. */
    public boolean complete() {
        if (seen == null || overflow == null || seen.containsValue(null) || overflow.containsValue(null)) {
            return false;
        }
        for (Set<String> values : seen.values()) {
            if (values.contains(null)) {
                return false;
            }
        }
        return true;
    }

    /** A copy with sorted maps and sets, which later values given out do not change. */
    public LabelCap sortedCopy() {
        LabelCap copy = new LabelCap();
        seen.forEach((label, values) -> copy.seen.put(label, new TreeSet<>(values)));
        copy.overflow.putAll(overflow);
        return copy;
    }

    /** Label → values given out, read-only. */
    public Map<String, Set<String>> seen() {
        return seen == null ? null : java.util.Collections.unmodifiableMap(seen);
    }

    /** Label → values refused by the cap, read-only. */
    public Map<String, Long> overflow() {
        return overflow == null ? null : java.util.Collections.unmodifiableMap(overflow);
    }
}
