package dev.runnermetrics.dashboards.panels;

import static dev.runnermetrics.dashboards.panels.Presets.GREEN;
import static dev.runnermetrics.dashboards.panels.Presets.RED;
import static dev.runnermetrics.dashboards.panels.Presets.YELLOW;
import static dev.runnermetrics.dashboards.panels.Presets.runners;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.dashboards.model.DataqueryBuilder;
import dev.runnermetrics.dashboards.model.PanelBuilder;
import dev.runnermetrics.dashboards.prometheus.PrometheusArtifacts;
import dev.runnermetrics.dashboards.promql.Promql;
import java.util.List;
import java.util.Map;

/**
 * Are there enough runners: how busy each pool is, whether jobs wait while no runner is idle, how many runners are
 * online and how often they come and go, and what the listeners complain about.
 */
final class CapacityPanels {

    private static final List<String> BY_TYPE = List.of("runner_type");

    private CapacityPanels() {
    }

    private static String perType(String recorded) {
        return Promql.sumBy(BY_TYPE, Presets.recordedPerType(recorded).toString());
    }

    static PanelBuilder utilisation() {
        return Presets.timeseries("Utilisation per Runner Type",
                        "Busy runners divided by online runners per runner type over time (recorded per-type sums of "
                                + "github_runner_busy and github_runner_status): 100 % means every online runner of "
                                + "the type is running a job, and the next job of that type waits. Yellow from 80 %, "
                                + "red from 95 %.")
                .unit("percentunit")
                .min(0)
                .max(1)
                .thresholds(GREEN, 0.8, YELLOW, 0.95, RED)
                .custom("thresholdsStyle", Map.of("mode", "dashed"))
                .withTarget(new DataqueryBuilder().expr(Promql.ratio(perType(PrometheusArtifacts.recordedBusy()),
                                perType(PrometheusArtifacts.recordedOnline())))
                        .legendFormat("{{runner_type}}").range());
    }

    static PanelBuilder saturation() {
        String idle = "(" + Promql.sum(Presets.recordedPerType(PrometheusArtifacts.recordedOnline()).toString())
                + " - " + Promql.sum(Presets.recordedPerType(PrometheusArtifacts.recordedBusy()).toString()) + ")";
        String fleetIdle = "(" + Promql.sum(Presets.exporters(Catalogue.FLEET_RUNNER_ONLINE).toString()) + " - "
                + Promql.sum(Presets.exporters(Catalogue.FLEET_RUNNER_BUSY).toString()) + ")";
        return Presets.timeseries("Queued Jobs vs Idle Runners",
                        "Saturation: workflow jobs waiting at GitHub for a runner now (workflow_job webhooks on a "
                                + "hub; jobs waiting for an environment approval left out), against idle runners "
                                + "(online and not busy) of the selected types as their logs say, and as GitHub's REST "
                                + "API lists the whole fleet (a sidecar's or hub's API client). Jobs queued while no "
                                + "runner is idle: the pool is short. A line is missing where its source is not "
                                + "configured.")
                .unit("short")
                .decimals(0)
                .withTarget(new DataqueryBuilder()
                        .expr(Promql.sum(Presets.exporters(Catalogue.WORKFLOW_JOBS_QUEUED).toString()))
                        .legendFormat("jobs queued").range())
                .withTarget(new DataqueryBuilder().expr(idle).legendFormat("idle runners (logs)").range())
                .withTarget(new DataqueryBuilder().expr(fleetIdle).legendFormat("idle runners (GitHub API)").range());
    }

    static PanelBuilder onlineRunners() {
        return Presets.timeseries("Online Runners",
                        "Runners online per runner type over time, beside the runners whose status is known (online "
                                + "or offline) per type, from the recorded per-type sums: a gap between them is "
                                + "runners registered here but offline.")
                .unit("short")
                .decimals(0)
                .withTarget(new DataqueryBuilder().expr(perType(PrometheusArtifacts.recordedOnline()))
                        .legendFormat("{{runner_type}} online").range())
                .withTarget(new DataqueryBuilder().expr(perType(PrometheusArtifacts.recordedKnown()))
                        .legendFormat("{{runner_type}} known").range());
    }

    static PanelBuilder churn() {
        String window = "[" + Promql.RATE_INTERVAL + "]";
        return Presets.timeseries("Runner Churn",
                        "Per runner type, how often runners went online or offline (changes of github_runner_status) "
                                + "and how often a listener process restarted (resets of github_runner_uptime_seconds), "
                                + "in each interval: ephemeral runners come and go with every job; persistent ones "
                                + "that churn are unhealthy.")
                .unit("short")
                .custom("drawStyle", "bars")
                .custom("fillOpacity", 80)
                .withTarget(new DataqueryBuilder().expr(Promql.sumBy(BY_TYPE,
                                "changes(" + runners(Catalogue.RUNNER_STATUS) + window + ")"))
                        .legendFormat("{{runner_type}} status changes").range())
                .withTarget(new DataqueryBuilder().expr(Promql.sumBy(BY_TYPE,
                                "resets(" + runners(Catalogue.RUNNER_UPTIME) + window + ")"))
                        .legendFormat("{{runner_type}} listener restarts").range());
    }

    static PanelBuilder listenerProblems() {
        return Presets.timeseries("Listener Problems by Reason",
                        "Problems the selected runners' listeners reported in their own logs, one per failure however "
                                + "many lines it took, per minute by reason: version_deprecated, auth_failed, "
                                + "session_conflict, runner_not_found, connection, listener_exit, self_update, other.")
                .unit("short")
                .custom("axisLabel", "per minute")
                .custom("drawStyle", "bars")
                .custom("fillOpacity", 80)
                .withTarget(new DataqueryBuilder().expr(Promql.sumBy(List.of("reason"),
                                Promql.rate(runners(Catalogue.LISTENER_ERRORS), Promql.RATE_INTERVAL)) + " * 60")
                        .legendFormat("{{reason}}").range());
    }
}
