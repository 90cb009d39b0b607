package dev.runnermetrics.exporter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runnermetrics.exporter.steps.CacheType;
import dev.runnermetrics.exporter.testing.Configs;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** runner-metrics.cache-types-file (RUNNER_METRICS_CACHE_TYPES_FILE) through the real configuration mapping: added types, and what stops the start. */
class CacheTypesConfigTest {

    @TempDir
    Path tmp;

    private static RunnerMetricsConfig config(Map<String, String> properties) {
        return Configs.of(properties);
    }

    private static List<String> names(RunnerMetricsConfig config) {
        return ExporterSettings.cacheTypes(config, FileSystems.getDefault()).stream().map(CacheType::name).toList();
    }

    private static String error(RunnerMetricsConfig config) {
        return assertThrows(InvalidConfigException.class,
                () -> ExporterSettings.cacheTypes(config, FileSystems.getDefault())).getMessage();
    }

    @Test
    void byDefaultStepOutputIsReadWithTheShippedTypes() {
        RunnerMetricsConfig config = config(Map.of());
        assertEquals(true, config.stepOutput());
        assertEquals(List.of("actions_cache", "setup_node", "setup_python", "setup_java", "setup_go", "buildkit",
                "apt", "npm"), names(config));
    }

    @Test
    void aUserFileAddsItsTypesInFront() throws IOException {
        Path file = Files.writeString(tmp.resolve("types.yaml"), "ccache:\n  hit: '^cache hit'\n  miss: '^cache miss'\n");
        assertEquals(List.of("ccache", "actions_cache", "setup_node", "setup_python", "setup_java", "setup_go",
                "buildkit", "apt", "npm"), names(config(Map.of("runner-metrics.cache-types-file", file.toString()))));
    }

    @Test
    void aBadPatternOrAMissingFileNamesTheSetting() throws IOException {
        Path file = Files.writeString(tmp.resolve("types.yaml"), "ccache:\n  hit: '^cache hit ('\n");
        assertEquals("runner-metrics.cache-types-file (RUNNER_METRICS_CACHE_TYPES_FILE) " + file + ": type 'ccache': hit is not a regular expression: "
                + "Unclosed group near index 12 of ^cache hit (",
                error(config(Map.of("runner-metrics.cache-types-file", file.toString()))));
        Path missing = tmp.resolve("nope.yaml");
        assertEquals("runner-metrics.cache-types-file (RUNNER_METRICS_CACHE_TYPES_FILE) cannot read " + missing + " (NoSuchFileException)",
                error(config(Map.of("runner-metrics.cache-types-file", missing.toString()))));
    }
}
