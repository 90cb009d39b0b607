package dev.runnermetrics.dashboards.panels;

import static dev.runnermetrics.dashboards.panels.Presets.GREEN;
import static dev.runnermetrics.dashboards.panels.Presets.RED;
import static dev.runnermetrics.dashboards.panels.Presets.YELLOW;
import static dev.runnermetrics.dashboards.panels.Presets.runners;
import static dev.runnermetrics.dashboards.promql.Promql.RANGE;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.JobResult;
import dev.runnermetrics.dashboards.model.DataqueryBuilder;
import dev.runnermetrics.dashboards.model.PanelBuilder;
import dev.runnermetrics.dashboards.prometheus.PrometheusArtifacts;
import dev.runnermetrics.dashboards.promql.Promql;
import dev.runnermetrics.dashboards.promql.Selector;
import java.util.List;
import java.util.Map;

/** What the runners did: how many jobs, with which result, how long they took. */
final class JobPanels {

    private static final List<String> BY_RESULT = List.of("result");
    /** What the range totals say about when a job is counted. */
    private static final String COUNTED = " Counted every 5 minutes by the recording rules, so the newest jobs show "
            + "at the next count.";
    private static final List<String> BY_WORKFLOW = List.of("repository", "workflow");
    private static final String SUCCEEDED = "result=\"" + JobResult.SUCCESS.label() + "\"";
    /** Jobs with a result that says whether they worked: skipped ones ran nothing. */
    private static final String DECIDED = "result!=\"" + JobResult.SKIPPED.label() + "\"";
    private static final double QUEUE_QUANTILE = 0.95;
    private static final String QUEUE_LEGEND = "queue time p95";

    private JobPanels() {
    }

    static PanelBuilder totalJobs() {
        return Presets.stat("Total Jobs Executed", "Jobs finished in the selected time range, all results." + COUNTED)
                .unit("short")
                .decimals(0)
                .thresholds(Presets.BLUE)
                .withTarget(new DataqueryBuilder()
                        .expr(jobsInRange(List.of(), List.of())).instant());
    }

    static PanelBuilder successRate() {
        String succeeded = jobsInRange(List.of(), List.of(SUCCEEDED));
        String decided = jobsInRange(List.of(), List.of(DECIDED));
        return Presets.gauge("Job Success Rate",
                        "Successful jobs out of all finished jobs in the range; skipped jobs ran nothing and are left "
                                + "out. Cancelled and abandoned jobs count as not successful." + COUNTED)
                .unit("percentunit")
                .min(0)
                .max(1)
                .decimals(1)
                .thresholds(RED, 0.8, YELLOW, 0.95, GREEN)
                .withTarget(new DataqueryBuilder().expr(Promql.ratio(succeeded, decided)).instant());
    }

    /**
     * Jobs finished in the selected range, from the per-type counts recorded every 5 minutes (raw counters only for
     * chosen runners): every job in the range once, and a few series to read at a 7-day range.
     */
    private static String jobsInRange(List<String> by, List<String> matchers) {
        return Presets.rangeCounts(by, PrometheusArtifacts.recordedTypeJobIncreases(), Selector.of(Catalogue.JOBS),
                matchers);
    }

    static PanelBuilder jobsPerHour() {
        return Presets.timeseries("Jobs per Hour",
                        "Finished jobs by result in each step of the graph (at least 5 minutes), scaled to jobs per "
                                + "hour, so the jobs of every step are counted however wide the range (recorded by "
                                + "the recording rules).")
                .unit("short")
                .custom("axisLabel", "jobs / hour")
                .minInterval(Presets.STEP_PANEL_INTERVAL)
                .withTarget(new DataqueryBuilder()
                        .expr(Presets.stepCountsPerHour(BY_RESULT, PrometheusArtifacts.recordedTypeJobIncreases(),
                                PrometheusArtifacts.recordedJobRates()))
                        .legendFormat("{{result}}").range());
    }

    static PanelBuilder statusDistribution() {
        return new PanelBuilder("piechart").title("Job Status Distribution")
                .description("Share of each result among the jobs finished in the selected range." + COUNTED)
                .size(6, 8)
                .unit("short")
                .option("pieType", "donut")
                .option("displayLabels", List.of("percent"))
                .option("legend", Map.of("displayMode", "table", "placement", "right", "showLegend", true,
                        "values", List.of("value"), "calcs", List.of()))
                .option("tooltip", Map.of("mode", "single", "sort", "none"))
                .option("orientation", "auto")
                .option("reduceOptions", Map.of("calcs", List.of("lastNotNull"), "fields", "", "values", false))
                .withTarget(new DataqueryBuilder()
                        .expr(jobsInRange(BY_RESULT, List.of()))
                        .legendFormat("{{result}}").instant());
    }

    static PanelBuilder durationTrends() {
        PanelBuilder panel = Presets.timeseries("Job Duration Trends",
                        "p50, p95 and p99 of job duration (job received to finished, from the runner's log time "
                                + "stamps) of the jobs finished in each step of the graph (at least 5 minutes), over "
                                + "all selected runners (from recorded bucket counts); and the p95 of queue time (a workflow job created to started on one of "
                                + "these runners, from GitHub workflow_job webhooks: empty unless a webhook hub is "
                                + "scraped).")
                .unit("s");
        panel.minInterval(Presets.STEP_PANEL_INTERVAL);
        String bucketRates = Presets.stepCounts(BY_LE, PrometheusArtifacts.recordedTypeDurationBucketIncreases(),
                PrometheusArtifacts.recordedDurationBucketRates());
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            panel.withTarget(new DataqueryBuilder()
                    .expr(Promql.quantile(q, bucketRates, List.of()))
                    .legendFormat("p" + Math.round(q * 100)).range());
        }
        // Waiting for a runner is the other half of how long a job takes, in the same unit: one more line here
        // rather than a thirteenth panel.
        String queueRates = Presets.stepCounts(BY_LE, PrometheusArtifacts.recordedTypeQueueTimeBucketIncreases(),
                PrometheusArtifacts.recordedQueueTimeBucketRates());
        return panel.withTarget(new DataqueryBuilder()
                .expr(Promql.quantile(QUEUE_QUANTILE, queueRates, List.of()))
                .legendFormat(QUEUE_LEGEND).range());
    }

    // ------------------------------------------------------------------ Job Analysis

    private static final List<String> BY_TYPE = List.of("runner_type");
    private static final List<String> BY_LE = List.of("le");
    /** How many workflows the rankings show: enough to act on, few enough to stay cheap with the opt-in labels. */
    static final int TOP = 10;

    static PanelBuilder jobsByResult() {
        return Presets.timeseries("Jobs by Result",
                        "Finished jobs per hour by result (success, failure, cancelled, skipped, abandoned), stacked, "
                                + "in each step of the graph (at least 5 minutes), from the recorded job counts of the selected "
                                + "runners.")
                .unit("short")
                .custom("axisLabel", "jobs / hour")
                .custom("drawStyle", "bars")
                .custom("fillOpacity", 80)
                .custom("stacking", Map.of("mode", "normal", "group", "A"))
                .minInterval(Presets.STEP_PANEL_INTERVAL)
                .withTarget(new DataqueryBuilder()
                        .expr(Presets.stepCountsPerHour(BY_RESULT, PrometheusArtifacts.recordedTypeJobIncreases(),
                                PrometheusArtifacts.recordedJobRates()))
                        .legendFormat("{{result}}").range());
    }

    static PanelBuilder successRateByType() {
        Selector rates = Presets.recordedPerType(PrometheusArtifacts.recordedTypeJobRates());
        String succeeded = Promql.sumBy(BY_TYPE, rates.eq("result", JobResult.SUCCESS.label()).toString());
        String decided = Promql.sumBy(BY_TYPE, rates.ne("result", JobResult.SKIPPED.label()).toString());
        return Presets.timeseries("Success Rate per Runner Type",
                        "Successful jobs out of all finished jobs (skipped ones left out) per runner type, over the "
                                + "trailing hour at each point (recorded per-type rates, so one series per type at "
                                + "7-day ranges). Cancelled and abandoned jobs count as not successful.")
                .unit("percentunit")
                .min(0)
                .max(1)
                .thresholds(RED, 0.8, YELLOW, 0.95, GREEN)
                .custom("thresholdsStyle", Map.of("mode", "dashed"))
                .withTarget(new DataqueryBuilder().expr(Promql.ratio(succeeded, decided))
                        .legendFormat("{{runner_type}}").range());
    }

    static PanelBuilder successRateByTypeInRange() {
        String succeeded = jobsInRange(BY_TYPE, List.of(SUCCEEDED));
        String decided = jobsInRange(BY_TYPE, List.of(DECIDED));
        return Presets.barGauge("Success Rate by Runner Type",
                        "Successful jobs out of all finished jobs (skipped ones left out) per runner type over the "
                                + "whole selected range; red below 80 %, yellow below 95 %." + COUNTED)
                .unit("percentunit")
                .min(0)
                .max(1)
                .decimals(1)
                .thresholds(RED, 0.8, YELLOW, 0.95, GREEN)
                .withTarget(new DataqueryBuilder().expr(Promql.ratio(succeeded, decided))
                        .legendFormat("{{runner_type}}").instant());
    }

    static PanelBuilder durationPercentilesByType() {
        String bucketRates = Presets.stepCounts(List.of("runner_type", "le"),
                PrometheusArtifacts.recordedTypeDurationBucketIncreases(),
                PrometheusArtifacts.recordedDurationBucketRates());
        PanelBuilder panel = Presets.timeseries("Job Duration Percentiles",
                        "Median and 95th percentile of job duration (job received to finished, from the runner's log "
                                + "time stamps) per runner type, of the jobs finished in each step of the graph (at "
                                + "least 5 minutes; recorded bucket counts).")
                .unit("s")
                .minInterval(Presets.STEP_PANEL_INTERVAL);
        for (double q : new double[] {0.5, 0.95}) {
            panel.withTarget(new DataqueryBuilder().expr(Promql.quantile(q, bucketRates, BY_TYPE))
                    .legendFormat("{{runner_type}} p" + Math.round(q * 100)).range());
        }
        return panel;
    }

    static PanelBuilder durationHeatmap() {
        String bucketRates = Presets.stepCountsPerHour(BY_LE,
                PrometheusArtifacts.recordedTypeDurationBucketIncreases(),
                PrometheusArtifacts.recordedDurationBucketRates());
        return new PanelBuilder("heatmap").title("Job Duration Distribution")
                .description("How many jobs per hour finished in each duration bucket (the histogram's own bounds, "
                        + "5 s to 6 h) in each step (at least 5 minutes), from the recorded bucket counts of the selected runners: a band "
                        + "moving up is jobs getting slower, a second band a new kind of job.")
                .size(12, 8)
                .unit("s")
                .minInterval(Presets.STEP_PANEL_INTERVAL)
                .custom("hideFrom", Map.of("legend", false, "tooltip", false, "viz", false))
                .custom("scaleDistribution", Map.of("type", "linear"))
                .option("calculate", false)
                .option("cellGap", 1)
                .option("color", Map.of("mode", "scheme", "scheme", "Oranges", "fill", "dark-orange", "scale",
                        "exponential", "exponent", 0.5, "steps", 64, "reverse", false))
                .option("exemplars", Map.of("color", "rgba(255,0,255,0.7)"))
                .option("filterValues", Map.of("le", 1e-9))
                .option("legend", Map.of("show", true))
                .option("rowsFrame", Map.of("layout", "auto"))
                .option("showValue", "never")
                .option("tooltip", Map.of("mode", "single", "yHistogram", false, "showColorScale", false))
                .option("yAxis", Map.of("axisPlacement", "left", "unit", "s", "reverse", false))
                .withTarget(new DataqueryBuilder()
                        .expr(bucketRates)
                        .legendFormat("{{le}}").format("heatmap").range());
    }

    static PanelBuilder queueTimeByRunsOn() {
        List<String> by = List.of("runs_on");
        // every runner: the per-type counts recorded every 5 minutes, summed over the step; chosen runners (the
        // per-type series have no runner_name then): their raw bucket rates, a few series (see Presets.stepCounts)
        String counts = Promql.sumBy(List.of("runs_on", "le"), "sum_over_time("
                + Presets.recorded(PrometheusArtifacts.recordedQueueTimeByRunsOn()) + "[$__interval] offset "
                + Presets.STEP_EDGE + ")") + " or " + Promql.sumBy(List.of("runs_on", "le"), Promql.rate(
                Presets.runnerBuckets(Catalogue.QUEUE_TIME).all(List.of("instance!~\"$runner_name\"")),
                Promql.RATE_INTERVAL));
        PanelBuilder panel = Presets.timeseries("Queue Time by runs-on Labels",
                        "Median and 95th percentile of queue time (a workflow job created, or queued again after an "
                                + "environment approval, to started on one of the selected runners) per runs-on "
                                + "label set, of the jobs started in each step of the graph (at least 5 minutes; "
                                + "recorded bucket counts). From GitHub's workflow_job webhooks on a hub, or a "
                                + "sidecar's REST API client. The runs-on labels show only where the exporter's "
                                + "opt-in runs_on label is on; otherwise one line for all. With runners chosen, "
                                + "their queue times over the rate interval at each point instead.")
                .unit("s")
                .minInterval(Presets.STEP_PANEL_INTERVAL);
        for (double q : new double[] {0.5, 0.95}) {
            panel.withTarget(new DataqueryBuilder().expr(Promql.quantile(q, counts, by))
                    .legendFormat("{{runs_on}} p" + Math.round(q * 100)).range());
        }
        return panel;
    }

    static PanelBuilder cancelledBeforeRun() {
        Selector cancelled = Presets.exporters(Catalogue.WORKFLOW_JOBS_COMPLETED)
                .eq("conclusion", "cancelled").eq("runner_name", "none");
        return Presets.stat("Cancelled Before a Runner Took Them",
                        "Workflow jobs GitHub reported cancelled in the selected range before any runner picked them "
                                + "up (workflow_job webhooks with no runner): often a run superseded while it waited "
                                + "for a runner. Needs a webhook hub; the runner filters do not apply (no runner).")
                .size(8, 5)
                .unit("short")
                .decimals(0)
                .thresholds(GREEN, 1, YELLOW)
                .withTarget(new DataqueryBuilder().expr(Promql.sum(Promql.increase(cancelled, RANGE))).instant());
    }

    static PanelBuilder abandonedJobs() {
        return Presets.stat("Abandoned Jobs",
                        "Jobs of the selected runners in the selected range that ended without a result line: the "
                                + "runner lost the job (listener killed, lease not renewed) and GitHub fails it." + COUNTED)
                .size(8, 5)
                .unit("short")
                .decimals(0)
                .thresholds(GREEN, 1, RED)
                .withTarget(new DataqueryBuilder().expr(jobsInRange(List.of(),
                        List.of("result=\"" + JobResult.ABANDONED.label() + "\""))).instant());
    }

    static PanelBuilder resultConflicts() {
        return Presets.stat("Result Conflicts",
                        "Jobs of the selected runners in the selected range whose Worker log and Runner log disagreed "
                                + "on the result; the first result seen was counted. More than a few point to a "
                                + "runner version whose log lines changed.")
                .size(8, 5)
                .unit("short")
                .decimals(0)
                .thresholds(GREEN, 1, YELLOW)
                .withTarget(new DataqueryBuilder().expr(Promql.sum(Promql.increase(
                        runners(Catalogue.RESULT_CONFLICTS), RANGE))).instant());
    }

    static PanelBuilder topFailingWorkflows() {
        String failures = Presets.rangeCounts(BY_WORKFLOW, PrometheusArtifacts.recordedWorkflowJobIncreases(),
                Selector.of(Catalogue.JOBS), List.of("result=\"" + JobResult.FAILURE.label() + "\""));
        return Presets.barGauge("Top Failing Workflows",
                        "The " + TOP + " workflows with the most failed jobs in the selected range, on the selected "
                                + "runners. Needs the exporter's opt-in repository and workflow labels on the job "
                                + "metrics (capped in distinct values; the rest under \"other\"); without them, one "
                                + "bar for all. Counted from the jobs recorded per workflow every 5 minutes.")
                .unit("short")
                .decimals(0)
                .thresholds(YELLOW, 10, RED)
                .withTarget(new DataqueryBuilder().expr("topk(" + TOP + ", " + failures + " > 0)")
                        .legendFormat("{{repository}} {{workflow}}").instant());
    }

    static PanelBuilder slowestWorkflows() {
        String buckets = Presets.rangeCounts(List.of("repository", "workflow", "le"),
                PrometheusArtifacts.recordedWorkflowDurationBucketIncreases(), Selector.bucket(Catalogue.JOB_DURATION),
                List.of());
        return Presets.barGauge("Slowest Workflows",
                        "The " + TOP + " workflows with the longest 95th percentile job duration over the selected "
                                + "range, on the selected runners. Needs the exporter's opt-in repository and workflow "
                                + "labels (capped); without them, one bar for all. From the bucket counts recorded per "
                                + "workflow every 5 minutes.")
                .unit("s")
                .thresholds(GREEN, 1800, YELLOW, 3600, RED)
                .withTarget(new DataqueryBuilder().expr("topk(" + TOP + ", "
                                + Promql.quantile(0.95, buckets, List.of("repository", "workflow")) + ")")
                        .legendFormat("{{repository}} {{workflow}}").instant());
    }
}
