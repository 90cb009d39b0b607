package dev.runnermetrics.dashboards.promql;

import java.util.List;

/** The few PromQL shapes the dashboard and rules use, so queries read like the maths they do. */
public final class Promql {

    public static final String RATE_INTERVAL = "$__rate_interval";
    public static final String RANGE = "$__range";

    private Promql() {
    }

    public static String rate(Selector counter, String window) {
        return "rate(" + counter + "[" + window + "])";
    }

    public static String increase(Selector counter, String window) {
        return "increase(" + counter + "[" + window + "])";
    }

    public static String sum(String expr) {
        return "sum(" + expr + ")";
    }

    public static String sumBy(List<String> labels, String expr) {
        return "sum by (" + String.join(", ", labels) + ") (" + expr + ")";
    }

    public static String quantile(double q, String bucketRate, List<String> byLabels) {
        List<String> by = new java.util.ArrayList<>(byLabels);
        by.add("le");
        return "histogram_quantile(" + q + ", " + sumBy(by, bucketRate) + ")";
    }

    public static String ratio(String numerator, String denominator) {
        return "(" + numerator + ") / (" + denominator + ")";
    }
}
