package dev.runnermetrics.dashboards.prometheus;

import static dev.runnermetrics.dashboards.prometheus.RuleSelectors.runners;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.dashboards.promql.Promql;
import java.util.List;

/** Alerts about the exporter's own view: scrapes failing, logs unreadable or unparsable, state not saved. */
final class ExporterAlerts {

    static final String GROUP = "runner-metrics-exporter";

    /**
     * A running job renews its lease about every minute, and the runner logs each renewal: a busy runner whose log
     * has been silent this long has died without a word or is no longer read.
     */
    static final double STALE_SECONDS = 900;
    /** The source label of the listener's own log (the exporter's LogKind.RUNNER; the catalogue lists no values). */
    static final String RUNNER_LOG_SOURCE = "runner_log";

    private ExporterAlerts() {
    }

    static RuleGroup group() {
        return new RuleGroup(GROUP, List.of(exporterDown(), logSourceUnreadable(), logParseErrors(),
                stateNotSaved(), logsStale()));
    }

    static AlertRule exporterDown() {
        return new AlertRule("GitHubRunnerExporterDown",
                RuleExpr.compare(RuleSelectors.targetsUp().toString(), "==", 0),
                "5m", Severity.WARNING,
                "Prometheus cannot scrape a Runner Metrics exporter.",
                "Target {{ $labels.instance }} of job {{ $labels.job }} has been down for 5 minutes: the runners it "
                        + "watches are not observed and their alerts cannot fire.");
    }

    static AlertRule logSourceUnreadable() {
        return new AlertRule("GitHubRunnerLogSourceUnreadable",
                RuleExpr.compare(runners(Catalogue.SOURCE_UP).toString(), "==", 0),
                "10m", Severity.WARNING,
                "The exporter cannot read a runner's logs.",
                "The exporter at {{ $labels.instance }} has not been able to read the {{ $labels.source }} of "
                        + "runner {{ $labels.runner_name }} (type {{ $labels.runner_type }}) for 10 minutes; the "
                        + "runner's metrics from that log are stale.");
    }

    static AlertRule logParseErrors() {
        return new AlertRule("GitHubRunnerLogParseErrors",
                RuleExpr.compare(Promql.increase(runners(Catalogue.SOURCE_ERRORS), "30m"), ">", 0),
                "1h", Severity.INFO,
                "The exporter keeps skipping runner log input it cannot parse.",
                "The exporter at {{ $labels.instance }} has been skipping {{ $labels.source }} input of runner "
                        + "{{ $labels.runner_name }} for an hour (reason {{ $labels.reason }}); a new runner version "
                        + "may have changed its log format.");
    }

    static AlertRule stateNotSaved() {
        // Every runner of an exporter carries the exporter's one failure count: report the exporter once.
        String failures = RuleExpr.maxWithout(List.of("runner_name", "runner_type"),
                Promql.increase(runners(Catalogue.STATE_SAVE_FAILURES), "15m"));
        return new AlertRule("GitHubRunnerStateNotSaved",
                RuleExpr.compare(failures, ">", 0),
                "15m", Severity.WARNING,
                "The exporter cannot save its state file.",
                "The exporter at {{ $labels.instance }} (job {{ $labels.job }}) keeps failing to write its state "
                        + "file: after a restart it falls back to the last saved state, and logs rotated away since "
                        + "then are missing from its counts.");
    }

    static AlertRule logsStale() {
        String age = "time() - " + runners(Catalogue.SOURCE_LAST_EVENT).eq("source", RUNNER_LOG_SOURCE);
        String busy = RuleExpr.compare(runners(Catalogue.RUNNER_BUSY).toString(), "==", 1);
        return new AlertRule("GitHubRunnerLogsStale",
                RuleExpr.compare(age, ">", STALE_SECONDS) + "\nand on (job, instance, runner_name, runner_type)\n"
                        + busy,
                "5m", Severity.WARNING,
                "A busy runner's log has gone silent.",
                "Runner {{ $labels.runner_name }} (type {{ $labels.runner_type }}, exporter {{ $labels.instance }}) "
                        + "is running a job, but the newest event the exporter read from its runner_log is "
                        + "{{ $value | humanizeDuration }} old, while a running job is renewed in that log every "
                        + "minute: the runner died without a word, or the exporter no longer sees its log.");
    }
}
