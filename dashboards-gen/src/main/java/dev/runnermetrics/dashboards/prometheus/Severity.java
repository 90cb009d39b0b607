package dev.runnermetrics.dashboards.prometheus;

import java.util.Locale;

/** The {@code severity} label of an alert, as Alertmanager routes usually expect it. */
public enum Severity {
    /** Someone should act now: CI jobs are not being run. */
    CRITICAL,
    /** Needs a look during working hours. */
    WARNING,
    /** Worth knowing; no action unless it persists. */
    INFO;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
