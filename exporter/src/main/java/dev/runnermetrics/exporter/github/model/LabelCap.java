package dev.runnermetrics.exporter.github.model;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Bounds the values of a label the way {@code JobLabelPolicy} does for log-derived job labels: values outside the
 * allowlist, and new values beyond the cap, become {@value #OTHER}; the values given out are persisted so a restart
 * keeps the same mapping.
 */
public final class LabelCap {

    public static final String OTHER = "other";

    public Map<String, Set<String>> seen = new TreeMap<>();
    public Map<String, Long> overflow = new TreeMap<>();

    String value(String label, String raw, Pattern allow, int maxValues) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        if (!allow.matcher(raw).matches()) {
            return OTHER;
        }
        Set<String> values = seen.computeIfAbsent(label, k -> new LinkedHashSet<>());
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
