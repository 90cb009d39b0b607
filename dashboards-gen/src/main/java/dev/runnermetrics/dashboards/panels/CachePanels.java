package dev.runnermetrics.dashboards.panels;

import dev.runnermetrics.catalogue.CacheResult;
import dev.runnermetrics.dashboards.model.DataqueryBuilder;
import dev.runnermetrics.dashboards.model.PanelBuilder;
import dev.runnermetrics.dashboards.prometheus.PrometheusArtifacts;
import dev.runnermetrics.dashboards.promql.Promql;
import java.util.List;

/**
 * How often caches hit: ratios of counters in PromQL, never a stored gauge. The hit rate counts exact hits only, over
 * all restores (hit, partial and miss): a restore through a restore key brings an older cache the job still has to
 * bring up to date, so it is shown beside the hit rate, not inside it.
 */
final class CachePanels {

    private static final List<String> BY_TYPE = List.of("cache_type");

    private CachePanels() {
    }

    static PanelBuilder cacheHitRates() {
        String all = counts(List.of());
        return Presets.timeseries("Cache Hit Rates",
                        "Share of cache restores that hit exactly (the primary key, the layer, the index), by cache type "
                                + "(actions/cache, setup-* caches, BuildKit layers, apt, npm, ...), as seen in the jobs' "
                                + "step output, of the restores in each step of the graph (at least 5 minutes; recorded counts); every restore (hit, partial, "
                                + "miss) counts in the whole. Beside it, \"partial\": the share restored through a "
                                + "restore key or a key prefix, an older cache the job still brings up to date. Partial "
                                + "restores are told only where the output has the step's key input or the toolkit's "
                                + "\"Cache hit for restore-key\" line; otherwise they count as hits.")
                .size(12, 8)
                .unit("percentunit")
                .min(0)
                .max(1)
                .minInterval(Presets.STEP_PANEL_INTERVAL)
                .withTarget(new DataqueryBuilder().expr(Promql.ratio(share(CacheResult.HIT), all))
                        .legendFormat("{{cache_type}}").range())
                .withTarget(new DataqueryBuilder().expr(Promql.ratio(share(CacheResult.PARTIAL), all))
                        .legendFormat("{{cache_type}} partial").range());
    }

    private static String share(CacheResult result) {
        return counts(List.of("result=\"" + result.label() + "\""));
    }

    private static String counts(List<String> matchers) {
        return Presets.stepCounts(BY_TYPE, PrometheusArtifacts.recordedTypeCacheRequestIncreases(),
                PrometheusArtifacts.recordedCacheRequestRates(), matchers);
    }
}
