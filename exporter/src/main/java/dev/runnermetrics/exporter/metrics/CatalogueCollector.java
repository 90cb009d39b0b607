package dev.runnermetrics.exporter.metrics;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.catalogue.MetricType;
import io.prometheus.client.Collector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one road to /metrics: asks every source for its samples at scrape time and writes the catalogue's families in
 * catalogue order. Several sources may fill one family (the dropped-observations counter, say), and a family must
 * appear once per scrape, so the samples of equal label sets are added up. Nothing is kept between scrapes.
 */
public final class CatalogueCollector extends Collector {

    private final List<SampleSource> sources = new CopyOnWriteArrayList<>();

    /** Adds a source; its figures show from the next scrape on. */
    public CatalogueCollector add(SampleSource source) {
        sources.add(source);
        return this;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        Sink sink = new Sink();
        sources.forEach(source -> source.expose(sink));
        List<MetricFamilySamples> out = new ArrayList<>();
        for (MetricSpec spec : Catalogue.ALL) {
            FamilyBuilder family = new FamilyBuilder(spec);
            Map<Labels, Double> values = sink.values.get(spec);
            if (values != null) {
                values.forEach((labels, value) -> family.add(labels, value));
            }
            Map<Labels, Buckets> histograms = sink.histograms.get(spec);
            if (histograms != null) {
                histograms.forEach((labels, h) -> family.addHistogram(labels, spec.buckets(), h.counts, h.sum,
                        h.count));
            }
            family.addTo(out);
        }
        return out;
    }

    private static final class Buckets {
        final long[] counts;
        double sum;
        long count;

        Buckets(long[] counts, double sum, long count) {
            this.counts = counts.clone();
            this.sum = sum;
            this.count = count;
        }
    }

    /** Collects one scrape's samples by family, in the order the sources wrote them. */
    private static final class Sink implements Samples {
        final Map<MetricSpec, Map<Labels, Double>> values = new LinkedHashMap<>();
        final Map<MetricSpec, Map<Labels, Buckets>> histograms = new LinkedHashMap<>();

        @Override
        public void value(MetricSpec family, Labels labels, double value) {
            if (family.type() == MetricType.HISTOGRAM) {
                throw new IllegalArgumentException(family.name() + " is a histogram");
            }
            values.computeIfAbsent(family, f -> new LinkedHashMap<>()).merge(labels, value, Double::sum);
        }

        @Override
        public void histogram(MetricSpec family, Labels labels, long[] bucketCounts, double sum, long count) {
            if (family.type() != MetricType.HISTOGRAM || bucketCounts.length != family.buckets().size() + 1) {
                throw new IllegalArgumentException(family.name() + " takes no histogram of "
                        + bucketCounts.length + " buckets");
            }
            histograms.computeIfAbsent(family, f -> new LinkedHashMap<>()).merge(labels,
                    new Buckets(bucketCounts, sum, count), (a, b) -> {
                        for (int i = 0; i < a.counts.length; i++) {
                            a.counts[i] += b.counts[i];
                        }
                        a.sum += b.sum;
                        a.count += b.count;
                        return a;
                    });
        }
    }
}
