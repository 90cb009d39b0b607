package dev.runnermetrics.catalogue;

import java.util.Locale;

/**
 * The {@code result} label of job metrics. The runner's TaskResult has six values; users think in the five
 * conclusions GitHub shows, so Succeeded and SucceededWithIssues both count as success.
 */
public enum JobResult {
    SUCCESS,
    FAILURE,
    CANCELLED,
    SKIPPED,
    ABANDONED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
