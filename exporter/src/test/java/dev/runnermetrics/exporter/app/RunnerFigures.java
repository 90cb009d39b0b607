package dev.runnermetrics.exporter.app;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.exporter.metrics.RecordedSamples;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What /metrics shows of one runner, read from the engine's samples as a scrape takes them. */
record RunnerFigures(String name, String type, RecordedSamples samples) {

    /** Every runner of the engine, in the order it exposes them (each has its sources' up gauges). */
    static List<RunnerFigures> of(ExporterEngine engine) {
        RecordedSamples samples = RecordedSamples.of(engine::expose);
        Map<String, RunnerFigures> runners = new LinkedHashMap<>();
        samples.values().getOrDefault(Catalogue.SOURCE_UP, List.of()).forEach(v -> runners.putIfAbsent(
                v.labels().get("runner_name"),
                new RunnerFigures(v.labels().get("runner_name"), v.labels().get("runner_type"), samples)));
        return new ArrayList<>(runners.values());
    }

    static RunnerFigures first(ExporterEngine engine) {
        return of(engine).get(0);
    }

    private List<RecordedSamples.Value> values(MetricSpec spec) {
        return samples.values().getOrDefault(spec, List.of()).stream()
                .filter(v -> name.equals(v.labels().get("runner_name"))).toList();
    }

    private Double value(MetricSpec spec) {
        List<RecordedSamples.Value> values = values(spec);
        return values.isEmpty() ? null : values.get(0).value();
    }

    /** Jobs by result, results with none left out. */
    Map<String, Long> jobs() {
        Map<String, Long> jobs = new TreeMap<>();
        values(Catalogue.JOBS).forEach(v -> {
            if (v.value() > 0) {
                jobs.merge(v.labels().get("result"), (long) v.value(), Long::sum);
            }
        });
        return jobs;
    }

    Boolean online() {
        Double v = value(Catalogue.RUNNER_STATUS);
        return v == null ? null : v == 1;
    }

    Boolean busy() {
        Double v = value(Catalogue.RUNNER_BUSY);
        return v == null ? null : v == 1;
    }

    Double uptimeSeconds() {
        return value(Catalogue.RUNNER_UPTIME);
    }

    /** A label of github_runner_info (version, os, arch); null without it. */
    String info(String label) {
        List<RecordedSamples.Value> info = values(Catalogue.RUNNER_INFO);
        return info.isEmpty() ? null : info.get(0).labels().get(label);
    }

    /** Input skipped by reason, for one source (runner_log, worker_log). */
    Map<String, Long> parseErrors(String source) {
        Map<String, Long> errors = new TreeMap<>();
        values(Catalogue.SOURCE_ERRORS).stream().filter(v -> source.equals(v.labels().get("source")))
                .forEach(v -> errors.put(v.labels().get("reason"), (long) v.value()));
        return errors;
    }

    /** Whether the exporter can read a source; null when it is not exposed. */
    Boolean up(String source) {
        return values(Catalogue.SOURCE_UP).stream().filter(v -> source.equals(v.labels().get("source")))
                .map(v -> v.value() == 1).findFirst().orElse(null);
    }

    /** A runner-level family's value (step pages and the like); null when absent. */
    Double of(MetricSpec spec) {
        return value(spec);
    }

    /** Cache restores by type and result, all values (zeros too) as exposed. */
    Map<String, Map<String, Long>> cacheRequests() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        values(Catalogue.CACHE_REQUESTS).forEach(v -> out.computeIfAbsent(v.labels().get("cache_type"),
                t -> new LinkedHashMap<>()).put(v.labels().get("result"), (long) v.value()));
        return out;
    }
}
