package dev.runnermetrics.dashboards.panels;

import static dev.runnermetrics.dashboards.panels.Presets.BLUE;
import static dev.runnermetrics.dashboards.panels.Presets.GREEN;
import static dev.runnermetrics.dashboards.panels.Presets.RED;
import static dev.runnermetrics.dashboards.panels.Presets.YELLOW;
import static dev.runnermetrics.dashboards.promql.Promql.RANGE;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.DeploymentResult;
import dev.runnermetrics.dashboards.model.DataqueryBuilder;
import dev.runnermetrics.dashboards.model.PanelBuilder;
import dev.runnermetrics.dashboards.promql.Promql;
import dev.runnermetrics.dashboards.promql.Selector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DORA's delivery metrics from real deployments (not from CI jobs), coloured by the performance levels of the DORA
 * report: elite, high, medium, low. Deployments belong to repositories, not runners, so the runner variables do not
 * filter these panels; the repository and environment variables do (and filter nothing else).
 */
final class DoraPanels {

    static final double DAY = 86_400;
    static final double WEEK = 7 * DAY;
    static final double MONTH = 30 * DAY;

    private DoraPanels() {
    }

    static PanelBuilder deploymentFrequency() {
        String successes = Promql.sum(Promql.increase(
                Presets.deployments(Catalogue.DEPLOYMENTS).eq("result", DeploymentResult.SUCCESS.label()), RANGE));
        return Presets.stat("Deployment Frequency",
                        "Successful deployments per day over the selected range, summed over the selected "
                                + "repositories and environments. "
                                + "DORA levels: elite on demand (daily or more), high weekly to daily, medium monthly "
                                + "to weekly, low less than monthly.")
                .size(8, 5)
                .unit("short")
                .decimals(2)
                .thresholds(RED, 1 / MONTH * DAY, YELLOW, 1 / WEEK * DAY, BLUE, 1, GREEN)
                .withTarget(new DataqueryBuilder().expr(successes + " / ($__range_s / 86400)")
                        .legendFormat("deployments / day").instant());
    }

    static PanelBuilder leadTime() {
        String buckets = Promql.increase(Presets.deploymentBuckets(Catalogue.DEPLOYMENT_LEAD_TIME), RANGE);
        return Presets.stat("Lead Time for Changes",
                        "Median time from a commit to its successful deployment over the selected range, in the "
                                + "selected repositories and environments. DORA "
                                + "levels: elite under a day, high under a week, medium under a month, low longer.")
                .size(8, 5)
                .unit("s")
                .thresholds(GREEN, DAY, BLUE, WEEK, YELLOW, MONTH, RED)
                .withTarget(new DataqueryBuilder().expr(Promql.quantile(0.5, buckets, List.of()))
                        .legendFormat("median").instant());
    }

    static PanelBuilder changeFailureRate() {
        Selector deployments = Presets.deployments(Catalogue.DEPLOYMENTS);
        String failed = Promql.sum(Promql.increase(deployments.eq("result", DeploymentResult.FAILURE.label()), RANGE));
        String all = Promql.sum(Promql.increase(deployments, RANGE));
        return Presets.gauge("Change Failure Rate",
                        "Failed deployments out of all deployments in the selected range, in the selected "
                                + "repositories and environments. DORA levels: elite up to "
                                + "5 %, high up to 10 %, medium up to 15 %, low above.")
                .size(8, 5)
                .unit("percentunit")
                .min(0)
                .max(1)
                .decimals(1)
                .thresholds(GREEN, 0.05, BLUE, 0.10, YELLOW, 0.15, RED)
                .withTarget(new DataqueryBuilder().expr(Promql.ratio(failed, all)).instant());
    }
    static final double HOUR = 3_600;
    /** The trends' window: a rolling week, the period of the report's deployment frequency levels. */
    static final String TREND_WINDOW = "1w";

    /** Where the levels come from, cited in every banded panel's description. */
    static final String LEVELS_SOURCE = " (levels of DORA's Accelerate State of DevOps Report 2023.)";

    static PanelBuilder leadTimeP90() {
        String buckets = Promql.increase(Presets.deploymentBuckets(Catalogue.DEPLOYMENT_LEAD_TIME), RANGE);
        return Presets.stat("Lead Time for Changes (p90)",
                        "90th percentile of the time from a commit to its successful deployment over the selected "
                                + "range, in the selected repositories and environments: the slow tail the median "
                                + "hides. DORA levels: elite under a day, high under a week, medium under a month, low "
                                + "longer." + LEVELS_SOURCE)
                .size(8, 5)
                .unit("s")
                .thresholds(GREEN, DAY, BLUE, WEEK, YELLOW, MONTH, RED)
                .withTarget(new DataqueryBuilder().expr(Promql.quantile(0.9, buckets, List.of()))
                        .legendFormat("p90").instant());
    }

    static PanelBuilder timeToRestore() {
        String buckets = Promql.increase(Presets.deploymentBuckets(Catalogue.DEPLOYMENT_TIME_TO_RESTORE), RANGE);
        return Presets.stat("Time to Restore Service",
                        "Median time from a failed deployment to the next successful one of the same repository and "
                                + "environment, over the selected range, in the selected repositories and "
                                + "environments. DORA levels (failed deployment recovery time): elite under an hour, "
                                + "high under a day, medium under a week, low longer." + LEVELS_SOURCE)
                .size(8, 5)
                .unit("s")
                .thresholds(GREEN, HOUR, BLUE, DAY, YELLOW, WEEK, RED)
                .withTarget(new DataqueryBuilder().expr(Promql.quantile(0.5, buckets, List.of()))
                        .legendFormat("median").instant());
    }

    static PanelBuilder deploymentsByResult() {
        return Presets.stat("Deployments",
                        "Deployments in the selected range by result (success, failure), in the selected "
                                + "repositories and environments: the counts behind the rates beside it.")
                .size(8, 5)
                .unit("short")
                .decimals(0)
                .thresholds(BLUE)
                .option("textMode", "value_and_name")
                .withTarget(new DataqueryBuilder()
                        .expr(Promql.sumBy(List.of("result"),
                                Promql.increase(Presets.deployments(Catalogue.DEPLOYMENTS), RANGE)))
                        .legendFormat("{{result}}").instant());
    }

    /** The four keys side by side, one row per repository and environment, each cell coloured by its DORA level. */
    static PanelBuilder fourKeysTable() {
        List<String> by = List.of("repository", "environment");
        Selector deployments = Presets.deployments(Catalogue.DEPLOYMENTS);
        String successes = Promql.sumBy(by, Promql.increase(
                deployments.eq("result", DeploymentResult.SUCCESS.label()), RANGE));
        String failed = Promql.sumBy(by, Promql.increase(
                deployments.eq("result", DeploymentResult.FAILURE.label()), RANGE));
        String all = Promql.sumBy(by, Promql.increase(deployments, RANGE));
        String lead = Promql.increase(Presets.deploymentBuckets(Catalogue.DEPLOYMENT_LEAD_TIME), RANGE);
        String restore = Promql.increase(Presets.deploymentBuckets(Catalogue.DEPLOYMENT_TIME_TO_RESTORE), RANGE);
        return Presets.table("Four Keys by Repository and Environment",
                        "The four keys over the selected range for each repository and environment: successful "
                                + "deployments per day, median lead time for changes, change failure rate and median "
                                + "time to restore, each cell coloured by its DORA level as in the stats above "
                                + "(elite green, high blue, medium yellow, low red)." + LEVELS_SOURCE
                                + " Empty cells: no deployment, lead time or restore in the range.")
                .unit("short")
                .withTarget(new DataqueryBuilder().expr(successes + " / ($__range_s / 86400)").instant()
                        .format("table"))
                .withTarget(new DataqueryBuilder().expr(Promql.quantile(0.5, lead, by)).instant().format("table"))
                .withTarget(new DataqueryBuilder().expr(Promql.ratio(failed, all)).instant().format("table"))
                .withTarget(new DataqueryBuilder().expr(Promql.quantile(0.5, restore, by)).instant()
                        .format("table"))
                .transformation("merge", Map.of())
                .transformation("organize", Map.of(
                        "excludeByName", Map.of("Time", true),
                        "indexByName", Map.of("repository", 0, "environment", 1, "Value #A", 2, "Value #B", 3,
                                "Value #C", 4, "Value #D", 5),
                        "renameByName", Map.of("repository", "Repository", "environment", "Environment",
                                "Value #A", "Deployments / day", "Value #B", "Lead time (median)",
                                "Value #C", "Change failure rate", "Value #D", "Time to restore (median)")))
                .override(column("Deployments / day"), level("short",
                        thresholds(RED, 1 / MONTH * DAY, YELLOW, 1 / WEEK * DAY, BLUE, 1, GREEN)))
                .override(column("Lead time (median)"), level("s",
                        thresholds(GREEN, DAY, BLUE, WEEK, YELLOW, MONTH, RED)))
                .override(column("Change failure rate"), level("percentunit",
                        thresholds(GREEN, 0.05, BLUE, 0.10, YELLOW, 0.15, RED)))
                .override(column("Time to restore (median)"), level("s",
                        thresholds(GREEN, HOUR, BLUE, DAY, YELLOW, WEEK, RED)));
    }

    static PanelBuilder recentOutcomes() {
        List<String> by = List.of("environment", "repository");
        Selector deployments = Presets.deployments(Catalogue.DEPLOYMENTS);
        return Presets.table("Deployment Outcomes by Environment",
                        "Successful and failed deployments in the selected range per environment and repository, "
                                + "newest figures at the end of the range; a failure without a later success is a "
                                + "restore still open.")
                .size(12, 8)
                .unit("short")
                .withTarget(new DataqueryBuilder().expr(Promql.sumBy(by, Promql.increase(
                        deployments.eq("result", DeploymentResult.SUCCESS.label()), RANGE))).instant().format("table"))
                .withTarget(new DataqueryBuilder().expr(Promql.sumBy(by, Promql.increase(
                        deployments.eq("result", DeploymentResult.FAILURE.label()), RANGE))).instant().format("table"))
                .transformation("merge", Map.of())
                .transformation("organize", Map.of(
                        "excludeByName", Map.of("Time", true),
                        "indexByName", Map.of("environment", 0, "repository", 1, "Value #A", 2, "Value #B", 3),
                        "renameByName", Map.of("environment", "Environment", "repository", "Repository",
                                "Value #A", "Succeeded", "Value #B", "Failed")))
                .override(column("Succeeded"), List.of(Map.of("id", "decimals", "value", 0)))
                .override(column("Failed"), List.of(Map.of("id", "decimals", "value", 0)));
    }

    /**
     * What a counter (or bucket) gained over the trailing week at each point: its value now minus its value a week
     * ago, or all of it for a series younger than a week. Two lookups per point where increase(...[1w]) reads a week of
     * samples per point; the exporter keeps its counts across restarts (the state file), so no reset falls between.
     */
    static String weekly(Selector counter) {
        return "(" + counter + " - (" + counter + " offset " + TREND_WINDOW + " or " + counter + " * 0))";
    }

    static PanelBuilder deploymentsPerWeek() {
        return Presets.timeseries("Deployments per Week",
                        "Successful deployments in the trailing 7 days at each point, per repository and environment "
                                + "(the counter now minus a week ago; a repository counted for less than a week shows "
                                + "everything since): the weekly trend of deployment frequency. DORA levels: elite "
                                + "daily or more (7+ a week), high weekly to daily, medium monthly to weekly."
                                + LEVELS_SOURCE)
                .unit("short")
                .withTarget(new DataqueryBuilder().expr(Promql.sumBy(List.of("repository", "environment"),
                                weekly(Presets.deployments(Catalogue.DEPLOYMENTS)
                                        .eq("result", DeploymentResult.SUCCESS.label()))))
                        .legendFormat("{{repository}} {{environment}}").range());
    }

    static PanelBuilder leadTimeTrend() {
        String weekly = weekly(Presets.deploymentBuckets(Catalogue.DEPLOYMENT_LEAD_TIME));
        PanelBuilder panel = Presets.timeseries("Lead Time Trend",
                        "Median and 90th percentile of lead time for changes over the trailing 7 days at each point, "
                                + "over the selected repositories and environments (the histogram's buckets now minus "
                                + "a week ago). DORA levels: elite under a day, high under a week, medium under a "
                                + "month." + LEVELS_SOURCE)
                .unit("s");
        for (double q : new double[] {0.5, 0.9}) {
            panel.withTarget(new DataqueryBuilder().expr(Promql.quantile(q, weekly, List.of()))
                    .legendFormat(q == 0.5 ? "median" : "p90").range());
        }
        return panel;
    }

    static PanelBuilder changeFailureRateTrend() {
        Selector deployments = Presets.deployments(Catalogue.DEPLOYMENTS);
        String failed = Promql.sum(weekly(deployments.eq("result", DeploymentResult.FAILURE.label())));
        return Presets.timeseries("Change Failure Rate Trend",
                        "Failed deployments out of all deployments over the trailing 7 days at each point, in the "
                                + "selected repositories and environments (counters now minus a week ago). DORA "
                                + "levels: elite up to 5 %, high up to 10 %, medium up to 15 %." + LEVELS_SOURCE)
                .unit("percentunit")
                .min(0)
                .max(1)
                .thresholds(GREEN, 0.05, BLUE, 0.10, YELLOW, 0.15, RED)
                .custom("thresholdsStyle", Map.of("mode", "dashed"))
                .withTarget(new DataqueryBuilder().expr(Promql.ratio(failed, Promql.sum(weekly(deployments))))
                        .legendFormat("change failure rate").range());
    }

    static PanelBuilder timeToRestoreTrend() {
        String weekly = weekly(Presets.deploymentBuckets(Catalogue.DEPLOYMENT_TIME_TO_RESTORE));
        return Presets.timeseries("Time to Restore Trend",
                        "Median time to restore service over the trailing 7 days at each point, over the selected "
                                + "repositories and environments (the histogram's buckets now minus a week ago). DORA "
                                + "levels: elite under an hour, high under a day, medium under a week."
                                + LEVELS_SOURCE)
                .unit("s")
                .withTarget(new DataqueryBuilder().expr(Promql.quantile(0.5, weekly, List.of()))
                        .legendFormat("median").range());
    }

    /**
     * Which exporter counted the deployments: a hub from GitHub's deployment_status webhooks, or a sidecar from the
     * Worker logs of configured deployment jobs.
     */
    static PanelBuilder deploymentSources() {
        List<String> by = List.of("job", "instance");
        String counted = Promql.sumBy(by, Promql.increase(Presets.deployments(Catalogue.DEPLOYMENTS), RANGE));
        String deliveries = Promql.sumBy(by, Promql.increase(Presets.exporters(Catalogue.WEBHOOK_DELIVERIES)
                .eq("event", "deployment_status").eq("outcome", "accepted"), RANGE));
        return Presets.table("Where the Figures Come From",
                        "Each exporter that counted deployments in the selected range, with the deployment_status "
                                + "webhook deliveries it accepted. An exporter with deliveries is a webhook hub: its "
                                + "figures come from GitHub's deployment statuses. One without is a sidecar counting "
                                + "the configured deployment jobs in its runner's Worker logs (the job's commit time "
                                + "from the job message). Lead time needs the commit's time, time to restore a failure "
                                + "followed by a success of the same repository and environment.")
                .size(12, 8)
                .unit("short")
                .withTarget(new DataqueryBuilder().expr(counted).instant().format("table"))
                .withTarget(new DataqueryBuilder().expr(deliveries).instant().format("table"))
                .transformation("merge", Map.of())
                .transformation("organize", Map.of(
                        "excludeByName", Map.of("Time", true),
                        "indexByName", Map.of("job", 0, "instance", 1, "Value #A", 2, "Value #B", 3),
                        "renameByName", Map.of("job", "Job", "instance", "Exporter", "Value #A",
                                "Deployments counted", "Value #B", "deployment_status deliveries")))
                .override(column("Deployments counted"), List.of(Map.of("id", "decimals", "value", 0)))
                .override(column("deployment_status deliveries"), List.of(Map.of("id", "decimals", "value", 0)));
    }

    static PanelBuilder droppedObservations() {
        return Presets.timeseries("Observations Not Counted",
                        "Lead times, queue times and deployment jobs the exporters could not observe, per minute by "
                                + "reason: negative_lead_time (a commit after its deployment), commit_time_unknown or "
                                + "commit_time_malformed and job_message_missing (Worker logs), negative_queue_time, "
                                + "approval_wait_unknown. The DORA figures above miss these.")
                .unit("short")
                .custom("axisLabel", "per minute")
                .withTarget(new DataqueryBuilder().expr(Promql.sumBy(List.of("reason"),
                                Promql.rate(Presets.exporters(Catalogue.GITHUB_OBSERVATIONS_DROPPED),
                                        Promql.RATE_INTERVAL)) + " * 60")
                        .legendFormat("{{reason}}").range());
    }

    private static Map<String, Object> column(String name) {
        return Map.of("id", "byName", "options", name);
    }

    private static Map<String, Object> thresholds(String base, Object... valueColorPairs) {
        List<Map<String, Object>> steps = new ArrayList<>();
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("color", base);
        first.put("value", null);
        steps.add(first);
        for (int i = 0; i < valueColorPairs.length; i += 2) {
            steps.add(Map.of("color", valueColorPairs[i + 1], "value", ((Number) valueColorPairs[i]).doubleValue()));
        }
        return Map.of("mode", "absolute", "steps", steps);
    }

    /** A table column with its unit, its DORA thresholds and a background in the level's colour. */
    private static List<Map<String, Object>> level(String unit, Map<String, Object> thresholds) {
        return List.of(Map.of("id", "unit", "value", unit), Map.of("id", "thresholds", "value", thresholds),
                Map.of("id", "custom.cellOptions", "value", Map.of("type", "color-background")));
    }
}
