package dev.runnermetrics.dashboards.prometheus;

import static dev.runnermetrics.dashboards.prometheus.RuleSelectors.buckets;
import static dev.runnermetrics.dashboards.prometheus.RuleSelectors.runners;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.dashboards.promql.Promql;
import dev.runnermetrics.dashboards.promql.Selector;
import java.util.List;

/**
 * Pre-aggregated series that keep the dashboard fast with hundreds of runners: the time-series panels (Jobs per Hour,
 * Job Duration Trends, Cache Hit Rates) read these instead of computing rates from raw series, and they keep the
 * labels the dashboard variables filter on (job, runner_type, runner_name). Fleet sums and deployment totals serve
 * alerts and ad-hoc queries. Names follow {@code level:metric:operation}; counters lose {@code _total}.
 */
final class RecordingRules {

    static final String RUNNERS_GROUP = "github-runners.rules";
    static final String DEPLOYMENTS_GROUP = "github-deployments.rules";
    static final String STEP_GROUP = "github-runners-steps.rules";
    /**
     * The evaluation interval of the step group: each of its samples is what a counter grew since the previous
     * evaluation, so consecutive samples telescope, and a panel that sums them over its step ($__interval, a
     * multiple of this) or over the range counts each job once however wide the range.
     */
    public static final String STEP = "5m";
    /**
     * How far back a step increase looks for a series' last sample: a series back within this after a scrape gap
     * counts from where it left off; one with no sample in it (new, or gone longer) counts its value only if its
     * exporter was up and scraped within it.
     */
    static final String BRIDGE = "1h";
    static final String RATE_WINDOW = "5m";
    static final String DEPLOYMENT_WINDOW = "1h";
    /** Per-type job rates over an hour: a success rate per runner type that a handful of jobs does not swing. */
    static final String TYPE_RATE_WINDOW = "1h";

    private static final List<String> PER_TYPE = List.of("job", "runner_type");

    private RecordingRules() {
    }

    static List<RuleGroup> groups() {
        return List.of(
                new RuleGroup(RUNNERS_GROUP, List.of(jobRates(), durationBucketRates(), queueTimeBucketRates(),
                        onlineRunners(), knownRunners(), busyRunners(), cacheRequestRates(), typeJobRates())),
                new RuleGroup(STEP_GROUP, STEP, List.of(typeJobIncreases(), typeDurationBucketIncreases(),
                        typeQueueTimeBucketIncreases(), typeCacheRequestIncreases(), workflowJobIncreases(),
                        workflowDurationBucketIncreases(), queueTimeByRunsOn())),
                new RuleGroup(DEPLOYMENTS_GROUP, List.of(deploymentIncreases())));
    }

    /** Finished jobs per second by runner and result (Jobs per Hour, success rate per runner). */
    static RecordingRule jobRates() {
        List<String> by = List.of("job", "runner_type", "runner_name", "result");
        return rate(by, Catalogue.JOBS, runners(Catalogue.JOBS));
    }

    /**
     * Duration bucket rates per runner, ready for histogram_quantile (Job Duration Trends): the result label is
     * summed away, so the panel reads five times fewer series, each one sample per step instead of a raw rate.
     */
    static RecordingRule durationBucketRates() {
        List<String> by = List.of("job", "runner_type", "runner_name", "le");
        return new RecordingRule(level(by) + ":" + Catalogue.JOB_DURATION.bucket() + ":rate" + RATE_WINDOW,
                Promql.sumBy(by, RuleExpr.block(Promql.rate(buckets(Catalogue.JOB_DURATION), RATE_WINDOW))));
    }

    /**
     * Queue time bucket rates per runner, ready for histogram_quantile (the queue time line of Job Duration Trends):
     * runner_group and the opt-in labels are summed away. The figures come from GitHub webhooks, so the hub exporter
     * that receives them must be scraped by one of our jobs too.
     */
    static RecordingRule queueTimeBucketRates() {
        List<String> by = List.of("job", "runner_type", "runner_name", "le");
        return new RecordingRule(level(by) + ":" + Catalogue.QUEUE_TIME.bucket() + ":rate" + RATE_WINDOW,
                Promql.sumBy(by, RuleExpr.block(Promql.rate(buckets(Catalogue.QUEUE_TIME), RATE_WINDOW))));
    }

    /**
     * Finished jobs per second by runner type and result over an hour (Job Analysis: success rate per runner type);
     * at 7-day ranges one series per type and result instead of one per runner and context label.
     */
    static RecordingRule typeJobRates() {
        List<String> by = List.of("job", "runner_type", "result");
        return new RecordingRule(level(by) + ":" + Catalogue.JOBS.name() + ":rate" + TYPE_RATE_WINDOW,
                Promql.sumBy(by, RuleExpr.block(Promql.rate(runners(Catalogue.JOBS), TYPE_RATE_WINDOW))));
    }

    /**
     * Queue time bucket increases by runner type and the opt-in runs_on label in each 5-minute step (Job Analysis:
     * queue time by runs-on labels); without the label one series per type and bucket.
     */
    static RecordingRule queueTimeByRunsOn() {
        return stepIncrease(List.of("job", "runner_type", "runs_on", "le"), Catalogue.QUEUE_TIME.bucket(),
                buckets(Catalogue.QUEUE_TIME));
    }

    /**
     * Finished jobs per runner type and result in each 5-minute step: the dashboards' job counts, rates and totals
     * over the range with every runner selected, a few series of one sample per 5 minutes at any range.
     */
    static RecordingRule typeJobIncreases() {
        return stepIncrease(List.of("job", "runner_type", "result"), Catalogue.JOBS.name(), runners(Catalogue.JOBS));
    }

    /** Duration bucket increases per runner type in each 5-minute step (duration quantiles with every runner). */
    static RecordingRule typeDurationBucketIncreases() {
        return stepIncrease(List.of("job", "runner_type", "le"), Catalogue.JOB_DURATION.bucket(),
                buckets(Catalogue.JOB_DURATION));
    }

    /** Queue time bucket increases per runner type in each 5-minute step (queue time quantiles with every runner). */
    static RecordingRule typeQueueTimeBucketIncreases() {
        return stepIncrease(List.of("job", "runner_type", "le"), Catalogue.QUEUE_TIME.bucket(),
                buckets(Catalogue.QUEUE_TIME));
    }

    /**
     * Finished jobs per runner type, repository, workflow and result in each 5-minute step (Job Analysis: top failing
     * workflows). The opt-in repository and workflow labels are capped by the exporter; without them one series per
     * type and result.
     */
    static RecordingRule workflowJobIncreases() {
        return stepIncrease(List.of("job", "runner_type", "repository", "workflow", "result"), Catalogue.JOBS.name(),
                runners(Catalogue.JOBS));
    }

    /**
     * Duration bucket increases per runner type, repository and workflow in each 5-minute step (Job Analysis: slowest
     * workflows); the result label is summed away.
     */
    static RecordingRule workflowDurationBucketIncreases() {
        return stepIncrease(List.of("job", "runner_type", "repository", "workflow", "le"),
                Catalogue.JOB_DURATION.bucket(), buckets(Catalogue.JOB_DURATION));
    }

    /** Cache restores per runner type, cache type and result in each 5-minute step (cache hit rates). */
    static RecordingRule typeCacheRequestIncreases() {
        return stepIncrease(List.of("job", "runner_type", "cache_type", "result"), Catalogue.CACHE_REQUESTS.name(),
                runners(Catalogue.CACHE_REQUESTS));
    }

    /** Runners online per type (Active Runners). */
    static RecordingRule onlineRunners() {
        return gaugeSum(Catalogue.RUNNER_STATUS);
    }

    /** Runners with a known status per type, online or not. */
    static RecordingRule knownRunners() {
        return new RecordingRule(level(PER_TYPE) + ":" + Catalogue.RUNNER_STATUS.name() + ":count",
                RuleExpr.countBy(PER_TYPE, runners(Catalogue.RUNNER_STATUS).toString()));
    }

    /** Runners running a job per type. */
    static RecordingRule busyRunners() {
        return gaugeSum(Catalogue.RUNNER_BUSY);
    }

    /** Cache restores per second by runner, type and result: hit, partial, miss (Cache Hit Rates). */
    static RecordingRule cacheRequestRates() {
        List<String> by = List.of("job", "runner_type", "runner_name", "cache_type", "result");
        return rate(by, Catalogue.CACHE_REQUESTS, runners(Catalogue.CACHE_REQUESTS));
    }

    /**
     * Deployments per hour by repository, environment and result (DORA panels). Deployments need not come from our
     * scrape jobs (a central webhook exporter may count them), so these are not restricted by job.
     */
    static RecordingRule deploymentIncreases() {
        List<String> by = List.of("repository", "environment", "result");
        return new RecordingRule(level(by) + ":" + Catalogue.DEPLOYMENTS.name() + ":increase" + DEPLOYMENT_WINDOW,
                Promql.sumBy(by, RuleExpr.block(
                        Promql.increase(Selector.of(Catalogue.DEPLOYMENTS), DEPLOYMENT_WINDOW))));
    }

    private static RecordingRule rate(List<String> by, MetricSpec counter, Selector selector) {
        return new RecordingRule(level(by) + ":" + counter.name() + ":rate" + RATE_WINDOW,
                Promql.sumBy(by, RuleExpr.block(Promql.rate(selector, RATE_WINDOW))));
    }

    /**
     * What each series grew since the group's previous evaluation, summed: the value now minus the last one a step
     * ago, so consecutive samples add up to the counter's whole growth (increase() over adjacent windows misses what
     * grew between one window's last sample and the next one's first). A series lower than before (the exporter
     * restarted without its counts), or without a sample in the {@link #BRIDGE} before, counts its whole value when
     * its exporter was up at its last scrape a step ago: the exporter shows a series from its first count on (an
     * ephemeral runner's first job, a queue time's first delivery), which increase() never counts. When the exporter
     * itself is new to Prometheus or back from an outage, the series' value holds what was counted before Prometheus
     * saw it (the exporter keeps its counts), and it counts from there on.
     */
    private static RecordingRule stepIncrease(List<String> by, String series, Selector selector) {
        String before = "last_over_time(" + selector + "[" + BRIDGE + "] offset " + STEP + ")";
        String exporterUp = "last_over_time(" + RuleSelectors.targetsUp() + "[" + BRIDGE + "] offset " + STEP
                + ") == 1";
        String grown = "(" + selector + " - " + before + ") >= 0\nor\n" + selector + " and on (job, instance) ("
                + exporterUp + ")";
        return new RecordingRule(level(by) + ":" + series + ":increase" + STEP,
                Promql.sumBy(by, RuleExpr.block(grown)));
    }

    private static RecordingRule gaugeSum(MetricSpec gauge) {
        return new RecordingRule(level(PER_TYPE) + ":" + gauge.name() + ":sum",
                Promql.sumBy(PER_TYPE, RuleExpr.block(runners(gauge).toString())));
    }

    /** The level part of a recorded name: the labels kept, joined by underscores. */
    private static String level(List<String> labels) {
        return String.join("_", labels);
    }
}
