package dev.runnermetrics.dashboards.prometheus;

import static dev.runnermetrics.dashboards.prometheus.RuleSelectors.RUNNER;
import static dev.runnermetrics.dashboards.prometheus.RuleSelectors.runners;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.JobResult;
import dev.runnermetrics.catalogue.ListenerErrorReason;
import dev.runnermetrics.dashboards.promql.Promql;
import dev.runnermetrics.dashboards.promql.Selector;
import java.util.List;

/**
 * Alerts about the runners themselves: offline, a whole type offline, failing jobs, stuck busy, and the problems the
 * listener reports in its own log (a deprecated version, failing authentication, a restart loop).
 */
final class RunnerAlerts {

    static final String GROUP = "github-runners";

    /** Failure share above which a runner is suspect, over {@link #FAILURE_WINDOW}. */
    static final double FAILURE_RATIO = 0.5;
    /** Jobs a runner must have finished in the window before its failure share counts: one failure is no signal. */
    static final double FAILURE_MIN_JOBS = 5;
    static final String FAILURE_WINDOW = "1h";
    /** GitHub's default job timeout (timeout-minutes 360): a job busy longer than this should have ended. */
    static final int STUCK_HOURS = 6;
    /**
     * A job finished this recently clears a runner of being stuck. Runners that take jobs back to back may look busy
     * at every scrape; their finished jobs reset the alert's pending time.
     */
    static final String FINISHED_WINDOW = "15m";
    /** A deprecated version is reported at every start; the alert holds this long after the last report. */
    static final String DEPRECATED_WINDOW = "1h";
    /** Session creation retries every 30 s: this many refusals in the window is no passing token refresh. */
    static final double AUTH_FAILURES = 3;
    static final String AUTH_WINDOW = "15m";
    /** Listener exits with an error code in the window: its service restarts it every 5 s, to no avail. */
    static final double RESTARTS = 3;
    static final String RESTART_WINDOW = "30m";

    /** Success rate of the last hour against the last day's, per runner type: a drop of this much is no noise. */
    static final double SUCCESS_DROP = 0.2;
    static final String SUCCESS_RECENT = "1h";
    static final String SUCCESS_BASELINE = "1d";
    /** Jobs of the type that must have finished (skipped ones aside) in the last hour. */
    static final double SUCCESS_MIN_JOBS = 10;

    private static final List<String> PER_TYPE = List.of("job", "runner_type");

    private RunnerAlerts() {
    }

    static RuleGroup group() {
        return new RuleGroup(GROUP, List.of(offline(), typeUnavailable(), jobFailureRateHigh(), stuckBusy(),
                versionDeprecated(), authenticationFailing(), listenerRestartLoop(), successRateDropping()));
    }

    static AlertRule offline() {
        return new AlertRule("GitHubRunnerOffline",
                RuleExpr.compare(runners(Catalogue.RUNNER_STATUS).toString(), "==", 0),
                "10m", Severity.WARNING,
                "A self-hosted GitHub Actions runner is offline.",
                "Runner {{ $labels.runner_name }} (type {{ $labels.runner_type }}, job {{ $labels.job }}) has "
                        + "been offline for 10 minutes according to its listener log, so it takes no jobs.");
    }

    static AlertRule typeUnavailable() {
        String online = Promql.sumBy(List.of("runner_type"),
                RuleExpr.block(runners(Catalogue.RUNNER_STATUS).toString()));
        return new AlertRule("GitHubRunnerTypeUnavailable",
                RuleExpr.compare(online, "==", 0),
                "5m", Severity.CRITICAL,
                "No runner of a runner type is online.",
                "None of the runners of type {{ $labels.runner_type }} has been online for 5 minutes; jobs that "
                        + "need this type wait in the queue.");
    }

    static AlertRule jobFailureRateHigh() {
        Selector jobs = runners(Catalogue.JOBS);
        String failed = jobsIn(jobs.eq("result", JobResult.FAILURE.label()));
        String decided = jobsIn(jobs.ne("result", JobResult.SKIPPED.label()));
        return new AlertRule("GitHubRunnerJobFailureRateHigh",
                RuleExpr.and(
                        RuleExpr.compare(RuleExpr.ratio(failed, decided), ">", FAILURE_RATIO),
                        RuleExpr.compare(decided, ">=", FAILURE_MIN_JOBS)),
                "15m", Severity.WARNING,
                "A runner fails a high share of its jobs.",
                "{{ $value | humanizePercentage }} of the jobs that runner {{ $labels.runner_name }} (type "
                        + "{{ $labels.runner_type }}) finished in the last hour failed (at least "
                        + RuleExpr.number(FAILURE_MIN_JOBS) + " jobs, skipped ones not counted).");
    }

    static AlertRule stuckBusy() {
        String busy = RuleExpr.compare(runners(Catalogue.RUNNER_BUSY).toString(), "==", 1);
        String finishedAny = RuleExpr.compare(
                Promql.sumBy(RUNNER, RuleExpr.block(Promql.increase(runners(Catalogue.JOBS), FINISHED_WINDOW))),
                ">", 0);
        return new AlertRule("GitHubRunnerStuckBusy",
                RuleExpr.unlessOn(busy, RUNNER, finishedAny),
                STUCK_HOURS + "h", Severity.WARNING,
                "A runner has been busy for hours without finishing a job.",
                "Runner {{ $labels.runner_name }} (type {{ $labels.runner_type }}) has been busy for "
                        + STUCK_HOURS + " hours without finishing a job: its job hangs past GitHub's default "
                        + "timeout, or the runner lost it without writing a result.");
    }

    static AlertRule versionDeprecated() {
        return new AlertRule("GitHubRunnerVersionDeprecated",
                RuleExpr.compare(problems(ListenerErrorReason.VERSION_DEPRECATED, DEPRECATED_WINDOW), ">", 0),
                "0m", Severity.CRITICAL,
                "A runner's version is deprecated: it cannot take jobs.",
                "Runner {{ $labels.runner_name }} (type {{ $labels.runner_type }}) reported that its version is "
                        + "deprecated and cannot receive messages: GitHub gives it no job until it is updated.");
    }

    static AlertRule authenticationFailing() {
        return problemsAtLeast("GitHubRunnerAuthenticationFailing", ListenerErrorReason.AUTH_FAILED, AUTH_FAILURES,
                AUTH_WINDOW, "5m", "GitHub keeps refusing a runner's credentials.",
                "GitHub refused the credentials of runner {{ $labels.runner_name }} (type {{ $labels.runner_type }}) "
                        + "at least %s times in the last %s: it cannot hold a session to take jobs.");
    }

    static AlertRule listenerRestartLoop() {
        return problemsAtLeast("GitHubRunnerListenerRestartLoop", ListenerErrorReason.LISTENER_EXIT, RESTARTS,
                RESTART_WINDOW, "0m", "A runner's listener keeps exiting with an error.",
                "The listener of runner {{ $labels.runner_name }} (type {{ $labels.runner_type }}) exited with an "
                        + "error at least %s times in the last %s.");
    }

    static AlertRule successRateDropping() {
        Selector jobs = runners(Catalogue.JOBS);
        Selector succeeded = jobs.eq("result", JobResult.SUCCESS.label());
        Selector decided = jobs.ne("result", JobResult.SKIPPED.label());
        String recent = RuleExpr.ratio(perType(succeeded, SUCCESS_RECENT), perType(decided, SUCCESS_RECENT));
        String baseline = RuleExpr.ratio(perType(succeeded, SUCCESS_BASELINE), perType(decided, SUCCESS_BASELINE));
        return new AlertRule("GitHubRunnerSuccessRateDropping",
                RuleExpr.and(
                        recent + "\n<\n" + baseline + " - " + RuleExpr.number(SUCCESS_DROP),
                        RuleExpr.compare(perType(decided, SUCCESS_RECENT), ">=", SUCCESS_MIN_JOBS)),
                "15m", Severity.WARNING,
                "The success rate of a runner type dropped.",
                "Only {{ $value | humanizePercentage }} of the jobs that runners of type {{ $labels.runner_type }} "
                        + "(job {{ $labels.job }}) finished in the last hour succeeded, "
                        + Math.round(SUCCESS_DROP * 100) + " points or more below the last day's rate (at least "
                        + RuleExpr.number(SUCCESS_MIN_JOBS) + " jobs, skipped ones not counted).");
    }

    /** Jobs finished per runner type over a window. */
    private static String perType(Selector jobs, String window) {
        return Promql.sumBy(PER_TYPE, RuleExpr.block(Promql.increase(jobs, window)));
    }

    /** A warning when a runner's listener reports a problem this often; {@code description} gets count and window. */
    private static AlertRule problemsAtLeast(String name, ListenerErrorReason reason, double count, String window,
            String forDuration, String summary, String description) {
        return new AlertRule(name, RuleExpr.compare(problems(reason, window), ">=", count), forDuration,
                Severity.WARNING, summary, description.formatted(RuleExpr.number(count), window));
    }

    /** Listener problems of one reason per runner over a window. */
    private static String problems(ListenerErrorReason reason, String window) {
        Selector errors = runners(Catalogue.LISTENER_ERRORS).eq("reason", reason.label());
        return Promql.sumBy(RUNNER, RuleExpr.block(Promql.increase(errors, window)));
    }

    /** Jobs finished per runner over the failure window. */
    private static String jobsIn(Selector jobs) {
        return Promql.sumBy(RUNNER, RuleExpr.block(Promql.increase(jobs, FAILURE_WINDOW)));
    }
}
