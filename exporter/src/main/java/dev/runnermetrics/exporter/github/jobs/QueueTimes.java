package dev.runnermetrics.exporter.github.jobs;

import static dev.runnermetrics.catalogue.Catalogue.QUEUE_TIME;

import dev.runnermetrics.exporter.metrics.Histogram;
import dev.runnermetrics.exporter.metrics.Samples;
import dev.runnermetrics.exporter.metrics.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one queue-time figure, whichever source tells when a job was queued and when a runner took it: workflow_job
 * webhooks ({@link JobFigures}) or the REST API's job objects ({@link QueueTimeLookups}). Series by runner_name,
 * runner_type, runner_group (capped, "none" when unknown), runs_on and repository (capped, only when opted in);
 * a queue time that cannot be observed is counted by reason instead. Pure and not thread-safe: the caller
 * serialises access. The maps are the caller's, persisted in its own form.
 */
final class QueueTimes {

    static final String NEGATIVE = "negative_queue_time";
    static final String APPROVAL_WAIT_UNKNOWN = "approval_wait_unknown";
    /** The runner_name of a type's series that gone runners' (node mode) were folded into. */
    static final String TYPE_ONLY = "";

    private final GithubSettings settings;
    private final Map<String, Histogram> series;
    private final LabelCap labels;
    private final Map<String, Long> dropped;

    /**
     * @param series  series key (runner_name, runner_type, runner_group, runs_on, repository) → histogram
     * @param labels  the label values given out, shared with the source's other figures
     * @param dropped queue times not observed, by reason, shared with the source's other figures
     */
    QueueTimes(GithubSettings settings, Map<String, Histogram> series, LabelCap labels, Map<String, Long> dropped) {
        this.settings = settings;
        this.series = series;
        this.labels = labels;
        this.dropped = dropped;
    }

    /**
     * One job's queue time, from {@code queued} (created, or the end of its approval wait) to {@code started}.
     *
     * @param runnerName the runner_name label, already resolved by the source
     * @param runnerGroup the raw group, null when unknown
     */
    void observe(String runnerName, String runnerType, String runnerGroup, String runsOn, String repository,
            Instant queued, Instant started) {
        double seconds = Duration.between(queued, started).toMillis() / 1000.0;
        if (seconds < 0) {
            dropped(NEGATIVE);
            return;
        }
        series.computeIfAbsent(key(runnerName, runnerType, runnerGroup, null, runsOn, repository),
                k -> Histogram.empty(QUEUE_TIME.buckets())).observe(seconds, QUEUE_TIME.buckets());
    }

    /** A queue time not observed, by reason. */
    void dropped(String reason) {
        dropped.merge(reason, 1L, Long::sum);
    }

    /**
     * The series key of a job's figures: runner_name, runner_type, runner_group[, conclusion], runs_on, repository;
     * the labels capped in this order.
     */
    String key(String runnerName, String runnerType, String runnerGroup, String conclusion, String runsOn,
            String repository) {
        String group = runnerGroup == null ? JobFigures.NONE : cap("runner_group", runnerGroup);
        String runs = optional(runsOn, "runs_on");
        String repo = optional(repository, "repository");
        return (conclusion == null ? SeriesKey.of(runnerName, runnerType, group, runs, repo)
                : SeriesKey.of(runnerName, runnerType, group, conclusion, runs, repo)).text();
    }

    /** An opt-in label's value, "" when not opted in. */
    String optional(String raw, String label) {
        return settings.optIn(label) ? cap(label, raw) : "";
    }

    private String cap(String label, String raw) {
        return labels.value(label, raw, settings.labelAllow(), settings.maxLabelValues());
    }

    /**
     * Folds a runner's series into its type's (runner_name {@link #TYPE_ONLY}), other labels kept.
     *
     * @return whether there was any
     */
    boolean fold(String runnerName, String runnerType) {
        Map<String, Histogram> folded = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, Histogram>> it = series.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Histogram> e = it.next();
            List<String> key = new ArrayList<>(SeriesKey.parse(e.getKey()).values());
            if (key.get(0).equals(runnerName) && key.get(1).equals(runnerType)) {
                key.set(0, TYPE_ONLY);
                folded.merge(SeriesKey.of(key.toArray(String[]::new)).text(), e.getValue(), QueueTimes::sum);
                it.remove();
            }
        }
        folded.forEach((key, h) -> series.merge(key, h, QueueTimes::sum));
        return !folded.isEmpty();
    }

    private static Histogram sum(Histogram a, Histogram b) {
        a.add(b.buckets(), b.sum(), b.count());
        return a;
    }

    /** The queue-time histograms. */
    void expose(Samples samples) {
        series.forEach((key, h) -> samples.histogram(QUEUE_TIME,
                settings.jobLabels(SeriesKey.parse(key).values(), false), h.buckets(), h.sum(), h.count()));
    }
}
