package dev.runnermetrics.exporter.metrics;

import static dev.runnermetrics.catalogue.Catalogue.CACHE_REQUESTS;
import static dev.runnermetrics.catalogue.Catalogue.JOBS;
import static dev.runnermetrics.catalogue.Catalogue.JOB_DURATION;
import static dev.runnermetrics.catalogue.Catalogue.LABEL_OVERFLOW;
import static dev.runnermetrics.catalogue.Catalogue.LAST_JOB_COMPLETED;
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
import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.JobResult;
import dev.runnermetrics.exporter.app.RunnerSnapshot;
import dev.runnermetrics.exporter.app.SourceHealth;
import dev.runnermetrics.exporter.model.JobSeries;
import dev.runnermetrics.exporter.model.JobSeriesKey;
import dev.runnermetrics.exporter.steps.StepFigures;
import dev.runnermetrics.exporter.tail.LogKind;
import io.prometheus.client.Collector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Emits the catalogue's families from engine snapshots at scrape time; nothing is cached between scrapes. */
public final class RunnerCollector extends Collector {

    private final Supplier<List<RunnerSnapshot>> snapshots;
    private final LongSupplier saveFailures;

    public RunnerCollector(Supplier<List<RunnerSnapshot>> snapshots, LongSupplier saveFailures) {
        this.snapshots = snapshots;
        this.saveFailures = saveFailures;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        Map<String, FamilyBuilder> families = new LinkedHashMap<>();
        Catalogue.ALL.forEach(spec -> families.put(spec.name(), new FamilyBuilder(spec)));
        long failures = saveFailures.getAsLong();
        for (RunnerSnapshot runner : snapshots.get()) {
            emit(runner, families);
            // One state file holds every runner's state, so each runner carries its failures.
            families.get(STATE_SAVE_FAILURES.name()).add(labels(runner, Map.of()), failures);
        }
        List<MetricFamilySamples> out = new ArrayList<>();
        families.values().forEach(f -> f.addTo(out));
        return out;
    }

    private static void emit(RunnerSnapshot r, Map<String, FamilyBuilder> f) {
        Map<String, String> base = labels(r, Map.of());
        if (r.online() != null) {
            f.get(RUNNER_STATUS.name()).add(base, r.online() ? 1 : 0);
        }
        if (r.busy() != null) {
            f.get(RUNNER_BUSY.name()).add(base, r.busy() ? 1 : 0);
        }
        if (r.version() != null) {
            Map<String, String> info = new LinkedHashMap<>(base);
            info.put("version", r.version());
            info.put("os", r.os() == null ? "" : r.os());
            info.put("arch", r.arch() == null ? "" : r.arch());
            f.get(RUNNER_INFO.name()).add(info, 1);
        }
        if (r.uptimeSeconds() != null) {
            f.get(RUNNER_UPTIME.name()).add(base, r.uptimeSeconds());
        }
        if (r.lastJobCompleted() != null) {
            f.get(LAST_JOB_COMPLETED.name()).add(base, r.lastJobCompleted().toEpochMilli() / 1000.0);
        }
        for (Map.Entry<JobSeriesKey, JobSeries> e : withKnownZeros(r).entrySet()) {
            Map<String, String> labels = jobLabels(r, e.getKey());
            JobSeries s = e.getValue();
            f.get(JOBS.name()).add(labels, s.jobs);
            boolean timed = s.durationCount > 0 || !e.getKey().result().equals(JobResult.ABANDONED.label());
            if (timed) { // abandoned jobs never have a duration
                f.get(JOB_DURATION.name()).addHistogram(labels, JOB_DURATION.buckets(), s.bucketCounts,
                        s.durationSum, s.durationCount);
            }
        }
        for (Map.Entry<LogKind, SourceHealth> e : r.sources().entrySet()) {
            Map<String, String> src = labels(r, Map.of("source", e.getKey().source()));
            SourceHealth h = e.getValue();
            f.get(SOURCE_UP.name()).add(src, h.up() ? 1 : 0);
            f.get(SOURCE_LINES.name()).add(src, h.lines());
            h.errors().forEach((reason, n) -> {
                Map<String, String> withReason = new LinkedHashMap<>(src);
                withReason.put("reason", reason);
                f.get(SOURCE_ERRORS.name()).add(withReason, n);
            });
            if (h.lastEvent() != null) {
                f.get(SOURCE_LAST_EVENT.name()).add(src, h.lastEvent().toEpochMilli() / 1000.0);
            }
        }
        f.get(RESULT_CONFLICTS.name()).add(base, r.resultConflicts());
        r.labelOverflow().forEach((label, n) ->
                f.get(LABEL_OVERFLOW.name()).add(labels(r, Map.of("label", label)), n));
        emitSteps(r, r.steps(), f);
    }

    /** Absent until the runner has step output folders; then every configured cache type, zero until seen. */
    private static void emitSteps(RunnerSnapshot r, StepFigures steps, Map<String, FamilyBuilder> f) {
        if (steps == null) {
            return;
        }
        Map<String, String> base = labels(r, Map.of());
        steps.cacheRequests().forEach((type, count) -> {
            for (CacheResult result : CacheResult.values()) {
                Map<String, String> labels = labels(r, Map.of());
                labels.put("cache_type", type);
                labels.put("result", result.label());
                f.get(CACHE_REQUESTS.name()).add(labels, count.count(result));
            }
        });
        f.get(STEP_PAGES_SEEN.name()).add(base, steps.pagesSeen());
        f.get(STEP_PAGES_READ.name()).add(base, steps.pagesRead());
        f.get(STEP_PAGES_MISSED.name()).add(base, steps.pagesMissed());
    }

    /**
     * Once a runner's log has been read (a Runner_ file exists and is readable), a result with no job so far is a
     * known 0, not an unknown: exposing it
     * lets increase() and rate() count the first job of that result (Prometheus cannot see a series' first
     * increment). With opt-in context labels the combinations are open-ended, so only seen series are exposed.
     */
    private static Map<JobSeriesKey, JobSeries> withKnownZeros(RunnerSnapshot r) {
        SourceHealth runnerLog = r.sources().get(LogKind.RUNNER);
        if (!r.contextLabels().isEmpty() || runnerLog == null || !runnerLog.up()) {
            return r.series();
        }
        Map<JobSeriesKey, JobSeries> all = new LinkedHashMap<>(r.series());
        for (JobResult result : JobResult.values()) {
            all.computeIfAbsent(new JobSeriesKey(result.label(), "", "", ""),
                    k -> JobSeries.empty(JOB_DURATION.buckets().size()));
        }
        return all;
    }

    private static Map<String, String> jobLabels(RunnerSnapshot r, JobSeriesKey key) {
        Map<String, String> labels = labels(r, Map.of("result", key.result()));
        for (String label : r.contextLabels()) {
            labels.put(label, switch (label) {
                case "repository" -> key.repository();
                case "workflow" -> key.workflow();
                default -> key.job();
            });
        }
        return labels;
    }

    private static Map<String, String> labels(RunnerSnapshot r, Map<String, String> extra) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("runner_name", r.name());
        labels.put("runner_type", r.type());
        labels.putAll(extra);
        return labels;
    }
}
