package dev.runnermetrics.exporter.github.model;

import dev.runnermetrics.catalogue.MetricSpec;
import java.util.List;
import java.util.Map;

/** GitHub figures (webhooks, or deployments from Worker logs) at one moment, by catalogue family, to expose. */
public record GithubSnapshot(Map<MetricSpec, List<Value>> values, Map<MetricSpec, List<Buckets>> histograms) {

    public record Value(Map<String, String> labels, double value) {
    }

    /** Per-bucket (not cumulative) counts, the last being +Inf. */
    public record Buckets(Map<String, String> labels, long[] counts, double sum, long count) {

        public static Buckets of(Map<String, String> labels, Histogram h) {
            return new Buckets(labels, h.buckets.clone(), h.sum, h.count);
        }
    }
}
