package dev.runnermetrics.exporter.github.api;

import static dev.runnermetrics.catalogue.Catalogue.QUEUE_TIME;

import dev.runnermetrics.exporter.github.model.GithubSettings;
import dev.runnermetrics.exporter.github.model.Histogram;
import dev.runnermetrics.exporter.github.model.JobFigures;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Queue times the REST API gave for our runners' jobs, labelled as the webhook figures label them
 * (runner_name, runner_type, runner_group capped, runs_on and repository only when opted in), plus what was not
 * observed and why. Thread-safe.
 */
final class QueueTimeFigures {


    private final GithubSettings settings;
    private final Map<List<String>, Histogram> series = new TreeMap<>(QueueTimeFigures::compare);
    private final Map<String, Long> dropped = new TreeMap<>();
    private final Map<String, Long> failed = new TreeMap<>();
    private final Map<String, Set<String>> seen = new HashMap<>();
    private final Map<String, Long> overflow = new HashMap<>();

    /** @param restored figures from the state file, null for none */
    QueueTimeFigures(GithubSettings settings, QueueTimeState restored) {
        this.settings = settings;
        if (restored != null) {
            restored.queueTime.forEach(s -> series.put(List.copyOf(s.key), s.histogram.copy()));
            dropped.putAll(restored.dropped);
            failed.putAll(restored.failed);
            restored.labels.seen.forEach((label, values) -> seen.put(label, new HashSet<>(values)));
            overflow.putAll(restored.labels.overflow);
        }
    }

    /** A copy of the figures for the state file; the caller adds the pending lookups. */
    synchronized QueueTimeState state() {
        QueueTimeState s = new QueueTimeState();
        series.forEach((k, v) -> s.queueTime.add(new QueueTimeState.Series(k, v.copy())));
        s.dropped.putAll(dropped);
        s.failed.putAll(failed);
        seen.forEach((label, values) -> s.labels.seen.put(label, new TreeSet<>(values)));
        s.labels.overflow.putAll(overflow);
        return s;
    }

    synchronized void observe(String runnerName, String runnerType, String runnerGroup, String runsOn,
            String repository, double seconds) {
        String group = runnerGroup == null ? JobFigures.NONE
                : JobLabelPolicy.cap("runner_group", runnerGroup, settings.labelAllow(), settings.maxLabelValues(),
                        seen, overflow);
        List<String> key = List.of(runnerName, runnerType, group, optional("runs_on", runsOn),
                optional("repository", repository));
        series.computeIfAbsent(key, k -> new Histogram(QUEUE_TIME.buckets().size())).observe(seconds,
                QUEUE_TIME.buckets());
    }

    private String optional(String label, String raw) {
        if (!settings.optionalLabels().contains(label)) {
            return "";
        }
        return JobLabelPolicy.cap(label, raw, settings.labelAllow(), settings.maxLabelValues(), seen, overflow);
    }

    /** A queue time not observed, by the webhook figures' reasons (approval_wait_unknown, negative_queue_time). */
    synchronized void dropped(String reason) {
        dropped.merge(reason, 1L, Long::sum);
    }

    /** A lookup that gave no queue time, by reason. */
    synchronized void failed(String reason) {
        failed.merge(reason, 1L, Long::sum);
    }

    /** The label map of a series key, in catalogue order. */
    Map<String, String> labels(List<String> key) {
        return settings.jobLabels(key, false);
    }

    synchronized Map<List<String>, Histogram> series() {
        Map<List<String>, Histogram> copy = new TreeMap<>(QueueTimeFigures::compare);
        series.forEach((k, v) -> copy.put(k, v.copy()));
        return copy;
    }

    synchronized Map<String, Long> dropped() {
        return new TreeMap<>(dropped);
    }

    synchronized Map<String, Long> failed() {
        return new TreeMap<>(failed);
    }

    private static int compare(List<String> a, List<String> b) {
        return String.join("\u001f", a).compareTo(String.join("\u001f", b));
    }
}
