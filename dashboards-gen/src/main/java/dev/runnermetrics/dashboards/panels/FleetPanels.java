package dev.runnermetrics.dashboards.panels;

import static dev.runnermetrics.dashboards.panels.Presets.GREEN;
import static dev.runnermetrics.dashboards.panels.Presets.RED;
import static dev.runnermetrics.dashboards.panels.Presets.runners;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.dashboards.model.DataqueryBuilder;
import dev.runnermetrics.dashboards.model.PanelBuilder;
import dev.runnermetrics.dashboards.promql.Promql;
import java.util.List;
import java.util.Map;

/** Which runners exist, are online, and for how long. */
final class FleetPanels {

    private FleetPanels() {
    }

    static PanelBuilder runnerStatusOverview() {
        return Presets.stat("Runner Status Overview",
                        "Online or Offline per runner, from the last state in the runner listener's own log "
                                + "(github_runner_status).")
                .size(12, 5)
                .unit("none")
                .thresholds(RED, 1, GREEN)
                .mapping(Presets.valueText("1", "Online", GREEN, 0))
                .mapping(Presets.valueText("0", "Offline", RED, 1))
                .option("colorMode", "background")
                .option("textMode", "value_and_name")
                .withTarget(new DataqueryBuilder().expr(runners(Catalogue.RUNNER_STATUS).toString())
                        .legendFormat("{{runner_name}}").instant());
    }

    static PanelBuilder activeRunners() {
        return Presets.stat("Active Runners",
                        "Runners whose listener is online now (sum of github_runner_status).")
                .unit("short")
                .decimals(0)
                .thresholds(RED, 1, GREEN)
                .withTarget(new DataqueryBuilder().expr(Promql.sum(runners(Catalogue.RUNNER_STATUS).toString()))
                        .legendFormat("online").instant());
    }

    /** Seconds since each runner's newest listener problem, with its reason: the newest reason per runner. */
    static String lastProblem() {
        return "time() - topk by (job, instance, runner_name, runner_type) (1, "
                + runners(Catalogue.LISTENER_LAST_ERROR) + ")";
    }

    static PanelBuilder runnerUptime() {
        return new PanelBuilder("table").title("Runner Uptime")
                .description("Each runner's type, version, status, the time since its listener process started "
                        + "(not the exporter's), and the listener's last problem: its reason (version_deprecated, "
                        + "auth_failed, session_conflict, runner_not_found, connection, listener_exit, self_update, "
                        + "other) and how long ago the listener's own log reported it "
                        + "(github_runner_listener_last_error_timestamp_seconds, newest reason per runner).")
                .size(24, 8)
                .unit("s")
                .withTarget(new DataqueryBuilder().expr(runners(Catalogue.RUNNER_UPTIME).toString())
                        .instant().format("table"))
                .withTarget(new DataqueryBuilder().expr(runners(Catalogue.RUNNER_STATUS).toString())
                        .instant().format("table"))
                .withTarget(new DataqueryBuilder().expr(runners(Catalogue.RUNNER_INFO).toString())
                        .instant().format("table"))
                .withTarget(new DataqueryBuilder().expr(lastProblem()).instant().format("table"))
                .transformation("merge", Map.of())
                .transformation("organize", Map.of(
                        "excludeByName", Map.of("Time", true, "job", true, "instance", true, "__name__", true,
                                "Value #C", true),
                        "indexByName", Map.of("runner_name", 0, "runner_type", 1, "version", 2, "os", 3, "arch", 4,
                                "Value #B", 5, "Value #A", 6, "reason", 7, "Value #D", 8),
                        "renameByName", Map.of("runner_name", "Runner", "runner_type", "Type", "version", "Version",
                                "os", "OS", "arch", "Arch", "Value #B", "Status", "Value #A", "Uptime",
                                "reason", "Last problem", "Value #D", "Since last problem")))
                .override(Map.of("id", "byName", "options", "Status"), List.of(
                        Map.of("id", "unit", "value", "none"),
                        Map.of("id", "mappings", "value", List.of(
                                Presets.valueText("1", "Online", GREEN, 0),
                                Presets.valueText("0", "Offline", RED, 1))),
                        Map.of("id", "custom.cellOptions", "value", Map.of("type", "color-text"))))
                .option("showHeader", true);
    }
}
