package dev.runnermetrics.exporter.github.jobs;

import java.util.List;

/**
 * {@link SeriesKey} for the other GitHub packages (its file is kept as it is until the one series key of
 * {@code metrics} replaces it): label values joined into one string, so series maps persist with plain string keys.
 */
public final class SeriesKeys {

    private SeriesKeys() {
    }

    public static String of(String... values) {
        return SeriesKey.of(values);
    }

    public static List<String> split(String key) {
        return SeriesKey.split(key);
    }
}
