package dev.runnermetrics.dashboards.validate;

/** One broken rule: which rule, where (panel, target or rule name), and what is wrong. */
public record Violation(String rule, String where, String message) {

    @Override
    public String toString() {
        return rule + " @ " + where + ": " + message;
    }
}
