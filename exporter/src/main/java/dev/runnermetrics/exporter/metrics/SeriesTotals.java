package dev.runnermetrics.exporter.metrics;

import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.catalogue.MetricType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counter and histogram series added up by family and labels, kept to be exposed again: what runners that are gone
 * counted, so the totals they were part of never go down. Takes samples like a scrape does; gauges are refused (a
 * gauge of something gone is no figure). Not thread-safe: its owner serialises access.
 */
public final class SeriesTotals implements Samples {

    /**
     * One series: a counter's value, or a histogram (then {@code value} is 0).
     *
     * @param histogram null for a counter
     */
    public record Entry(MetricSpec family, Labels labels, double value, Histogram histogram) {
    }

    private final Map<MetricSpec, Map<Labels, Double>> values = new LinkedHashMap<>();
    private final Map<MetricSpec, Map<Labels, Histogram>> histograms = new LinkedHashMap<>();

    /** Totals as a state file saved them. */
    public static SeriesTotals restore(List<Entry> entries) {
        SeriesTotals totals = new SeriesTotals();
        for (Entry e : entries) {
            if (e.histogram() != null) {
                Histogram h = e.histogram();
                totals.histogram(e.family(), e.labels(), h.buckets(), h.sum(), h.count());
            } else {
                totals.value(e.family(), e.labels(), e.value());
            }
        }
        return totals;
    }

    @Override
    public void value(MetricSpec family, Labels labels, double value) {
        if (family.type() != MetricType.COUNTER) {
            throw new IllegalArgumentException(family.name() + " is no counter");
        }
        values.computeIfAbsent(family, f -> new LinkedHashMap<>()).merge(labels, value, Double::sum);
    }

    @Override
    public void histogram(MetricSpec family, Labels labels, long[] bucketCounts, double sum, long count) {
        if (family.type() != MetricType.HISTOGRAM || bucketCounts.length != family.buckets().size() + 1) {
            throw new IllegalArgumentException(family.name() + " takes no histogram of " + bucketCounts.length
                    + " buckets");
        }
        histograms.computeIfAbsent(family, f -> new LinkedHashMap<>())
                .computeIfAbsent(labels, l -> Histogram.empty(family.buckets()))
                .add(bucketCounts, sum, count);
    }

    /** Writes every series kept. */
    public void expose(Samples samples) {
        values.forEach((family, series) -> series.forEach((labels, v) -> samples.value(family, labels, v)));
        histograms.forEach((family, series) -> series.forEach((labels, h) -> h.expose(samples, family, labels)));
    }

    /** The values one label takes among the series kept. */
    public Set<String> labelValues(String label) {
        // Asked on every scrape: the keys only, no entries (which copy every histogram).
        Set<String> found = new LinkedHashSet<>();
        List.of(values, histograms).forEach(families -> families.values().forEach(series -> series.keySet()
                .forEach(labels -> {
                    String v = labels.asMap().get(label);
                    if (v != null) {
                        found.add(v);
                    }
                })));
        return found;
    }

    /** Every series, for the state file (histograms copied). */
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        values.forEach((family, series) -> series.forEach((labels, v) -> entries.add(new Entry(family, labels, v,
                null))));
        histograms.forEach((family, series) -> series.forEach((labels, h) -> entries.add(new Entry(family, labels,
                0, h.copy()))));
        return entries;
    }
}
