package dev.runnermetrics.testkit.exposition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Samples of a scrape in the Prometheus text exposition format (what {@code GET /metrics} answers with
 * {@code Accept: text/plain}), for exact comparisons in tests.
 */
public final class Exposition {

    private Exposition() {
    }

    /**
     * One sample line.
     *
     * @param labels sorted by name, values unescaped; its {@code toString()} is {@code {name=value, ...}}
     */
    public record Sample(String name, Map<String, String> labels, double value) {

        public Sample {
            labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        }
    }

    /**
     * Every sample line, in the order written: {@code name{label="value",...} value [timestamp]}; comments and blank
     * lines are skipped.
     *
     * @throws IllegalArgumentException on a line that is not of the text format (an HTML error page, say), so a
     *         test never compares an unreadable scrape as if it were empty
     */
    public static List<Sample> parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                out.add(sample(line));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a sample line of the text format: " + line, e);
            }
        }
        return out;
    }

    /** The samples of this name (no suffix added), as {@code {label=value, ...} value} lines, sorted. */
    public static List<String> series(String text, String name) {
        return parse(text).stream().filter(s -> s.name().equals(name))
                .map(s -> s.labels() + " " + s.value()).sorted().toList();
    }

    /**
     * The value of the one sample of this name that carries these labels (among others); null when there is none.
     *
     * @throws AssertionError when several do
     */
    public static Double value(String text, String name, Map<String, String> labels) {
        List<Sample> matching = parse(text).stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
        if (matching.size() > 1) {
            throw new AssertionError("more than one series of " + name + " with " + labels + ": " + matching);
        }
        return matching.isEmpty() ? null : matching.get(0).value();
    }

    /** The sum of every sample of this name; 0 when there is none. */
    public static double sum(String text, String name) {
        return parse(text).stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
    }

    /** The samples of this name summed by one label's value ("" for samples without it), sorted by that value. */
    public static Map<String, Double> sumBy(String text, String name, String label) {
        Map<String, Double> sums = new TreeMap<>();
        parse(text).stream().filter(s -> s.name().equals(name))
                .forEach(s -> sums.merge(s.labels().getOrDefault(label, ""), s.value(), Double::sum));
        return sums;
    }

    /** The {@code # TYPE name type} lines as family name to type, sorted by name. */
    public static Map<String, String> types(String text) {
        Map<String, String> types = new TreeMap<>();
        text.lines().filter(l -> l.startsWith("# TYPE ")).forEach(l -> {
            String[] parts = l.split(" ");
            types.put(parts[2], parts[3]);
        });
        return types;
    }

    /**
     * A sample value as the text format and Prometheus' HTTP API write it: {@code NaN}, {@code +Inf} and
     * {@code -Inf} included, which {@link Double#parseDouble(String)} does not all read.
     */
    public static double number(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** Reads by hand rather than with one regular expression: label values may hold braces, quotes and spaces. */
    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("no metric name");
        }
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq).strip();
                i = eq + 1;
                if (line.charAt(i) != '"') {
                    throw new IllegalArgumentException("label value not quoted");
                }
                i++;
                StringBuilder value = new StringBuilder();
                while (line.charAt(i) != '"') {
                    char c = line.charAt(i++);
                    if (c == '\\') {
                        char escaped = line.charAt(i++);
                        value.append(escaped == 'n' ? '\n' : escaped);
                    } else {
                        value.append(c);
                    }
                }
                i++;
                while (line.charAt(i) == ',' || line.charAt(i) == ' ') {
                    i++;
                }
                if (labels.put(key, value.toString()) != null) {
                    throw new IllegalArgumentException("label " + key + " repeated");
                }
            }
            i++;
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        if (rest.length > 2) {
            throw new IllegalArgumentException("more than a value and a timestamp after the labels");
        }
        return new Sample(name, labels, number(rest[0]));
    }
}
