package dev.runnermetrics.exporter.metrics;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.exporter.github.model.GithubSnapshot;
import io.prometheus.client.Collector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Emits the figures taken from GitHub webhooks (queue time, workflow jobs, DORA) at scrape time. */
public final class GithubCollector extends Collector {

    private final Supplier<GithubSnapshot> snapshot;

    public GithubCollector(Supplier<GithubSnapshot> snapshot) {
        this.snapshot = snapshot;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        GithubSnapshot s = snapshot.get();
        List<MetricFamilySamples> out = new ArrayList<>();
        for (MetricSpec spec : Catalogue.ALL) { // catalogue order, so the exposition is stable
            FamilyBuilder family = new FamilyBuilder(spec);
            s.values().getOrDefault(spec, List.of()).forEach(v -> family.add(v.labels(), v.value()));
            s.histograms().getOrDefault(spec, List.of()).forEach(h ->
                    family.addHistogram(h.labels(), spec.buckets(), h.counts(), h.sum(), h.count()));
            family.addTo(out);
        }
        return out;
    }
}
