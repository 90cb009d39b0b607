package dev.runnermetrics.dashboards.prometheus;

import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.catalogue.MetricType;
import dev.runnermetrics.dashboards.promql.Selector;
import java.util.List;

/**
 * Selectors for rules: catalogue series restricted to our scrape jobs (every job name starts with
 * {@link ScrapeConfigs#JOB_PREFIX}), and the one series Prometheus writes itself for every target.
 */
final class RuleSelectors {

    /** Matches every job of the generated scrape configs. */
    static final String JOB_REGEX = ScrapeConfigs.JOB_PREFIX + ".*";

    /** Labels that identify one runner across exporter restarts (instance changes with a pod's IP). */
    static final List<String> RUNNER = List.of("job", "runner_type", "runner_name");

    /**
     * Prometheus' own {@code up} series: 1 when the last scrape of a target succeeded, 0 when it failed. Declared here
     * because the exporter does not export it; it carries only the target labels.
     */
    static final MetricSpec UP = new MetricSpec("up", MetricType.GAUGE, "",
            "1 if Prometheus' last scrape of the target succeeded, 0 if it failed.", false, List.of(), List.of(),
            List.of());

    private RuleSelectors() {
    }

    /** A catalogue counter or gauge from our scrape jobs. */
    static Selector runners(MetricSpec spec) {
        return Selector.of(spec).re("job", JOB_REGEX);
    }

    /** A catalogue histogram's buckets from our scrape jobs. */
    static Selector buckets(MetricSpec histogram) {
        return Selector.bucket(histogram).re("job", JOB_REGEX);
    }

    static Selector targetsUp() {
        return Selector.of(UP).re("job", JOB_REGEX);
    }
}
