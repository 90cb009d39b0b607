package dev.runnermetrics.exporter.metrics;

import dev.runnermetrics.catalogue.MetricSpec;

/**
 * Where the sources of figures put their samples at scrape time: every source (runner logs, step output, webhooks,
 * the REST API, deployments) writes through this one interface, by catalogue family.
 */
public interface Samples {

    /** A counter's or a gauge's value. */
    void value(MetricSpec family, Labels labels, double value);

    /** A histogram from per-bucket (not cumulative) counts, the last one being +Inf. */
    void histogram(MetricSpec family, Labels labels, long[] bucketCounts, double sum, long count);

    /** Shorthand for {@link #value(MetricSpec, Labels, double)} with labels given by name. */
    default void value(MetricSpec family, java.util.Map<String, String> labels, double value) {
        value(family, Labels.of(family, labels), value);
    }

    /** Shorthand for {@link #histogram(MetricSpec, Labels, long[], double, long)} with labels given by name. */
    default void histogram(MetricSpec family, java.util.Map<String, String> labels, long[] bucketCounts, double sum,
            long count) {
        histogram(family, Labels.of(family, labels), bucketCounts, sum, count);
    }
}
