package dev.runnermetrics.dashboards.prometheus;

import dev.runnermetrics.dashboards.output.Artifact;
import java.util.List;
import java.util.Set;

/** Scrape configurations, alerting and recording rules for Prometheus. */
public final class PrometheusArtifacts {

    private PrometheusArtifacts() {
    }

    public static List<Artifact> all() {
        return List.of();
    }

    /** Names of the series our recording rules produce, so queries may use them. */
    public static Set<String> recordedNames() {
        return Set.of();
    }

    /** Every PromQL expression in the rules, keyed by "group/rule", for the catalogue check. */
    public static java.util.Map<String, String> expressions() {
        return java.util.Map.of();
    }
}
