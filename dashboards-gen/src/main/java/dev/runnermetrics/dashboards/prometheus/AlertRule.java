package dev.runnermetrics.dashboards.prometheus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An alerting rule in the mixtool style (kubernetes-mixin): CamelCase name, a {@code for} duration, a severity
 * label, a one-line summary, a description templated with the alert's labels, and a runbook link. A rule that breaks
 * the style cannot be built, so the generator fails the build.
 *
 * @param forDuration how long the condition must hold before the alert fires, e.g. {@code 10m}
 * @param description text with at least one {@code {{ $labels.x }}} template
 */
public record AlertRule(String name, String expr, String forDuration, Severity severity, String summary,
        String description) implements Rule {

    /** Words starting with a capital, like GitHubRunnerOffline; no separators. */
    public static final Pattern CAMEL_CASE = Pattern.compile("(?:[A-Z][a-z0-9]+)+");
    /** A label template such as {@code {{ $labels.runner_name }}}. */
    public static final Pattern LABEL_TEMPLATE = Pattern.compile("\\{\\{ *\\$labels\\.[a-z_]+ *}}");
    private static final Pattern DURATION = Pattern.compile("[0-9]+[smhdw]");

    public AlertRule {
        Objects.requireNonNull(severity, "severity");
        if (!CAMEL_CASE.matcher(name).matches()) {
            throw new IllegalArgumentException("alert name is not CamelCase: " + name);
        }
        if (expr == null || expr.isBlank()) {
            throw new IllegalArgumentException(name + " has no expression");
        }
        if (forDuration == null || !DURATION.matcher(forDuration).matches()) {
            throw new IllegalArgumentException(name + " needs a for duration such as 10m, got " + forDuration);
        }
        if (summary == null || summary.isBlank() || summary.contains("\n")) {
            throw new IllegalArgumentException(name + " needs a one-line summary");
        }
        if (description == null || !LABEL_TEMPLATE.matcher(description).find()) {
            throw new IllegalArgumentException(name + " needs a description templated with {{ $labels.… }}");
        }
    }

    public String runbookUrl() {
        return Runbook.url(name);
    }

    @Override
    public Map<String, Object> yaml() {
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary);
        annotations.put("description", description);
        annotations.put("runbook_url", runbookUrl());
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("alert", name);
        rule.put("expr", expr);
        rule.put("for", forDuration);
        rule.put("labels", Map.of("severity", severity.label()));
        rule.put("annotations", annotations);
        return rule;
    }
}
