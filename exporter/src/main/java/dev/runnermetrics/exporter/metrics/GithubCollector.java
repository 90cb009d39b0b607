package dev.runnermetrics.exporter.metrics;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.exporter.github.model.GithubSnapshot;
import io.prometheus.client.Collector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Emits the GitHub figures (webhooks, the REST API client, deployments from Worker logs) at scrape time. One
 * collector for all of them: several sources may fill the same family (e.g. the dropped-observations counter), and a
 * family must appear once per scrape, so equal label sets are added up.
 */
public final class GithubCollector extends Collector {

    private final List<Supplier<GithubSnapshot>> sources = new CopyOnWriteArrayList<>();

    public GithubCollector() {
    }

    public GithubCollector(Supplier<GithubSnapshot> source) {
        add(source);
    }

    /** Adds a source; its figures show from the next scrape on. */
    public GithubCollector add(Supplier<GithubSnapshot> source) {
        sources.add(source);
        return this;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<GithubSnapshot> snapshots = sources.stream().map(Supplier::get).toList();
        List<MetricFamilySamples> out = new ArrayList<>();
        for (MetricSpec spec : Catalogue.ALL) { // catalogue order, so the exposition is stable
            Map<Map<String, String>, Double> values = new LinkedHashMap<>();
            Map<Map<String, String>, GithubSnapshot.Buckets> histograms = new LinkedHashMap<>();
            for (GithubSnapshot s : snapshots) {
                s.values().getOrDefault(spec, List.of()).forEach(v -> values.merge(v.labels(), v.value(), Double::sum));
                s.histograms().getOrDefault(spec, List.of()).forEach(h -> histograms.merge(h.labels(), h,
                        GithubCollector::sum));
            }
            FamilyBuilder family = new FamilyBuilder(spec);
            values.forEach(family::add);
            histograms.values().forEach(h ->
                    family.addHistogram(h.labels(), spec.buckets(), h.counts(), h.sum(), h.count()));
            family.addTo(out);
        }
        return out;
    }

    private static GithubSnapshot.Buckets sum(GithubSnapshot.Buckets a, GithubSnapshot.Buckets b) {
        long[] counts = a.counts().clone();
        for (int i = 0; i < counts.length; i++) {
            counts[i] += b.counts()[i];
        }
        return new GithubSnapshot.Buckets(a.labels(), counts, a.sum() + b.sum(), a.count() + b.count());
    }
}
