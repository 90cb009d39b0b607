package dev.runnermetrics.exporter.app;

import static dev.runnermetrics.catalogue.Catalogue.CACHE_REQUESTS;
import static dev.runnermetrics.catalogue.Catalogue.JOBS;
import static dev.runnermetrics.catalogue.Catalogue.JOB_DURATION;
import static dev.runnermetrics.catalogue.Catalogue.LABEL_OVERFLOW;
import static dev.runnermetrics.catalogue.Catalogue.LAST_JOB_COMPLETED;
import static dev.runnermetrics.catalogue.Catalogue.LISTENER_ERRORS;
import static dev.runnermetrics.catalogue.Catalogue.LISTENER_LAST_ERROR;
import static dev.runnermetrics.catalogue.Catalogue.RESULT_CONFLICTS;
import static dev.runnermetrics.catalogue.Catalogue.RUNNER_BUSY;
import static dev.runnermetrics.catalogue.Catalogue.RUNNER_INFO;
import static dev.runnermetrics.catalogue.Catalogue.RUNNER_STATUS;
import static dev.runnermetrics.catalogue.Catalogue.RUNNER_UPTIME;
import static dev.runnermetrics.catalogue.Catalogue.SOURCE_ERRORS;
import static dev.runnermetrics.catalogue.Catalogue.SOURCE_LAST_EVENT;
import static dev.runnermetrics.catalogue.Catalogue.SOURCE_LINES;
import static dev.runnermetrics.catalogue.Catalogue.SOURCE_UP;
import static dev.runnermetrics.catalogue.Catalogue.STATE_SAVE_FAILURES;
import static dev.runnermetrics.catalogue.Catalogue.STEP_PAGES_MISSED;
import static dev.runnermetrics.catalogue.Catalogue.STEP_PAGES_READ;
import static dev.runnermetrics.catalogue.Catalogue.STEP_PAGES_SEEN;

import dev.runnermetrics.catalogue.CacheResult;
import dev.runnermetrics.catalogue.JobResult;
import dev.runnermetrics.catalogue.ListenerErrorReason;
import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.metrics.Histogram;
import dev.runnermetrics.exporter.metrics.Labels;
import dev.runnermetrics.exporter.metrics.Samples;
import dev.runnermetrics.exporter.metrics.SeriesKey;
import dev.runnermetrics.exporter.model.JobSeries;
import dev.runnermetrics.exporter.model.RunnerState;
import dev.runnermetrics.exporter.steps.StepFigures;
import dev.runnermetrics.exporter.tail.LogKind;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One runner's figures, read from its state at scrape time under the engine's lock; nothing is copied or cached
 * between scrapes. A runner metric is a catalogue entry and a line here.
 */
final class RunnerSamples {

    private RunnerSamples() {
    }

    /**
     * @param saveFailures the state file's write failures: one file holds every runner's state, so each carries them
     */
    static void expose(RunnerMonitor r, Instant now, long saveFailures, Samples f) {
        emit(r, now, f);
        f.value(STATE_SAVE_FAILURES, labels(r, Map.of()), saveFailures);
    }

    /** A runner's figures, those of the exporter itself (save failures) aside. */
    static void emit(RunnerMonitor r, Instant now, Samples f) {
        Map<String, String> base = labels(r, Map.of());
        RunnerState state = r.state();
        if (state.online() != null) {
            f.value(RUNNER_STATUS, base, state.online() ? 1 : 0);
        }
        Boolean busy = r.busy();
        if (busy != null) {
            f.value(RUNNER_BUSY, base, busy ? 1 : 0);
        }
        if (state.version() != null) {
            Map<String, String> info = new LinkedHashMap<>(base);
            info.put("version", state.version());
            info.put("os", state.os() == null ? "" : state.os());
            info.put("arch", state.arch() == null ? "" : state.arch());
            f.value(RUNNER_INFO, info, 1);
        }
        if (state.listenerStart() != null) {
            f.value(RUNNER_UPTIME, base,
                    Math.max(0, Duration.between(state.listenerStart(), now).toMillis() / 1000.0));
        }
        if (state.lastJobCompleted() != null) {
            f.value(LAST_JOB_COMPLETED, base, state.lastJobCompleted().toEpochMilli() / 1000.0);
        }
        for (ListenerErrorReason reason : ListenerErrorReason.values()) {
            Instant last = state.events().last(LISTENER_ERRORS).get(reason.label());
            if (last != null) {
                f.value(LISTENER_LAST_ERROR, labels(r, Map.of("reason", reason.label())),
                        last.toEpochMilli() / 1000.0);
            }
        }
        savedCounts(base, state, r.stepFigures(), r.contextLabels(), runnerLogRead(r), f);
        for (Map.Entry<LogKind, SourceHealth> e : r.sources().entrySet()) {
            Map<String, String> src = labels(r, Map.of("source", e.getKey().source()));
            SourceHealth h = e.getValue();
            f.value(SOURCE_UP, src, h.up() ? 1 : 0);
            if (h.lastEvent() != null) {
                f.value(SOURCE_LAST_EVENT, src, h.lastEvent().toEpochMilli() / 1000.0);
            }
        }
        readCounts(base, r, f);
    }

    /**
     * What a runner counted that its part of the state file keeps (jobs and their durations, listener problems,
     * result conflicts, label overflow, step output and cache counts): all counters and histograms, so a runner that
     * goes can add them to its type's totals.
     *
     * @param base the runner's labels
     * @param steps null while step output is off or not watched
     * @param logRead whether the runner's log has been read: a result or reason with none so far is then a known 0
     */
    static void savedCounts(Map<String, String> base, RunnerState state, StepFigures steps,
            List<String> contextLabels, boolean logRead, Samples f) {
        for (ListenerErrorReason reason : ListenerErrorReason.values()) {
            Long n = state.events().counts(LISTENER_ERRORS).get(reason.label());
            if (n != null || logRead) {
                f.value(LISTENER_ERRORS, with(base, Map.of("reason", reason.label())), n == null ? 0 : n);
            }
        }
        for (Map.Entry<SeriesKey, JobSeries> e : withKnownZeros(state, contextLabels, logRead).entrySet()) {
            Map<String, String> labels = jobLabels(base, contextLabels, e.getKey());
            JobSeries s = e.getValue();
            f.value(JOBS, labels, s.jobs());
            Histogram duration = s.duration();
            boolean timed = duration.count() > 0
                    || !e.getKey().get(JobSeries.RESULT).equals(JobResult.ABANDONED.label());
            if (timed) { // abandoned jobs never have a duration
                duration.expose(f, JOB_DURATION, Labels.of(JOB_DURATION, labels));
            }
        }
        f.value(RESULT_CONFLICTS, base, state.resultConflicts());
        state.labelOverflow().forEach((label, n) -> f.value(LABEL_OVERFLOW, with(base, Map.of("label", label)), n));
        emitSteps(base, steps, f);
    }

    /** What a runner counted since this process started reading it (lines read, read errors): not saved. */
    static void readCounts(Map<String, String> base, RunnerMonitor r, Samples f) {
        for (Map.Entry<LogKind, SourceHealth> e : r.sources().entrySet()) {
            Map<String, String> src = with(base, Map.of("source", e.getKey().source()));
            SourceHealth h = e.getValue();
            f.value(SOURCE_LINES, src, h.lines());
            h.errors().forEach((reason, n) -> f.value(SOURCE_ERRORS, with(src, Map.of("reason", reason)), n));
        }
    }

    /** Whether the runner's log has been read (a Runner_ file exists and is readable). */
    static boolean runnerLogRead(RunnerMonitor r) {
        SourceHealth runnerLog = r.sources().get(LogKind.RUNNER);
        return runnerLog != null && runnerLog.up();
    }

    /** Absent until the runner has step output folders; then every configured cache type, zero until seen. */
    private static void emitSteps(Map<String, String> base, StepFigures steps, Samples f) {
        if (steps == null) {
            return;
        }
        steps.cacheRequests().forEach((type, count) -> {
            for (CacheResult result : CacheResult.values()) {
                f.value(CACHE_REQUESTS, with(base, Map.of("cache_type", type, "result", result.label())),
                        count.count(result));
            }
        });
        f.value(STEP_PAGES_SEEN, base, steps.pagesSeen());
        f.value(STEP_PAGES_READ, base, steps.pagesRead());
        f.value(STEP_PAGES_MISSED, base, steps.pagesMissed());
    }

    /**
     * Once a runner's log has been read (a Runner_ file exists and is readable), a result with no job so far is a
     * known 0, not an unknown: exposing it
     * lets increase() and rate() count the first job of that result (Prometheus cannot see a series' first
     * increment). With opt-in context labels the combinations are open-ended, so only seen series are exposed.
     */
    private static Map<SeriesKey, JobSeries> withKnownZeros(RunnerState state, List<String> contextLabels,
            boolean logRead) {
        if (!contextLabels.isEmpty() || !logRead) {
            return state.series();
        }
        Map<SeriesKey, JobSeries> all = new LinkedHashMap<>(state.series());
        for (JobResult result : JobResult.values()) {
            all.computeIfAbsent(JobSeries.key(result.label(), "", "", ""), k -> JobSeries.empty());
        }
        return all;
    }

    private static Map<String, String> jobLabels(Map<String, String> base, List<String> contextLabels,
            SeriesKey key) {
        Map<String, String> labels = with(base, Map.of("result", key.get(JobSeries.RESULT)));
        for (String label : contextLabels) {
            labels.put(label, key.get(switch (label) {
                case "repository" -> JobSeries.REPOSITORY;
                case "workflow" -> JobSeries.WORKFLOW;
                default -> JobSeries.JOB;
            }));
        }
        return labels;
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> extra) {
        Map<String, String> labels = new LinkedHashMap<>(base);
        labels.putAll(extra);
        return labels;
    }

    private static Map<String, String> labels(RunnerMonitor r, Map<String, String> extra) {
        Map<String, String> labels = runnerLabels(r.target());
        labels.putAll(extra);
        return labels;
    }

    /** A runner's own labels. */
    static Map<String, String> runnerLabels(RunnerTarget target) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("runner_name", target.name());
        labels.put("runner_type", target.type());
        if (target.namespace() != null) {
            labels.put("runner_namespace", target.namespace());
        }
        return labels;
    }
}
