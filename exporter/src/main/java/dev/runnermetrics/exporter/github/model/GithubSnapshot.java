package dev.runnermetrics.exporter.github.model;

import dev.runnermetrics.catalogue.MetricSpec;
import java.util.List;
import java.util.Map;

/** The webhook figures at one moment, by catalogue family, ready to expose. */
public record GithubSnapshot(Map<MetricSpec, List<Value>> values, Map<MetricSpec, List<Buckets>> histograms) {

    public record Value(Map<String, String> labels, double value) {
    }

    /** Per-bucket (not cumulative) counts, the last being +Inf. */
    public record Buckets(Map<String, String> labels, long[] counts, double sum, long count) {
    }
}
