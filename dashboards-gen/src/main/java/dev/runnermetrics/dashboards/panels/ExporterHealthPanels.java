package dev.runnermetrics.dashboards.panels;

import static dev.runnermetrics.dashboards.panels.Presets.GREEN;
import static dev.runnermetrics.dashboards.panels.Presets.RED;
import static dev.runnermetrics.dashboards.panels.Presets.YELLOW;
import static dev.runnermetrics.dashboards.panels.Presets.runners;
import static dev.runnermetrics.dashboards.promql.Promql.RANGE;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.dashboards.model.DataqueryBuilder;
import dev.runnermetrics.dashboards.model.PanelBuilder;
import dev.runnermetrics.dashboards.promql.Promql;
import java.util.List;
import java.util.Map;

/** The exporter's own health: can it read the logs, how fresh are they, what did it skip, and its GitHub intake. */
final class ExporterHealthPanels {

    private ExporterHealthPanels() {
    }

    static PanelBuilder sourcesUp() {
        return Presets.stat("Sources Up",
                        "Whether the exporter can read each source of the selected runners (runner_log, worker_log, "
                                + "steps) now: Up or Down (runner_metrics_source_up).")
                .size(12, 6)
                .unit("none")
                .thresholds(RED, 1, GREEN)
                .mapping(Presets.valueText("1", "Up", GREEN, 0))
                .mapping(Presets.valueText("0", "Down", RED, 1))
                .option("colorMode", "background")
                .option("textMode", "value_and_name")
                .withTarget(new DataqueryBuilder().expr(runners(Catalogue.SOURCE_UP).toString())
                        .legendFormat("{{runner_name}} {{source}}").instant());
    }

    static PanelBuilder lag() {
        return Presets.timeseries("Log Lag",
                        "Now minus the log time of the newest event the exporter took from each source of the "
                                + "selected runners. An idle listener logs nothing, so the lag grows while a runner "
                                + "waits for jobs; a running job renews its lease in the runner_log every minute, so a "
                                + "busy runner's lag stays near a minute (the GitHubRunnerLogsStale alert). Negative: "
                                + "the runner's clock is ahead.")
                .unit("s")
                .withTarget(new DataqueryBuilder().expr("time() - " + runners(Catalogue.SOURCE_LAST_EVENT))
                        .legendFormat("{{runner_name}} {{source}}").range());
    }

    static PanelBuilder parseErrors() {
        return Presets.timeseries("Parse Errors",
                        "Input the exporter skipped because it could not parse it, per minute by source and reason "
                                + "(line_too_long, bad_timestamp, bad_json: a new runner version may have changed its "
                                + "log format; not_regular_file: a log in _diag is a symbolic link or no file, and is "
                                + "not read).")
                .unit("short")
                .custom("axisLabel", "per minute")
                .withTarget(new DataqueryBuilder().expr(Promql.sumBy(List.of("source", "reason"),
                                Promql.rate(runners(Catalogue.SOURCE_ERRORS), Promql.RATE_INTERVAL)) + " * 60")
                        .legendFormat("{{source}} {{reason}}").range());
    }

    static PanelBuilder stateSaveFailures() {
        // Every runner of an exporter carries the exporter's one count: take it once per exporter.
        String perExporter = "max by (job, instance) ("
                + Promql.increase(runners(Catalogue.STATE_SAVE_FAILURES), RANGE) + ")";
        return Presets.stat("State Save Failures",
                        "Failed attempts to write the state file in the selected range, summed over the exporters of "
                                + "the selected runners. The exporter keeps serving and retries; after a restart it "
                                + "falls back to the last state it saved.")
                .size(6, 6)
                .unit("short")
                .decimals(0)
                .thresholds(GREEN, 1, RED)
                .withTarget(new DataqueryBuilder().expr(Promql.sum(perExporter)).instant());
    }

    static PanelBuilder webhookDeliveries() {
        return Presets.timeseries("Webhook Deliveries",
                        "GitHub webhook deliveries received per minute by event and outcome (accepted, duplicate, "
                                + "ignored, rejected_signature, too_large, malformed, queue_full), and accepted "
                                + "deliveries whose processing failed (their figures are missing). Only exporters that "
                                + "receive webhooks (a hub) have these.")
                .unit("short")
                .custom("axisLabel", "per minute")
                .withTarget(new DataqueryBuilder().expr(Promql.sumBy(List.of("event", "outcome"),
                                Promql.rate(Presets.exporters(Catalogue.WEBHOOK_DELIVERIES), Promql.RATE_INTERVAL))
                                + " * 60")
                        .legendFormat("{{event}} {{outcome}}").range())
                .withTarget(new DataqueryBuilder().expr(Promql.sum(
                                Promql.rate(Presets.exporters(Catalogue.WEBHOOK_PROCESSING_FAILURES),
                                        Promql.RATE_INTERVAL)) + " * 60")
                        .legendFormat("processing failed").range());
    }

    static PanelBuilder apiRateLimit() {
        return Presets.timeseries("REST API Rate Limit Remaining",
                        "Requests left in the current rate-limit window of each exporter's GitHub token "
                                + "(X-RateLimit-Remaining of its last answer). Only exporters with the optional REST "
                                + "API client have it; yellow under 500, red under 100.")
                .unit("short")
                .decimals(0)
                .min(0)
                .thresholds(RED, 100, YELLOW, 500, GREEN)
                .custom("thresholdsStyle", Map.of("mode", "dashed"))
                .withTarget(new DataqueryBuilder().expr("min by (job, instance) ("
                                + Presets.exporters(Catalogue.GITHUB_API_RATE_LIMIT_REMAINING) + ")")
                        .legendFormat("{{instance}}").range());
    }

    static PanelBuilder apiRequests() {
        return Presets.timeseries("REST API Requests",
                        "Requests the exporters made to GitHub's REST API per minute by endpoint (runners, jobs, "
                                + "access_token) and outcome (ok, not_modified, rate_limited, unauthorized, ...). Only "
                                + "exporters with the optional REST API client have these.")
                .unit("short")
                .custom("axisLabel", "per minute")
                .withTarget(new DataqueryBuilder().expr(Promql.sumBy(List.of("endpoint", "outcome"),
                                Promql.rate(Presets.exporters(Catalogue.GITHUB_API_REQUESTS), Promql.RATE_INTERVAL))
                                + " * 60")
                        .legendFormat("{{endpoint}} {{outcome}}").range());
    }
}
