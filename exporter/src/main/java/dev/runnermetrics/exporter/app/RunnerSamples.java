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

    private static void emit(RunnerMonitor r, Instant now, Samples f) {
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
        emitListenerErrors(r, f);
        for (Map.Entry<SeriesKey, JobSeries> e : withKnownZeros(r).entrySet()) {
            Map<String, String> labels = jobLabels(r, e.getKey());
            JobSeries s = e.getValue();
            f.value(JOBS, labels, s.jobs());
            Histogram duration = s.duration();
            boolean timed = duration.count() > 0
                    || !e.getKey().get(JobSeries.RESULT).equals(JobResult.ABANDONED.label());
            if (timed) { // abandoned jobs never have a duration
                duration.expose(f, JOB_DURATION, Labels.of(JOB_DURATION, labels));
            }
        }
        for (Map.Entry<LogKind, SourceHealth> e : r.sources().entrySet()) {
            Map<String, String> src = labels(r, Map.of("source", e.getKey().source()));
            SourceHealth h = e.getValue();
            f.value(SOURCE_UP, src, h.up() ? 1 : 0);
            f.value(SOURCE_LINES, src, h.lines());
            h.errors().forEach((reason, n) -> {
                Map<String, String> withReason = new LinkedHashMap<>(src);
                withReason.put("reason", reason);
                f.value(SOURCE_ERRORS, withReason, n);
            });
            if (h.lastEvent() != null) {
                f.value(SOURCE_LAST_EVENT, src, h.lastEvent().toEpochMilli() / 1000.0);
            }
        }
        f.value(RESULT_CONFLICTS, base, state.resultConflicts());
        state.labelOverflow().forEach((label, n) ->
                f.value(LABEL_OVERFLOW, labels(r, Map.of("label", label)), n));
        emitSteps(r, r.stepFigures(), f);
    }

    /** Absent until the runner has step output folders; then every configured cache type, zero until seen. */
    private static void emitSteps(RunnerMonitor r, StepFigures steps, Samples f) {
        if (steps == null) {
            return;
        }
        Map<String, String> base = labels(r, Map.of());
        steps.cacheRequests().forEach((type, count) -> {
            for (CacheResult result : CacheResult.values()) {
                Map<String, String> labels = labels(r, Map.of());
                labels.put("cache_type", type);
                labels.put("result", result.label());
                f.value(CACHE_REQUESTS, labels, count.count(result));
            }
        });
        f.value(STEP_PAGES_SEEN, base, steps.pagesSeen());
        f.value(STEP_PAGES_READ, base, steps.pagesRead());
        f.value(STEP_PAGES_MISSED, base, steps.pagesMissed());
    }

    /**
     * Every reason once the runner's log has been read (a known 0, so increase() sees the first problem); the time of
     * the newest problem only for reasons seen.
     */
    private static void emitListenerErrors(RunnerMonitor r, Samples f) {
        SourceHealth runnerLog = r.sources().get(LogKind.RUNNER);
        boolean read = runnerLog != null && runnerLog.up();
        for (ListenerErrorReason reason : ListenerErrorReason.values()) {
            Long n = r.state().events().counts(LISTENER_ERRORS).get(reason.label());
            if (n != null || read) {
                f.value(LISTENER_ERRORS, labels(r, Map.of("reason", reason.label())), n == null ? 0 : n);
            }
            Instant last = r.state().events().last(LISTENER_ERRORS).get(reason.label());
            if (last != null) {
                f.value(LISTENER_LAST_ERROR, labels(r, Map.of("reason", reason.label())),
                        last.toEpochMilli() / 1000.0);
            }
        }
    }

    /**
     * Once a runner's log has been read (a Runner_ file exists and is readable), a result with no job so far is a
     * known 0, not an unknown: exposing it
     * lets increase() and rate() count the first job of that result (Prometheus cannot see a series' first
     * increment). With opt-in context labels the combinations are open-ended, so only seen series are exposed.
     */
    private static Map<SeriesKey, JobSeries> withKnownZeros(RunnerMonitor r) {
        SourceHealth runnerLog = r.sources().get(LogKind.RUNNER);
        if (!r.contextLabels().isEmpty() || runnerLog == null || !runnerLog.up()) {
            return r.state().series();
        }
        Map<SeriesKey, JobSeries> all = new LinkedHashMap<>(r.state().series());
        for (JobResult result : JobResult.values()) {
            all.computeIfAbsent(JobSeries.key(result.label(), "", "", ""), k -> JobSeries.empty());
        }
        return all;
    }

    private static Map<String, String> jobLabels(RunnerMonitor r, SeriesKey key) {
        Map<String, String> labels = labels(r, Map.of("result", key.get(JobSeries.RESULT)));
        for (String label : r.contextLabels()) {
            labels.put(label, key.get(switch (label) {
                case "repository" -> JobSeries.REPOSITORY;
                case "workflow" -> JobSeries.WORKFLOW;
                default -> JobSeries.JOB;
            }));
        }
        return labels;
    }

    private static Map<String, String> labels(RunnerMonitor r, Map<String, String> extra) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("runner_name", r.target().name());
        labels.put("runner_type", r.target().type());
        labels.putAll(extra);
        return labels;
    }
}
