package dev.runnermetrics.exporter.github.model;

import dev.runnermetrics.exporter.model.JobLabelPolicy;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The webhook figures' label values given out so far, persisted so a restart keeps the same mapping; the bound
 * itself is {@link JobLabelPolicy#cap}.
 */
public final class LabelCap {

    public static final String OTHER = JobLabelPolicy.OTHER;

    public Map<String, Set<String>> seen = new TreeMap<>();
    public Map<String, Long> overflow = new TreeMap<>();

    String value(String label, String raw, Pattern allow, int maxValues) {
        return JobLabelPolicy.cap(label, raw, allow, maxValues, seen, overflow);
    }
}
