package dev.runnermetrics.dashboards.promql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Set;

/**
 * A lexical scan of a PromQL expression, enough to check it against the catalogue: which metric names it selects
 * and with which label matchers, which labels it groups by, which dashboard variables it uses, and where counters
 * and buckets sit (the functions enclosing them).
 */
public final class QueryScan {

    /** One selected series: its name, the labels it matches on, and the functions around it, innermost first. */
    public record Use(String metric, Set<String> matcherLabels, List<String> enclosingFunctions) {
    }

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev",
            "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");

    private final List<Use> uses = new ArrayList<>();
    private final Set<String> groupingLabels = new LinkedHashSet<>();
    private final Set<String> variables = new LinkedHashSet<>();

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");

    private QueryScan() {
    }

    public List<Use> uses() {
        return uses;
    }

    public Set<String> groupingLabels() {
        return groupingLabels;
    }

    /** Dashboard variables ({@code $name} or {@code ${name}}), Grafana's built-ins ({@code $__...}) excluded. */
    public Set<String> variables() {
        return variables;
    }

    public static QueryScan of(String expr) {
        QueryScan scan = new QueryScan();
        scan.run(expr);
        Matcher m = VARIABLE.matcher(expr); // also inside matcher strings such as job=~"$job"
        while (m.find()) {
            if (!m.group(1).startsWith("__")) {
                scan.variables.add(m.group(1));
            }
        }
        return scan;
    }

    private void run(String s) {
        // Stack of open parentheses: the function name before each, or "" for plain grouping.
        List<String> parens = new ArrayList<>();
        String pendingGrouping = null;
        String pendingAggregation = null; // "sum by (x) (...)": the name comes before its grouping
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(s, i);
            } else if (c == '$') {
                int end = i + 1;
                boolean braced = end < s.length() && s.charAt(end) == '{';
                if (braced) {
                    end++;
                }
                while (end < s.length() && isIdent(s.charAt(end))) {
                    end++;
                }
                i = braced ? end + 1 : end;
            } else if (c == '[') {
                i = s.indexOf(']', i) + 1; // range or subquery durations
                if (i == 0) {
                    i = s.length();
                }
            } else if (c == '(') {
                if (pendingGrouping != null) {
                    int close = s.indexOf(')', i);
                    for (String label : s.substring(i + 1, close).split(",")) {
                        if (!label.isBlank()) {
                            groupingLabels.add(label.strip());
                        }
                    }
                    pendingGrouping = null;
                    i = close + 1;
                } else {
                    parens.add(pendingAggregation != null ? pendingAggregation : "");
                    pendingAggregation = null;
                    i++;
                }
            } else if (c == ')') {
                if (!parens.isEmpty()) {
                    parens.remove(parens.size() - 1);
                }
                i++;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++; // numbers, also 1e3 and durations outside brackets
                }
            } else if (isIdentStart(c)) {
                int end = i;
                while (end < s.length() && isIdent(s.charAt(end))) {
                    end++;
                }
                String word = s.substring(i, end);
                int next = skipSpace(s, end);
                if (GROUPING.contains(word)) {
                    pendingGrouping = word;
                    i = next;
                } else if (next < s.length() && s.charAt(next) == '(' && !KEYWORDS.contains(word)) {
                    parens.add(word); // a function or aggregation
                    i = next + 1;
                } else if (AGGREGATIONS.contains(word)) {
                    pendingAggregation = word;
                    i = end;
                } else if (KEYWORDS.contains(word.toLowerCase())) {
                    i = end;
                } else {
                    Set<String> labels = new LinkedHashSet<>();
                    if (next < s.length() && s.charAt(next) == '{') {
                        int close = matcherEnd(s, next);
                        labels.addAll(matcherLabels(s.substring(next + 1, close)));
                        end = close + 1;
                    }
                    List<String> enclosing = new ArrayList<>();
                    for (int k = parens.size() - 1; k >= 0; k--) {
                        if (!parens.get(k).isEmpty()) {
                            enclosing.add(parens.get(k));
                        }
                    }
                    uses.add(new Use(word, labels, enclosing));
                    i = end;
                }
            } else {
                i++;
            }
        }
    }

    private static List<String> matcherLabels(String body) {
        List<String> labels = new ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(body, i);
            } else if (isIdentStart(c)) {
                int end = i;
                while (end < body.length() && isIdent(body.charAt(end))) {
                    end++;
                }
                labels.add(body.substring(i, end));
                i = end;
            } else {
                i++;
            }
        }
        return labels;
    }

    private static int matcherEnd(String s, int open) {
        int i = open + 1;
        while (i < s.length() && s.charAt(i) != '}') {
            char c = s.charAt(i);
            i = c == '"' || c == '\'' || c == '`' ? skipString(s, i) : i + 1;
        }
        return i;
    }

    private static int skipString(String s, int open) {
        char quote = s.charAt(open);
        int i = open + 1;
        while (i < s.length() && s.charAt(i) != quote) {
            i += s.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return i + 1;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean isIdent(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }
}
