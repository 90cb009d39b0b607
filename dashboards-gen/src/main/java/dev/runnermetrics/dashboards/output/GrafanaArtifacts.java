package dev.runnermetrics.dashboards.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnermetrics.dashboards.model.Dashboard;
import dev.runnermetrics.dashboards.model.Dashboard.Panel;
import dev.runnermetrics.dashboards.panels.Presets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dashboard in its two forms and Grafana's provisioning files. File provisioning cannot resolve a
 * {@code ${DS_...}} placeholder, so that form picks the datasource through the variable alone; the import form adds
 * the {@code __inputs}/{@code __requires} Grafana's import dialog asks about.
 */
public final class GrafanaArtifacts {

    /** The overview's file (the home dashboard of the Compose deployment); every dashboard's file is its uid. */
    public static final String DASHBOARD_FILE = "github-runners.json";
    public static final String PROVISIONED_DIR = "grafana/dashboards/";
    public static final String IMPORTABLE_DIR = "grafana/dashboards-import/";
    public static final String PROVISIONED = PROVISIONED_DIR + DASHBOARD_FILE;
    public static final String IMPORTABLE = IMPORTABLE_DIR + DASHBOARD_FILE;
    /** Where the dashboard provider below expects dashboards inside the Grafana container. */
    public static final String CONTAINER_DASHBOARDS = "/var/lib/grafana/dashboards/runner-metrics";
    /** The datasource uid provisioned below, selected by default in the datasource variable. */
    public static final String DATASOURCE_UID = "prometheus";

    private static final String MIN_GRAFANA = "10.0.0";

    private GrafanaArtifacts() {
    }

    public static List<Artifact> all(Dashboard dashboard) {
        return all(List.of(dashboard));
    }

    /** Both forms of every dashboard, then the provisioning files (one provider loads the whole folder). */
    public static List<Artifact> all(List<Dashboard> dashboards) {
        List<Artifact> out = new ArrayList<>();
        for (Dashboard dashboard : dashboards) {
            out.add(new Artifact(PROVISIONED_DIR + fileName(dashboard), Json.json(dashboard)));
            out.add(new Artifact(IMPORTABLE_DIR + fileName(dashboard), Json.json(importable(dashboard))));
        }
        out.add(new Artifact("grafana/provisioning/datasources/prometheus.yml", Json.yaml(datasource())));
        out.add(new Artifact("grafana/provisioning/dashboards/runner-metrics.yml", Json.yaml(provider())));
        return out;
    }

    /** A dashboard's file name: its uid, so the overview keeps {@link #DASHBOARD_FILE}. */
    public static String fileName(Dashboard dashboard) {
        return dashboard.uid + ".json";
    }

    private static ObjectNode importable(Dashboard dashboard) {
        ObjectNode source = Json.JSON.valueToTree(dashboard);
        ObjectNode out = Json.JSON.createObjectNode();
        ArrayNode inputs = out.putArray("__inputs");
        inputs.addObject().put("name", "DS_PROMETHEUS").put("label", "Prometheus")
                .put("description", "Prometheus that scrapes the Runner Metrics exporters").put("type", "datasource")
                .put("pluginId", "prometheus").put("pluginName", "Prometheus");
        ArrayNode requires = out.putArray("__requires");
        requires.addObject().put("type", "grafana").put("id", "grafana").put("name", "Grafana")
                .put("version", MIN_GRAFANA);
        requires.addObject().put("type", "datasource").put("id", "prometheus").put("name", "Prometheus")
                .put("version", "1.0.0");
        Set<String> panelTypes = new LinkedHashSet<>();
        for (Panel p : dashboard.panels) {
            if (!"row".equals(p.type)) {
                panelTypes.add(p.type);
            }
        }
        for (String type : panelTypes.stream().sorted().toList()) {
            requires.addObject().put("type", "panel").put("id", type).put("name", type).put("version", "");
        }
        out.putNull("id");
        out.setAll(source);
        for (var variable : out.withArray("/templating/list")) {
            if (Presets.DATASOURCE_VARIABLE.equals(variable.path("name").asText())) {
                ((ObjectNode) variable).putObject("current").put("text", "${DS_PROMETHEUS}")
                        .put("value", "${DS_PROMETHEUS}");
            }
        }
        return out;
    }

    private static Map<String, Object> datasource() {
        Map<String, Object> ds = new LinkedHashMap<>();
        ds.put("name", "Prometheus");
        ds.put("uid", DATASOURCE_UID);
        ds.put("type", "prometheus");
        ds.put("access", "proxy");
        ds.put("url", "http://prometheus:9090");
        ds.put("isDefault", true);
        ds.put("jsonData", Map.of("timeInterval", "15s"));
        return Map.of("apiVersion", 1, "datasources", List.of(ds));
    }

    private static Map<String, Object> provider() {
        Map<String, Object> provider = new LinkedHashMap<>();
        provider.put("name", "runner-metrics");
        provider.put("folder", "GitHub Actions");
        provider.put("type", "file");
        provider.put("disableDeletion", false);
        provider.put("allowUiUpdates", false);
        provider.put("updateIntervalSeconds", 30);
        provider.put("options", Map.of("path", CONTAINER_DASHBOARDS, "foldersFromFilesStructure", false));
        return Map.of("apiVersion", 1, "providers", List.of(provider));
    }
}
