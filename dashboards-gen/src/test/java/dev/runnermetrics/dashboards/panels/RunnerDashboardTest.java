package dev.runnermetrics.dashboards.panels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runnermetrics.dashboards.Generate;
import dev.runnermetrics.dashboards.model.Dashboard;
import dev.runnermetrics.dashboards.output.Artifact;
import dev.runnermetrics.dashboards.output.GrafanaArtifacts;
import dev.runnermetrics.dashboards.output.Json;
import dev.runnermetrics.dashboards.promql.QueryScan;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RunnerDashboardTest {

    private final Dashboard dashboard = RunnerDashboard.build();

    private List<Dashboard.Panel> panels() {
        return dashboard.panels.stream().filter(p -> !"row".equals(p.type)).toList();
    }

    @Test
    void hasExactlyTheTwelvePanelsUsersAskedFor() {
        assertEquals(List.of(
                "Runner Status Overview:stat", "Active Runners:stat", "Total Jobs Executed:stat",
                "Runner Uptime:table", "Job Success Rate:gauge", "Job Status Distribution:piechart",
                "Jobs per Hour:timeseries", "Job Duration Trends:timeseries", "Cache Hit Rates:timeseries",
                "Deployment Frequency:stat", "Lead Time for Changes:stat", "Change Failure Rate:gauge"),
                panels().stream().map(p -> p.title + ":" + p.type).toList());
    }

    @Test
    void hasStableIdentityRefreshRangeAndTheSixVariables() {
        assertEquals("github-runners", dashboard.uid);
        assertEquals("GitHub Runners", dashboard.title);
        assertEquals("30s", dashboard.refresh);
        assertEquals(new Dashboard.TimeRange("now-24h", "now"), dashboard.time);
        assertEquals(List.of("datasource:datasource", "job:query", "runner_type:query", "runner_name:query",
                        "repository:query", "environment:query"),
                dashboard.templating.list.stream().map(v -> v.name + ":" + v.type).toList());
        Dashboard.Variable runnerName = dashboard.templating.list.get(3);
        assertEquals("label_values(runner_metrics_source_up{job=~\"$job\", runner_type=~\"$runner_type\"}, "
                + "runner_name)", runnerName.definition, "runner_name is filtered by runner_type");
        assertTrue(runnerName.multi && runnerName.includeAll);
        Dashboard.Variable repository = dashboard.templating.list.get(4);
        assertEquals("label_values(github_deployments_total, repository)", repository.definition);
        Dashboard.Variable environment = dashboard.templating.list.get(5);
        assertEquals("label_values(github_deployments_total{repository=~\"$repository\"}, environment)",
                environment.definition, "environment is filtered by repository");
        for (Dashboard.Variable v : List.of(repository, environment)) {
            assertTrue(v.multi && v.includeAll, v.name);
            assertEquals(".*", v.allValue, v.name);
            assertEquals(Map.of("text", "All", "value", "$__all"), v.current, v.name);
        }
    }

    /**
     * The runner variables filter the runner panels and the delivery variables the DORA panels, never crosswise:
     * deployments have no runner, and the runner series have no environment (a repository=~ matcher would drop
     * every runner series that lacks the opt-in repository label).
     */
    @Test
    void eachPanelIsFilteredByItsOwnVariables() {
        Map<String, Set<String>> byPanel = new TreeMap<>();
        for (Dashboard.Panel p : panels()) {
            Set<String> used = new TreeSet<>();
            p.targets.forEach(t -> used.addAll(QueryScan.of(t.expr).variables()));
            byPanel.put(p.title, used);
        }
        Set<String> runner = Set.of("job", "runner_name", "runner_type");
        Set<String> delivery = Set.of("environment", "repository");
        Set<String> dora = Set.of("Deployment Frequency", "Lead Time for Changes", "Change Failure Rate");
        Map<String, Set<String>> expected = new TreeMap<>();
        byPanel.keySet().forEach(title -> expected.put(title, dora.contains(title) ? delivery : runner));
        assertEquals(expected, byPanel);
    }

    @Test
    void theDoraPanelsSelectTheChosenRepositoriesAndEnvironments() {
        Map<String, String> exprs = new TreeMap<>();
        panels().stream().filter(p -> p.title.equals("Change Failure Rate") || p.title.equals("Lead Time for Changes"))
                .forEach(p -> exprs.put(p.title, p.targets.get(0).expr));
        assertEquals(Map.of(
                "Change Failure Rate", "(sum(increase(github_deployments_total{repository=~\"$repository\", "
                        + "environment=~\"$environment\", result=\"failure\"}[$__range]))) / (sum(increase("
                        + "github_deployments_total{repository=~\"$repository\", environment=~\"$environment\"}"
                        + "[$__range])))",
                "Lead Time for Changes", "histogram_quantile(0.5, sum by (le) (increase("
                        + "github_deployment_lead_time_seconds_bucket{repository=~\"$repository\", "
                        + "environment=~\"$environment\"}[$__range])))"), exprs);
        for (Dashboard.Panel p : panels()) {
            if (p.title.equals("Change Failure Rate") || p.title.equals("Lead Time for Changes")
                    || p.title.equals("Deployment Frequency")) {
                assertTrue(p.description.contains("selected repositories and environments"), p.description);
            }
        }
    }

    @Test
    void everyQueryOfTheBuiltDashboardPassesTheLinter() {
        assertEquals(List.of(), Generate.validate(dashboard));
    }

    @Test
    void theProvisioningFormHasNoInputPlaceholderAndTheImportFormDeclaresIt() throws Exception {
        List<Artifact> grafana = GrafanaArtifacts.all(dashboard);
        String provisioned = grafana.get(0).content();
        assertFalse(provisioned.contains("${DS_"));
        JsonNode importable = Json.JSON.readTree(grafana.get(1).content());
        assertEquals("DS_PROMETHEUS", importable.at("/__inputs/0/name").asText());
        assertEquals("${DS_PROMETHEUS}", importable.at("/templating/list/0/current/value").asText());
        assertEquals(List.of("grafana", "prometheus", "gauge", "piechart", "stat", "table", "timeseries"),
                importable.findValues("__requires").get(0).findValuesAsText("id"));
        JsonNode provisionedTree = Json.JSON.readTree(provisioned);
        com.fasterxml.jackson.databind.node.ObjectNode stripped =
                ((com.fasterxml.jackson.databind.node.ObjectNode) importable).deepCopy();
        stripped.remove(List.of("__inputs", "__requires", "id"));
        stripped.set("templating", provisionedTree.get("templating"));
        assertEquals(provisionedTree, stripped, "same dashboard but for the inputs");
    }
}
