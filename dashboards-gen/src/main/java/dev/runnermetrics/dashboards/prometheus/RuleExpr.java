package dev.runnermetrics.dashboards.prometheus;

import java.util.List;

/**
 * The binary operators and aggregations rules need beyond {@link dev.runnermetrics.dashboards.promql.Promql},
 * laid out over several lines where an expression combines two queries, as the mixins do.
 */
final class RuleExpr {

    /** Longer one-line expressions are split, so that the YAML writer does not fold them mid-selector. */
    static final int MAX_LINE = 72;

    private RuleExpr() {
    }

    /**
     * An aggregation's argument on its own indented lines, e.g. {@code Promql.sumBy(by, block(rate))} gives
     * {@code sum by (...) (\n  rate(...)\n)}: long rule expressions stay readable in the rule files.
     */
    static String block(String inner) {
        return "\n  " + indent(inner) + "\n";
    }

    private static String indent(String lines) {
        return lines.replace("\n", "\n  ");
    }

    /**
     * {@code expr op threshold}, with the threshold written without a trailing {@code .0}; a long one-line
     * {@code expr} gets the comparison on the next line.
     */
    static String compare(String expr, String op, double threshold) {
        String separator = !expr.contains("\n") && expr.length() > MAX_LINE ? "\n" : " ";
        return expr + separator + op + " " + number(threshold);
    }

    /** Both conditions, matched on all labels (both sides must aggregate to the same labels). */
    static String and(String left, String right) {
        return left + "\nand\n" + right;
    }

    /** {@code left} except where {@code right} has a series with the same values of {@code on}. */
    static String unlessOn(String left, List<String> on, String right) {
        return left + "\nunless on (" + String.join(", ", on) + ")\n" + right;
    }

    /** {@code (numerator) / (denominator)} over two lines. */
    static String ratio(String numerator, String denominator) {
        return "(\n  " + indent(numerator) + "\n/\n  " + indent(denominator) + "\n)";
    }

    static String maxWithout(List<String> labels, String expr) {
        return "max without (" + String.join(", ", labels) + ") (" + block(expr) + ")";
    }

    static String countBy(List<String> labels, String expr) {
        return "count by (" + String.join(", ", labels) + ") (" + block(expr) + ")";
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }
}
