package dev.runnermetrics.dashboards.prometheus;

import static dev.runnermetrics.dashboards.prometheus.RuleSelectors.buckets;
import static dev.runnermetrics.dashboards.prometheus.RuleSelectors.runners;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.dashboards.promql.Promql;
import java.util.List;

/**
 * Alerts about having too few runners: a pool whose every runner is busy while jobs queue, and jobs waiting long for
 * a runner. Both need GitHub's view of the queue (workflow_job webhooks on a hub, or the REST API client), so the
 * exporter that receives it must be scraped by one of our jobs; without it they never fire.
 */
final class CapacityAlerts {

    static final String GROUP = "github-runners-capacity";

    private static final List<String> PER_TYPE = List.of("job", "runner_type");
    /** Queue time p95 above which jobs wait too long: five minutes is longer than a warm pool ever makes them wait. */
    static final double QUEUE_P95_SECONDS = 300;
    static final String QUEUE_WINDOW = "30m";

    private CapacityAlerts() {
    }

    static RuleGroup group() {
        return new RuleGroup(GROUP, List.of(poolSaturated(), queueTimeHigh()));
    }

    static AlertRule poolSaturated() {
        String online = Promql.sumBy(PER_TYPE, RuleExpr.block(runners(Catalogue.RUNNER_STATUS).toString()));
        String busy = Promql.sumBy(PER_TYPE, RuleExpr.block(runners(Catalogue.RUNNER_BUSY).toString()));
        String queued = Promql.sum(RuleExpr.block(runners(Catalogue.WORKFLOW_JOBS_QUEUED).toString()));
        return new AlertRule("GitHubRunnerPoolSaturated",
                busy + "\n>= " + online + "\nand\n" + RuleExpr.compare(online, ">", 0) + "\nand on ()\n"
                        + RuleExpr.compare(queued, ">", 0),
                "10m", Severity.WARNING,
                "Every runner of a runner type is busy while jobs wait for a runner.",
                "All {{ $value }} online runners of type {{ $labels.runner_type }} (job {{ $labels.job }}) have "
                        + "been busy for 10 minutes while workflow jobs are queued at GitHub: the pool is too small "
                        + "for its load.");
    }

    static AlertRule queueTimeHigh() {
        String p95 = Promql.quantile(0.95,
                RuleExpr.block(Promql.rate(buckets(Catalogue.QUEUE_TIME), QUEUE_WINDOW)), PER_TYPE);
        return new AlertRule("GitHubRunnerQueueTimeHigh",
                RuleExpr.compare(p95, ">", QUEUE_P95_SECONDS),
                "15m", Severity.WARNING,
                "Jobs wait long for a runner.",
                "The 95th percentile of queue time of the jobs that runners of type {{ $labels.runner_type }} (job "
                        + "{{ $labels.job }}) started in the last " + QUEUE_WINDOW + " is {{ $value | humanizeDuration }}, "
                        + "above " + RuleExpr.number(QUEUE_P95_SECONDS / 60) + " minutes.");
    }
}
