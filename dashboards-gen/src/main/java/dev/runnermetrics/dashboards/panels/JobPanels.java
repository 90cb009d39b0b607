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
import java.util.List;
import java.util.Map;

/** What the runners did: how many jobs, with which result, how long they took. */
final class JobPanels {

    private static final List<String> BY_RESULT = List.of("result");
    private static final double QUEUE_QUANTILE = 0.95;
    private static final String QUEUE_LEGEND = "queue time p95";

    private JobPanels() {
    }

    static PanelBuilder totalJobs() {
        return Presets.stat("Total Jobs Executed", "Jobs finished in the selected time range, all results.")
                .unit("short")
                .decimals(0)
                .thresholds(Presets.BLUE)
                .withTarget(new DataqueryBuilder()
                        .expr(Promql.sum(Promql.increase(runners(Catalogue.JOBS), RANGE))).instant());
    }

    static PanelBuilder successRate() {
        String succeeded = Promql.sum(Promql.increase(
                runners(Catalogue.JOBS).eq("result", JobResult.SUCCESS.label()), RANGE));
        String decided = Promql.sum(Promql.increase(
                runners(Catalogue.JOBS).ne("result", JobResult.SKIPPED.label()), RANGE));
        return Presets.gauge("Job Success Rate",
                        "Successful jobs out of all finished jobs in the range; skipped jobs ran nothing and are left "
                                + "out. Cancelled and abandoned jobs count as not successful.")
                .unit("percentunit")
                .min(0)
                .max(1)
                .decimals(1)
                .thresholds(RED, 0.8, YELLOW, 0.95, GREEN)
                .withTarget(new DataqueryBuilder().expr(Promql.ratio(succeeded, decided)).instant());
    }

    static PanelBuilder jobsPerHour() {
        return Presets.timeseries("Jobs per Hour",
                        "Rate of finished jobs by result over 5 minutes, scaled to jobs per hour (recorded by the "
                                + "github-runners.rules recording rules).")
                .unit("short")
                .custom("axisLabel", "jobs / hour")
                .withTarget(new DataqueryBuilder()
                        .expr(Promql.sumBy(BY_RESULT, Presets.recorded(PrometheusArtifacts.recordedJobRates())
                                .toString()) + " * 3600")
                        .legendFormat("{{result}}").range());
    }

    static PanelBuilder statusDistribution() {
        return new PanelBuilder("piechart").title("Job Status Distribution")
                .description("Share of each result among the jobs finished in the selected range.")
                .size(6, 8)
                .unit("short")
                .option("pieType", "donut")
                .option("displayLabels", List.of("percent"))
                .option("legend", Map.of("displayMode", "table", "placement", "right", "showLegend", true,
                        "values", List.of("value")))
                .option("reduceOptions", Map.of("calcs", List.of("lastNotNull"), "fields", "", "values", false))
                .withTarget(new DataqueryBuilder()
                        .expr(Promql.sumBy(BY_RESULT, Promql.increase(runners(Catalogue.JOBS), RANGE)))
                        .legendFormat("{{result}}").instant());
    }

    static PanelBuilder durationTrends() {
        PanelBuilder panel = Presets.timeseries("Job Duration Trends",
                        "p50, p95 and p99 of job duration (job received to finished, from the runner's log time "
                                + "stamps) over 5-minute windows, over all selected runners (from recorded bucket "
                                + "rates); and the p95 of queue time (a workflow job created to started on one of "
                                + "these runners, from GitHub workflow_job webhooks: empty unless a webhook hub is "
                                + "scraped).")
                .unit("s");
        String bucketRates = Presets.recorded(PrometheusArtifacts.recordedDurationBucketRates()).toString();
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            panel.withTarget(new DataqueryBuilder()
                    .expr(Promql.quantile(q, bucketRates, List.of()))
                    .legendFormat("p" + Math.round(q * 100)).range());
        }
        // Waiting for a runner is the other half of how long a job takes, in the same unit: one more line here
        // rather than a thirteenth panel.
        String queueRates = Presets.recorded(PrometheusArtifacts.recordedQueueTimeBucketRates()).toString();
        return panel.withTarget(new DataqueryBuilder()
                .expr(Promql.quantile(QUEUE_QUANTILE, queueRates, List.of()))
                .legendFormat(QUEUE_LEGEND).range());
    }
}
