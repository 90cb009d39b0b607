package dev.runnermetrics.exporter.config;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import dev.runnermetrics.exporter.steps.CacheType;
import dev.runnermetrics.exporter.steps.CacheTypeFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks settings that types alone cannot, so a wrong value stops the start with the setting's name. */
public final class ConfigValidator {

    private ConfigValidator() {
    }

    public static void validate(ExporterConfig config) {
        positive(config.pollInterval(), "runner-metrics.poll-interval");
        if (config.stateSaveInterval().compareTo(Duration.ofSeconds(1)) < 0) {
            // The Quarkus scheduler fires at most once a second; a shorter interval would silently mean 1 s.
            throw new InvalidConfigException("runner-metrics.state-save-interval must be at least 1s, was "
                    + config.stateSaveInterval());
        }
        positive(config.abandonAfterSilence(), "runner-metrics.abandon-after-silence");
        if (config.abandonGrace().isNegative()) {
            throw new InvalidConfigException("runner-metrics.abandon-grace must not be negative");
        }
        if (config.maxLineBytes() < 1024) {
            throw new InvalidConfigException("runner-metrics.max-line-bytes must be at least 1024, was "
                    + config.maxLineBytes());
        }
        if (config.jobLabelMaxValues() < 1) {
            throw new InvalidConfigException("runner-metrics.job-label-max-values must be at least 1");
        }
        labelPolicy(config);
    }

    public static JobLabelPolicy labelPolicy(ExporterConfig config) {
        List<String> enabled = config.jobLabels().orElse(List.of()).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String label : enabled) {
            if (!Catalogue.JOB_CONTEXT_LABELS.contains(label)) {
                throw new InvalidConfigException("runner-metrics.job-labels: unknown label '" + label
                        + "'; allowed: " + String.join(", ", Catalogue.JOB_CONTEXT_LABELS));
            }
        }
        try {
            return new JobLabelPolicy(enabled, Pattern.compile(config.jobLabelAllow()), config.jobLabelMaxValues());
        } catch (PatternSyntaxException e) {
            throw new InvalidConfigException("runner-metrics.job-label-allow is not a regular expression: "
                    + e.getDescription());
        }
    }

    /** The shipped cache types with the user's file, if set, tried first. */
    public static List<CacheType> cacheTypes(ExporterConfig config, FileSystem fileSystem) {
        List<CacheType> shipped = CacheTypeFile.shipped();
        if (config.cacheTypesFile().isEmpty()) {
            return shipped;
        }
        Path file = fileSystem.getPath(config.cacheTypesFile().get());
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidConfigException("runner-metrics.cache-types-file: cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        try {
            return CacheTypeFile.withUserTypes(CacheTypeFile.parse(yaml), shipped);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("runner-metrics.cache-types-file " + file + ": " + e.getMessage());
        }
    }

    private static void positive(Duration value, String setting) {
        if (value.isZero() || value.isNegative()) {
            throw new InvalidConfigException(setting + " must be positive, was " + value);
        }
    }
}
