package dev.runnermetrics.dashboards.prometheus;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.dashboards.model.Dashboard;
import dev.runnermetrics.dashboards.model.Dashboard.Panel;
import dev.runnermetrics.dashboards.model.Dashboard.Target;
import dev.runnermetrics.dashboards.panels.Suite;
import dev.runnermetrics.testkit.prometheus.Promtool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promtool check rules} (all lint checks fatal) on the generated rule files, and on a rule file that records
 * every dashboard panel expression with Grafana's variables substituted, so that a query Prometheus cannot parse
 * fails the build rather than a user's dashboard.
 */
class PromtoolCheckRulesTest {

    /** Grafana's variables and what stands in for them; longer names first ($__range_s before $__range). */
    static final Map<String, String> VARIABLES = variables();

    @TempDir
    Path dir;

    private static Map<String, String> variables() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("$__rate_interval", "1m");
        v.put("$__interval_ms", "300000");
        v.put("$__interval", "5m");
        v.put("$__range_s", "3600");
        v.put("$__range", "1h");
        v.put("$job", ".*");
        v.put("$runner_type", ".*");
        v.put("$runner_name", ".*");
        v.put("$repository", ".*");
        v.put("$environment", ".*");
        return v;
    }

    @Test
    void generatedRuleFilesPassCheckRules() throws Exception {
        GeneratedPrometheusFiles.writeTo(dir);
        String alerts = PrometheusArtifacts.ALERTS;
        String recording = PrometheusArtifacts.RECORDING;
        Promtool.run(dir, "check", "rules", "--lint=all", "--lint-fatal", alerts, recording).assertSuccess(
                PromtoolCheckConfigTest.rulesChecked(alerts, PrometheusArtifacts.alertGroups())
                        + PromtoolCheckConfigTest.rulesChecked(recording, PrometheusArtifacts.recordingGroups()));
    }

    @Test
    void everyPanelExpressionOfEveryDashboardParses() throws Exception {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (Dashboard dashboard : Suite.dashboards()) {
            panelExpressions(dashboard).forEach((name, expr) -> expressions.put(
                    name.replace("dashboard:", dashboard.uid.replace('-', '_') + ":"), expr));
        }
        assertTrue(expressions.size() >= 4 * 12, "expected a query per panel at least, got " + expressions.keySet());
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map.Entry<String, String> e : expressions.entrySet()) {
            String expr = substitute(e.getValue());
            assertFalse(expr.contains("$"), e.getKey() + " uses a variable this test does not substitute: " + expr);
            rules.add(Map.of("record", e.getKey(), "expr", expr));
        }
        Map<String, Object> file = Map.of("groups", List.of(Map.of("name", "dashboard-panels", "rules", rules)));
        Path panels = dir.resolve("dashboard-panels.yml");
        Files.writeString(panels, GeneratedPrometheusFiles.toYaml(file), StandardCharsets.UTF_8);

        Promtool.run(dir, "check", "rules", "--lint=all", "--lint-fatal", panels.getFileName().toString())
                .assertSuccess("Checking dashboard-panels.yml\n  SUCCESS: " + rules.size() + " rules found\n\n");
    }

    /** Each target's expression, keyed by a valid record name made of the panel id and refId. */
    static Map<String, String> panelExpressions(Dashboard dashboard) {
        Map<String, String> out = new LinkedHashMap<>();
        collect(dashboard.panels, out);
        return out;
    }

    private static void collect(List<Panel> panels, Map<String, String> out) {
        if (panels == null) {
            return;
        }
        for (Panel p : panels) {
            for (Target t : p.targets == null ? List.<Target>of() : p.targets) {
                String name = "dashboard:panel_" + p.id + "_" + t.refId + ":query";
                if (out.put(name, t.expr) != null) {
                    throw new AssertionError("panel " + p.id + " has refId " + t.refId + " twice");
                }
            }
            collect(p.panels, out); // collapsed rows hold their panels
        }
    }

    static String substitute(String expr) {
        String out = expr;
        for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
            out = out.replace(v.getKey(), v.getValue());
        }
        return out;
    }
}
