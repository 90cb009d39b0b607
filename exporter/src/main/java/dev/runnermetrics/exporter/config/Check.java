package dev.runnermetrics.exporter.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The one way settings are checked: each check names the {@link Setting} it refuses, so a wrong value stops the
 * start with the same wording everywhere.
 */
public final class Check {

    private Check() {
    }

    /** A refusal of {@code setting}: "runner-metrics.x (ENV) is …", or "runner-metrics.x (ENV): …". */
    public static InvalidConfigException invalid(Setting setting, String problem) {
        return new InvalidConfigException(setting + (problem.startsWith(":") ? "" : " ") + problem);
    }

    public static int atLeast(Setting setting, int value, int min) {
        if (value < min) {
            throw invalid(setting, "must be at least " + min + ", was " + value);
        }
        return value;
    }

    public static Duration atLeast(Setting setting, Duration value, Duration min) {
        if (value.compareTo(min) < 0) {
            throw invalid(setting, "must be at least " + format(min) + ", was " + value);
        }
        return value;
    }

    public static Duration positive(Setting setting, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw invalid(setting, "must be positive, was " + value);
        }
        return value;
    }

    public static Duration notNegative(Setting setting, Duration value) {
        if (value.isNegative()) {
            throw invalid(setting, "must not be negative, was " + value);
        }
        return value;
    }

    public static Pattern regex(Setting setting, String value) {
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw invalid(setting, "is not a regular expression: " + e.getDescription() + " in '" + value + "'");
        }
    }

    /** The value, stripped, when it is set and not blank. */
    public static Optional<String> text(Optional<String> value) {
        return value.map(String::strip).filter(s -> !s.isEmpty());
    }

    /** The list's entries, stripped, blanks dropped; unset is empty. */
    public static List<String> entries(Optional<List<String>> value) {
        return value.orElse(List.of()).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Refuses two settings that exclude each other when both are set. */
    public static void oneOf(Setting a, boolean aSet, Setting b, boolean bSet) {
        if (aSet && bSet) {
            throw new InvalidConfigException(a + " and " + b + " are both set; set one");
        }
    }

    private static String format(Duration d) {
        return d.toSeconds() * 1000 == d.toMillis() ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
