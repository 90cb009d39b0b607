package dev.runnermetrics.exporter.config;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
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

    private static void positive(Duration value, String setting) {
        if (value.isZero() || value.isNegative()) {
            throw new InvalidConfigException(setting + " must be positive, was " + value);
        }
    }
}
