package dev.runnermetrics.exporter.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * The label values that tell one series of a map of series from another, in a fixed order its owner defines (an
 * unused label is ""). A value, usable as a map key; {@link #text()} is a stable string form for files whose maps need
 * string keys.
 */
public record SeriesKey(List<String> values) {

    /** Separates the values in {@link #text()}; a value never holds it (it is a control character). */
    private static final String SEPARATOR = "\u001f";

    public SeriesKey {
        values = List.copyOf(values);
    }

    public static SeriesKey of(String... values) {
        return new SeriesKey(Arrays.asList(values));
    }

    /** The value at this position. */
    public String get(int index) {
        return values.get(index);
    }

    public int size() {
        return values.size();
    }

    /** The values joined by U+001F (removed from the values themselves), for string-keyed persistence. */
    public String text() {
        return String.join(SEPARATOR, values.stream().map(v -> v.replace(SEPARATOR, "")).toList());
    }

    /** The key a {@link #text()} names. */
    public static SeriesKey parse(String text) {
        return new SeriesKey(List.of(text.split(SEPARATOR, -1)));
    }
}
