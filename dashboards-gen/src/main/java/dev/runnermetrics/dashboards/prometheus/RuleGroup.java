package dev.runnermetrics.dashboards.prometheus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named group of rules, evaluated together at the global evaluation interval, or at its own interval when one is
 * given (a Prometheus duration such as {@code 5m}).
 */
public record RuleGroup(String name, String interval, List<? extends Rule> rules) {

    public RuleGroup {
        rules = List.copyOf(rules);
    }

    public RuleGroup(String name, List<? extends Rule> rules) {
        this(name, null, rules);
    }

    public Map<String, Object> yaml() {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", name);
        if (interval != null) {
            group.put("interval", interval);
        }
        group.put("rules", rules.stream().map(Rule::yaml).toList());
        return group;
    }

    /** A rule file: {@code groups:} with these groups. */
    public static Map<String, Object> file(List<RuleGroup> groups) {
        return Map.of("groups", groups.stream().map(RuleGroup::yaml).toList());
    }
}
