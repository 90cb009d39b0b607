package dev.runnermetrics.dashboards.prometheus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A recording rule named {@code level:metric:operation} as Prometheus' rule naming guide asks: the labels kept, the
 * metric (counters without {@code _total}), the operation with its window, e.g.
 * {@code job_runner_type:github_runner_status:sum}.
 */
public record RecordingRule(String name, String expr) implements Rule {

    public static final Pattern LEVEL_METRIC_OPERATION =
            Pattern.compile("[a-z][a-z0-9_]*:[a-z][a-z0-9_]*:[a-z][a-z0-9_]*");

    public RecordingRule {
        if (!LEVEL_METRIC_OPERATION.matcher(name).matches()) {
            throw new IllegalArgumentException("recorded name is not level:metric:operation: " + name);
        }
        if (expr == null || expr.isBlank()) {
            throw new IllegalArgumentException(name + " has no expression");
        }
    }

    @Override
    public Map<String, Object> yaml() {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("record", name);
        rule.put("expr", expr);
        return rule;
    }
}
