package dev.runnermetrics.dashboards.prometheus;

import java.util.Locale;

/**
 * Where an alert's runbook lives: a section of docs/PROMETHEUS_INTEGRATION.md whose heading is the alert name, so its
 * anchor is the lower-cased name. The build passes the base with {@code -Drunbook.base-url=...}.
 */
public final class Runbook {

    public static final String BASE_URL_PROPERTY = "runbook.base-url";
    public static final String DEFAULT_BASE_URL = "docs/PROMETHEUS_INTEGRATION.md";

    private Runbook() {
    }

    public static String url(String alertName) {
        return baseUrl() + "#" + anchor(alertName);
    }

    /** The anchor GitHub and most Markdown renderers give a heading that is just the alert name. */
    public static String anchor(String alertName) {
        return alertName.toLowerCase(Locale.ROOT);
    }

    public static String baseUrl() {
        return System.getProperty(BASE_URL_PROPERTY, DEFAULT_BASE_URL);
    }
}
