package dev.runnermetrics.dashboards.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.dashboards.Generate;
import dev.runnermetrics.dashboards.model.Dashboard;
import dev.runnermetrics.dashboards.model.DashboardBuilder;
import dev.runnermetrics.dashboards.model.DataqueryBuilder;
import dev.runnermetrics.dashboards.model.PanelBuilder;
import dev.runnermetrics.dashboards.model.VariableBuilder;
import dev.runnermetrics.dashboards.panels.Presets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Feeds panels that break each rule; the generator must refuse them. */
class DashboardLintTest {

    private static DashboardBuilder base() {
        return new DashboardBuilder("t").uid("t").panelDatasource(Presets.DATASOURCE)
                .withVariable(VariableBuilder.datasource("datasource", "prometheus"))
                .withVariable(VariableBuilder.labelValues("job", Presets.DATASOURCE, "runner_metrics_source_up", "job"))
                .withVariable(VariableBuilder.labelValues("runner_type", Presets.DATASOURCE,
                        "runner_metrics_source_up", "runner_type"))
                .withVariable(VariableBuilder.labelValues("runner_name", Presets.DATASOURCE,
                        "runner_metrics_source_up", "runner_name"));
    }

    private static PanelBuilder panel(String title, String expr) {
        return new PanelBuilder("timeseries").title(title).description("d").unit("short").size(12, 8)
                .withTarget(new DataqueryBuilder().expr(expr));
    }

    private static final String SEL = "{job=~\"$job\", runner_type=~\"$runner_type\", runner_name=~\"$runner_name\"}";

    /** The panels under test, then a valid one that uses every variable of {@link #base()}. */
    private static List<String> violations(PanelBuilder... panels) {
        DashboardBuilder b = base();
        for (PanelBuilder p : panels) {
            b.withPanel(p);
        }
        b.withPanel(panel("every variable", "sum(rate(github_runner_jobs_total" + SEL + "[$__rate_interval]))"));
        return Generate.validate(b.build()).stream().map(Violation::toString).toList();
    }

    @Test
    void aValidPanelPasses() {
        assertEquals(List.of(), violations(panel("ok",
                "sum by (result) (rate(github_runner_jobs_total" + SEL + "[$__rate_interval]))")));
    }

    @Test
    void eachBrokenRuleIsReported() {
        assertEquals(List.of(
                "target-counter-agg-rule @ panel 'raw counter' target A: counter github_runner_jobs_total must be "
                        + "inside rate() or increase()"),
                violations(panel("raw counter", "sum(github_runner_jobs_total" + SEL + ")")));
        assertEquals(List.of(
                "target-histogram-le-rule @ panel 'buckets' target A: github_runner_job_duration_seconds_bucket "
                        + "buckets belong inside histogram_quantile(..., sum by (le) (...))"),
                violations(panel("buckets", "sum(rate(github_runner_job_duration_seconds_bucket" + SEL
                        + "[$__rate_interval]))")));
        assertEquals(List.of(
                "catalogue-metric @ panel 'typo' target A: metric github_runner_job_total is not declared in the "
                        + "catalogue"),
                violations(panel("typo", "rate(github_runner_job_total" + SEL + "[$__rate_interval])")));
        assertEquals(List.of("catalogue-label @ panel 'label' target A: github_runner_status has no label repo"),
                violations(panel("label", "github_runner_status{job=~\"$job\", repo=\"x\"}")));
        assertEquals(List.of("catalogue-label @ panel 'grouping' target A: groups by workflow_id, which no metric "
                        + "in the query carries"),
                violations(panel("grouping", "sum by (workflow_id) (github_runner_status{job=~\"$job\"})")));
        assertEquals(List.of("template-variable-defined @ panel 'variable' target A: uses $repo, which is not "
                        + "defined"),
                violations(panel("variable", "github_runner_status{job=~\"$job\", runner_name=~\"$repo\"}")));
        assertEquals(List.of("target-rate-interval-rule @ panel 'window' target A: rate over [5m] instead of "
                        + "[$__rate_interval]"),
                violations(panel("window", "sum(rate(github_runner_jobs_total" + SEL + "[5m]))")));
        assertEquals(List.of("target-job-rule @ panel 'no job' target A: github_runner_status must be filtered by "
                        + "job=~\"$job\""),
                violations(panel("no job", "github_runner_status")));
    }

    @Test
    void panelsNeedUnitsDescriptionsAndAPlaceOnTheGrid() {
        PanelBuilder bare = new PanelBuilder("stat").title("bare").size(6, 4)
                .withTarget(new DataqueryBuilder().expr("github_runner_status{job=~\"$job\"}"));
        PanelBuilder wide = panel("wide", "github_runner_status{job=~\"$job\"}").size(30, 4);
        assertEquals(List.of(
                "panel-title-description-rule @ panel 'bare': needs a title and a description",
                "panel-units-rule @ panel 'bare': needs a unit",
                "panel-grid @ panel 'wide': gridPos GridPos[h=4, w=30, x=0, y=4] is outside the 24-column grid"),
                violations(bare, wide));
    }

    @Test
    void overlappingPanelsAndDuplicateIdsAreCaught() {
        Dashboard d = base().withPanel(panel("a", "github_runner_status" + SEL))
                .withPanel(panel("b", "github_runner_status" + SEL)).build();
        d.panels.get(1).gridPos = d.panels.get(0).gridPos;
        d.panels.get(1).id = d.panels.get(0).id;
        assertEquals(List.of("panel-unique-id @ panel 'b': id 1 is used twice",
                "panel-grid @ panel 'b': overlaps panel 'a'"),
                Generate.validate(d).stream().map(Violation::toString).toList());
    }

    @Test
    void aVariableNoQueryUsesIsReported() {
        String deployments = "sum(increase(github_deployments_total{repository=~\"$repository\"}[$__range]))";
        DashboardBuilder unused = base()
                .withVariable(VariableBuilder.labelValues("repository", Presets.DATASOURCE,
                        "github_deployments_total", "repository"))
                .withVariable(VariableBuilder.labelValues("environment", Presets.DATASOURCE,
                        "github_deployments_total", "environment"))
                .withPanel(panel("runners", "sum(rate(github_runner_jobs_total" + SEL + "[$__rate_interval]))"))
                .withPanel(panel("Deployment Frequency", deployments));
        assertEquals(List.of("template-variable-used @ variable environment: no panel query or other variable uses "
                        + "$environment"),
                Generate.validate(unused.build()).stream().map(Violation::toString).toList());
        // Used by another variable's query counts: the picker narrows what that variable offers.
        DashboardBuilder chained = base()
                .withVariable(VariableBuilder.labelValues("repository", Presets.DATASOURCE,
                        "github_deployments_total", "repository"))
                .withVariable(VariableBuilder.labelValues("environment", Presets.DATASOURCE,
                        "github_deployments_total{repository=~\"$repository\"}", "environment"))
                .withPanel(panel("runners", "sum(rate(github_runner_jobs_total" + SEL + "[$__rate_interval]))"))
                .withPanel(panel("Deployment Frequency", "sum(increase(github_deployments_total"
                        + "{environment=~\"$environment\"}[$__range]))"));
        assertEquals(List.of(), Generate.validate(chained.build()).stream().map(Violation::toString).toList());
    }

    @Test
    void theBuildFailsWithEveryViolationListed() {
        Dashboard bad = base().withPanel(panel("raw counter", "github_runner_jobs_total" + SEL)).build();
        Generate.InvalidOutputException e = assertThrows(Generate.InvalidOutputException.class,
                () -> Generate.artifacts(bad));
        assertEquals("generated files break 1 rule(s):\n  target-counter-agg-rule @ t: panel 'raw counter' target A: "
                + "counter github_runner_jobs_total must be inside rate() or increase()", e.getMessage());
    }

    @Test
    void everyExclusionSaysWhy() {
        for (Exclusion e : DashboardLint.EXCLUSIONS) {
            assertTrue(e.reason().length() > 20, e.rule());
        }
        assertEquals(Set.of("template-instance-rule", "target-instance-rule", "target-job-rule",
                "target-increase-range-rule", "target-counter-agg-rule"),
                Set.copyOf(DashboardLint.EXCLUSIONS.stream().map(Exclusion::rule).toList()));
    }
}
