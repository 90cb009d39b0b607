package dev.runnermetrics.exporter.github.jobs;

import java.util.Arrays;
import java.util.List;

/** Label values joined into one string, so series maps persist with plain string keys. */
final class SeriesKey {

    private static final String SEPARATOR = "\u001f";

    private SeriesKey() {
    }

    static String of(String... values) {
        return String.join(SEPARATOR, Arrays.stream(values).map(v -> v.replace(SEPARATOR, "")).toList());
    }

    static List<String> split(String key) {
        return List.of(key.split(SEPARATOR, -1));
    }
}
