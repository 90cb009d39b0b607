package dev.runnermetrics.dashboards.panels;

import dev.runnermetrics.catalogue.CacheResult;
import dev.runnermetrics.dashboards.model.DataqueryBuilder;
import dev.runnermetrics.dashboards.model.PanelBuilder;
import dev.runnermetrics.dashboards.prometheus.PrometheusArtifacts;
import dev.runnermetrics.dashboards.promql.Promql;
import java.util.List;

/** How often caches hit: a ratio of counters in PromQL, never a stored gauge. */
final class CachePanels {

    private static final List<String> BY_TYPE = List.of("cache_type");

    private CachePanels() {
    }

    static PanelBuilder cacheHitRates() {
        String recorded = PrometheusArtifacts.recordedCacheRequestRates();
        String hits = Promql.sumBy(BY_TYPE, Presets.recorded(recorded).eq("result", CacheResult.HIT.label()).toString());
        String all = Promql.sumBy(BY_TYPE, Presets.recorded(recorded).toString());
        return Presets.timeseries("Cache Hit Rates",
                        "Share of cache restores that hit, by cache type (actions/cache, setup-* caches, BuildKit "
                                + "layers, apt, npm, ...), as seen in the jobs' step output, over 5-minute windows "
                                + "(recorded rates).")
                .size(12, 8)
                .unit("percentunit")
                .min(0)
                .max(1)
                .withTarget(new DataqueryBuilder().expr(Promql.ratio(hits, all)).legendFormat("{{cache_type}}")
                        .range());
    }
}
