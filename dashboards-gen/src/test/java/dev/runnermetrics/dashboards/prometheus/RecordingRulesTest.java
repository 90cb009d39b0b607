package dev.runnermetrics.dashboards.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.dashboards.promql.QueryScan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Recorded names say what they hold, and the generator reports exactly the rules it writes. */
class RecordingRulesTest {

    private static final Pattern OUTER_GROUPING = Pattern.compile("^(?:sum|count) by \\(([^)]*)\\)");
    private static final Pattern OPERATION = Pattern.compile("(sum|count)|(rate|increase)([0-9]+[smhdw])");

    @Test
    void recordedNamesAreExactlyTheRecordsInTheRuleFile() throws Exception {
        assertEquals(GeneratedPrometheusFiles.recordNames(), List.copyOf(PrometheusArtifacts.recordedNames()));
    }

    @Test
    void namesAreLevelMetricOperationAndMatchTheExpression() throws Exception {
        for (Map<String, Object> rule : GeneratedPrometheusFiles.rules(PrometheusArtifacts.RECORDING)) {
            String name = (String) rule.get("record");
            String expr = (String) rule.get("expr");
            String[] parts = name.split(":");
            assertEquals(3, parts.length, name + " is not level:metric:operation");

            // the labels the outer aggregation keeps (a step increase also matches on job and instance inside)
            Matcher outer = OUTER_GROUPING.matcher(expr);
            List<String> grouping = outer.find() ? List.of(outer.group(1).split(", "))
                    : new ArrayList<>(QueryScan.of(expr).groupingLabels());
            assertEquals(String.join("_", grouping), parts[0], name + ": level must name the labels kept");

            MetricSpec spec = Catalogue.ALL.stream()
                    .filter(s -> s.name().equals(parts[1]) || s.sampleNames().contains(parts[1])).findFirst()
                    .orElseThrow(() -> new AssertionError(name + ": " + parts[1] + " is not in the catalogue"));
            // up: a step increase counts a new series only when its exporter was already scraped
            assertTrue(QueryScan.of(expr).uses().stream().allMatch(u -> spec.sampleNames().contains(u.metric())
                            || "up".equals(u.metric())),
                    name + " must record " + parts[1] + " only: " + expr);

            Matcher op = OPERATION.matcher(parts[2]);
            assertTrue(op.matches(), name + ": unknown operation " + parts[2]);
            if (op.group(1) != null) {
                assertTrue(expr.startsWith(op.group(1) + " by ("), name + " must be a " + op.group(1) + ": " + expr);
            } else if (expr.contains("last_over_time(")) {
                // a step increase: the value now minus the last one a window ago
                assertTrue("increase".equals(op.group(2)) && expr.contains("offset " + op.group(3) + ")"),
                        name + " must be the growth since " + op.group(3) + " ago: " + expr);
            } else {
                assertTrue(expr.contains(op.group(2) + "(") && expr.contains("[" + op.group(3) + "])"),
                        name + " must be a " + op.group(2) + " over " + op.group(3) + ": " + expr);
            }
        }
    }

    @Test
    void expressionsHoldEveryRuleOfBothFiles() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        for (RuleGroup group : PrometheusArtifacts.alertGroups()) {
            group.rules().forEach(r -> expected.put(group.name() + "/" + r.name(), r.expr()));
        }
        for (RuleGroup group : PrometheusArtifacts.recordingGroups()) {
            group.rules().forEach(r -> expected.put(group.name() + "/" + r.name(), r.expr()));
        }
        assertEquals(expected, PrometheusArtifacts.expressions());
        List<String> inFiles = new ArrayList<>(GeneratedPrometheusFiles.rules(PrometheusArtifacts.ALERTS).stream()
                .map(r -> (String) r.get("expr")).toList());
        inFiles.addAll(GeneratedPrometheusFiles.rules(PrometheusArtifacts.RECORDING).stream()
                .map(r -> (String) r.get("expr")).toList());
        assertEquals(inFiles, List.copyOf(PrometheusArtifacts.expressions().values()),
                "the catalogue check must see the expressions as written");
    }

    @Test
    void theModelRefusesNamesWithoutLevelAndOperation() {
        assertThrows(IllegalArgumentException.class, () -> new RecordingRule("github_runner_jobs_rate5m", "x"));
        assertThrows(IllegalArgumentException.class, () -> new RecordingRule("job:github_runner_jobs", "x"));
    }
}
