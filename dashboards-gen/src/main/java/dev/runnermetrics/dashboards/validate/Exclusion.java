package dev.runnermetrics.dashboards.validate;

/** A lint rule we deliberately do not follow somewhere, written down with why. */
public record Exclusion(String rule, String panelTitle, String reason) {

    /** Applies to every panel. */
    public static final String ALL_PANELS = "*";

    boolean covers(String ruleName, String panel) {
        return rule.equals(ruleName) && (panelTitle.equals(ALL_PANELS) || panelTitle.equals(panel));
    }
}
