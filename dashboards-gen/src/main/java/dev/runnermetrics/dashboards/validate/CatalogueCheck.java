package dev.runnermetrics.dashboards.validate;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.catalogue.MetricType;
import dev.runnermetrics.dashboards.promql.QueryScan;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every metric a query selects must be declared in the catalogue (or recorded by our rules), and every label it
 * matches or groups on must be one that metric carries.
 */
public final class CatalogueCheck {

    /** Labels Prometheus adds to every scraped series. */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    /** Series Prometheus writes itself for every target (alerts on scrape health need them); target labels only. */
    static final Set<String> TARGET_SERIES = Set.of("up");

    private final Set<String> recordedNames;

    /** @param recordedNames series our recording rules produce (their labels are not checked here) */
    public CatalogueCheck(Set<String> recordedNames) {
        this.recordedNames = recordedNames;
    }

    public void check(String where, String expr, List<Violation> out) {
        QueryScan scan = QueryScan.of(expr);
        Set<String> known = new HashSet<>(TARGET_LABELS);
        boolean onlyRecorded = true;
        for (QueryScan.Use use : scan.uses()) {
            Optional<MetricSpec> spec = Catalogue.bySampleName(use.metric());
            if (spec.isEmpty() && TARGET_SERIES.contains(use.metric())) {
                onlyRecorded = false;
                for (String label : use.matcherLabels()) {
                    if (!TARGET_LABELS.contains(label)) {
                        out.add(new Violation("catalogue-label", where, use.metric() + " has no label " + label));
                    }
                }
                continue;
            }
            if (spec.isEmpty()) {
                if (!recordedNames.contains(use.metric())) {
                    out.add(new Violation("catalogue-metric", where, "metric " + use.metric()
                            + " is not declared in the catalogue"));
                }
                continue;
            }
            onlyRecorded = false;
            Set<String> labels = new HashSet<>(spec.get().allLabels());
            labels.addAll(TARGET_LABELS);
            if (spec.get().type() == MetricType.HISTOGRAM && use.metric().equals(spec.get().bucket())) {
                labels.add("le");
            }
            known.addAll(labels);
            for (String label : use.matcherLabels()) {
                if (!labels.contains(label)) {
                    out.add(new Violation("catalogue-label", where, use.metric() + " has no label " + label));
                }
            }
        }
        if (onlyRecorded && !scan.uses().isEmpty()) {
            return;
        }
        for (String label : scan.groupingLabels()) {
            if (!known.contains(label)) {
                out.add(new Violation("catalogue-label", where, "groups by " + label
                        + ", which no metric in the query carries"));
            }
        }
    }
}
