package dev.runnermetrics.exporter.app;

import dev.runnermetrics.exporter.model.JobSeries;
import dev.runnermetrics.exporter.model.JobSeriesKey;
import dev.runnermetrics.exporter.steps.StepFigures;
import dev.runnermetrics.exporter.tail.LogKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An immutable copy of one runner's figures, taken under the engine's lock for a scrape. Null means unknown, and
 * unknown figures are not exported.
 */
public record RunnerSnapshot(
        String name,
        String type,
        Boolean online,
        Boolean busy,
        String version,
        String os,
        String arch,
        Double uptimeSeconds,
        Instant lastJobCompleted,
        Map<JobSeriesKey, JobSeries> series,
        List<String> contextLabels,
        Map<LogKind, SourceHealth> sources,
        long resultConflicts,
        Map<String, Long> labelOverflow,
        StepFigures steps,
        Map<String, Long> listenerErrors,
        Map<String, Instant> listenerErrorLast) {
}
