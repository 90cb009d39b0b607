package dev.runnermetrics.exporter.testing;

import dev.runnermetrics.exporter.config.RunnerMetricsConfig;
import dev.runnermetrics.exporter.config.Setting;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The real configuration tree, mapped by SmallRye from the properties a test sets (defaults for the rest). */
public final class Configs {

    private Configs() {
    }

    /** Keys with or without the {@code runner-metrics.} prefix. */
    public static RunnerMetricsConfig of(Map<String, String> properties) {
        Map<String, String> full = new HashMap<>();
        properties.forEach((k, v) -> full.put(k.startsWith(Setting.PREFIX + ".") ? k : Setting.PREFIX + "." + k, v));
        return new SmallRyeConfigBuilder().withMapping(RunnerMetricsConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(full, "test", 500))
                .build().getConfigMapping(RunnerMetricsConfig.class);
    }

    /** Key-value pairs: {@code of("runner-dir", "/r", "runners", "none")}. */
    public static RunnerMetricsConfig of(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("key-value pairs expected");
        }
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        return of(properties);
    }
}
