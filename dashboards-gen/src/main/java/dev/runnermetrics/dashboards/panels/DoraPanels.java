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
import java.util.List;

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
}
