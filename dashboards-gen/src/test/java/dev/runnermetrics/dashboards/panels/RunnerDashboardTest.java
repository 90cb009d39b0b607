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
import java.util.List;
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
    void hasStableIdentityRefreshRangeAndTheFourVariables() {
        assertEquals("github-runners", dashboard.uid);
        assertEquals("GitHub Runners", dashboard.title);
        assertEquals("30s", dashboard.refresh);
        assertEquals(new Dashboard.TimeRange("now-24h", "now"), dashboard.time);
        assertEquals(List.of("datasource:datasource", "job:query", "runner_type:query", "runner_name:query"),
                dashboard.templating.list.stream().map(v -> v.name + ":" + v.type).toList());
        Dashboard.Variable runnerName = dashboard.templating.list.get(3);
        assertEquals("label_values(runner_metrics_source_up{job=~\"$job\", runner_type=~\"$runner_type\"}, "
                + "runner_name)", runnerName.definition, "runner_name is filtered by runner_type");
        assertTrue(runnerName.multi && runnerName.includeAll);
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
