package dev.runnermetrics.exporter.model;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides the opt-in context labels of job metrics: off unless listed, values outside the allowlist and beyond the
 * per-label cap become "other", so cardinality stays bounded whatever the workflows are called.
 */
public record JobLabelPolicy(List<String> enabled, Pattern allow, int maxValues) {

    public static final String OTHER = "other";

    public static JobLabelPolicy none() {
        return new JobLabelPolicy(List.of(), Pattern.compile(".*"), 0);
    }

    public boolean isEnabled(String label) {
        return enabled.contains(label);
    }

    /**
     * @param seen     values already given out per label (persisted, so a restart keeps the same mapping)
     * @param overflow counts of values folded into "other" because of the cap
     */
    String value(String label, String raw, Map<String, Set<String>> seen, Map<String, Long> overflow) {
        if (!isEnabled(label)) {
            return "";
        }
        return cap(label, raw, allow, maxValues, seen, overflow);
    }

    /**
     * The bound on one label's values, shared with the webhook figures: empty stays empty, values outside the
     * allowlist and new values beyond the cap become {@value #OTHER}.
     */
    public static String cap(String label, String raw, Pattern allow, int maxValues, Map<String, Set<String>> seen,
            Map<String, Long> overflow) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        if (!allow.matcher(raw).matches()) {
            return OTHER;
        }
        Set<String> values = seen.computeIfAbsent(label, k -> new HashSet<>());
        if (values.contains(raw)) {
            return raw;
        }
        if (values.size() >= maxValues) {
            overflow.merge(label, 1L, Long::sum);
            return OTHER;
        }
        values.add(raw);
        return raw;
    }
}
