package dev.runnermetrics.exporter.metrics;

import dev.runnermetrics.catalogue.MetricSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The samples one source writes at a scrape, kept by family for assertions. */
public final class RecordedSamples implements Samples {

    public record Value(Map<String, String> labels, double value) {
    }

    /** Per-bucket (not cumulative) counts, the last being +Inf. */
    public record Buckets(Map<String, String> labels, long[] counts, double sum, long count) {
    }

    private final Map<MetricSpec, List<Value>> values = new LinkedHashMap<>();
    private final Map<MetricSpec, List<Buckets>> histograms = new LinkedHashMap<>();

    public static RecordedSamples of(SampleSource source) {
        RecordedSamples samples = new RecordedSamples();
        source.expose(samples);
        return samples;
    }

    @Override
    public void value(MetricSpec family, Labels labels, double value) {
        values.computeIfAbsent(family, f -> new ArrayList<>()).add(new Value(labels.asMap(), value));
    }

    @Override
    public void histogram(MetricSpec family, Labels labels, long[] bucketCounts, double sum, long count) {
        histograms.computeIfAbsent(family, f -> new ArrayList<>())
                .add(new Buckets(labels.asMap(), bucketCounts.clone(), sum, count));
    }

    public Map<MetricSpec, List<Value>> values() {
        return values;
    }

    public Map<MetricSpec, List<Buckets>> histograms() {
        return histograms;
    }
}
