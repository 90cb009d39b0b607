package dev.runnermetrics.exporter.metrics;

import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.catalogue.MetricType;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds one metric family from its catalogue declaration and the samples of one scrape. */
final class FamilyBuilder {

    private final MetricSpec spec;
    private final List<Sample> samples = new ArrayList<>();

    FamilyBuilder(MetricSpec spec) {
        this.spec = spec;
    }

    FamilyBuilder add(Labels labels, double value) {
        samples.add(sample(spec.type() == MetricType.COUNTER ? spec.series() : spec.name(), labels.asMap(), value));
        return this;
    }

    /** A histogram series from per-bucket (not cumulative) counts, the last being +Inf. */
    FamilyBuilder addHistogram(Labels series, List<Double> bounds, long[] bucketCounts, double sum, long count) {
        Map<String, String> labels = series.asMap();
        long cumulative = 0;
        for (int i = 0; i <= bounds.size(); i++) {
            cumulative += bucketCounts[i];
            Map<String, String> withLe = new LinkedHashMap<>(labels);
            withLe.put("le", i < bounds.size() ? Collector.doubleToGoString(bounds.get(i)) : "+Inf");
            samples.add(sample(spec.bucket(), withLe, cumulative));
        }
        samples.add(sample(spec.count(), labels, count));
        samples.add(sample(spec.sum(), labels, sum));
        return this;
    }

    void addTo(List<MetricFamilySamples> out) {
        if (samples.isEmpty()) {
            return; // nothing known: absent, not zero
        }
        Collector.Type type = switch (spec.type()) {
            case COUNTER -> Collector.Type.COUNTER;
            case GAUGE -> Collector.Type.GAUGE;
            case HISTOGRAM -> Collector.Type.HISTOGRAM;
        };
        out.add(new MetricFamilySamples(spec.name(), spec.unit(), type, spec.help(), samples));
    }

    private static Sample sample(String name, Map<String, String> labels, double value) {
        return new Sample(name, new ArrayList<>(labels.keySet()), new ArrayList<>(labels.values()), value);
    }
}
