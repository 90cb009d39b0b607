package dev.runnermetrics.dashboards.prometheus;

import java.util.Map;

/** One entry of a Prometheus rule group. */
public sealed interface Rule permits AlertRule, RecordingRule {

    /** The alert name or the recorded series name. */
    String name();

    String expr();

    /** The rule as it appears in the rule file. */
    Map<String, Object> yaml();
}
