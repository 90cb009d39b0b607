package dev.runnermetrics.dashboards.promql;

import dev.runnermetrics.catalogue.MetricSpec;
import java.util.ArrayList;
import java.util.List;

/** A series selector {@code name{label op "value", ...}} whose name always comes from the catalogue. */
public final class Selector {

    private final String metric;
    private final List<String> matchers;

    private Selector(String metric, List<String> matchers) {
        this.metric = metric;
        this.matchers = List.copyOf(matchers);
    }

    /** The counter's {@code _total} or the gauge's name. */
    public static Selector of(MetricSpec spec) {
        return new Selector(spec.series(), List.of());
    }

    public static Selector bucket(MetricSpec histogram) {
        return new Selector(histogram.bucket(), List.of());
    }

    /** A series recorded by one of our recording rules (validated against the rule set, not the catalogue). */
    public static Selector recorded(String name) {
        return new Selector(name, List.of());
    }

    public Selector eq(String label, String value) {
        return with(label + "=\"" + value + "\"");
    }

    public Selector ne(String label, String value) {
        return with(label + "!=\"" + value + "\"");
    }

    public Selector re(String label, String regex) {
        return with(label + "=~\"" + regex + "\"");
    }

    public Selector all(List<String> rawMatchers) {
        Selector s = this;
        for (String m : rawMatchers) {
            s = s.with(m);
        }
        return s;
    }

    public String metric() {
        return metric;
    }

    private Selector with(String matcher) {
        List<String> next = new ArrayList<>(matchers);
        next.add(matcher);
        return new Selector(metric, next);
    }

    @Override
    public String toString() {
        return matchers.isEmpty() ? metric : metric + "{" + String.join(", ", matchers) + "}";
    }
}
