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

/**
 * The core's settings, checked and resolved once at start from the root of {@link RunnerMetricsConfig}; nothing reads
 * the configuration after this.
 *
 * @param stateDir where offsets and cumulative counts are kept (absolute)
 * @param cacheTypes the shipped cache types with the user's file, if set, tried first
 * @param nodeSeriesPerRunner node mode: how many pods' counters and histograms may be written per pod at once; 0 none
 */
public record ExporterSettings(Path stateDir, Duration pollInterval, boolean fileEvents, Duration safetyPollInterval,
        Duration stateSaveInterval, int maxLineBytes,
        Duration abandonAfterSilence, Duration abandonGrace, JobLabelPolicy labelPolicy, boolean stepOutput,
        List<CacheType> cacheTypes, int nodeSeriesPerRunner) {

    /** The Quarkus scheduler fires at most once a second; a shorter interval would silently mean 1 s. */
    static final Duration MIN_STATE_SAVE_INTERVAL = Duration.ofSeconds(1);
    static final int MIN_LINE_BYTES = 1024;

    public ExporterSettings {
        cacheTypes = List.copyOf(cacheTypes);
    }

    /** @throws InvalidConfigException naming the setting that is wrong */
    public static ExporterSettings resolve(RunnerMetricsConfig config, FileSystem fileSystem) {
        Duration pollInterval = Check.positive(Setting.POLL_INTERVAL, config.pollInterval());
        return new ExporterSettings(fileSystem.getPath(config.stateDir()).toAbsolutePath(), pollInterval,
                config.fileEvents(),
                Check.atLeast(Setting.SAFETY_POLL_INTERVAL, config.safetyPollInterval(), pollInterval),
                Check.atLeast(Setting.STATE_SAVE_INTERVAL, config.stateSaveInterval(), MIN_STATE_SAVE_INTERVAL),
                Check.atLeast(Setting.MAX_LINE_BYTES, config.maxLineBytes(), MIN_LINE_BYTES),
                Check.positive(Setting.ABANDON_AFTER_SILENCE, config.abandonAfterSilence()),
                Check.notNegative(Setting.ABANDON_GRACE, config.abandonGrace()),
                labelPolicy(config), config.stepOutput(), cacheTypes(config, fileSystem),
                Check.atLeast(Setting.NODE_SERIES_PER_RUNNER, config.nodeSeriesPerRunner(), 0));
    }

    /** Refuses per-pod series where runners do not come and go: they are per runner there anyway. */
    public void checkNodeMode(boolean nodeMode) {
        if (nodeSeriesPerRunner > 0 && !nodeMode) {
            throw Check.invalid(Setting.NODE_SERIES_PER_RUNNER, "is " + nodeSeriesPerRunner + ", but only node mode ("
                    + Setting.RUNNER_DISCOVERY + "=kubelet) writes counters per runner type; outside it they are "
                    + "per runner already");
        }
    }

    static JobLabelPolicy labelPolicy(RunnerMetricsConfig config) {
        List<String> enabled = Check.entries(config.jobLabels());
        for (String label : enabled) {
            if (!Catalogue.JOB_CONTEXT_LABELS.contains(label)) {
                throw Check.invalid(Setting.JOB_LABELS, ": unknown label '" + label + "'; allowed: "
                        + String.join(", ", Catalogue.JOB_CONTEXT_LABELS));
            }
        }
        return new JobLabelPolicy(enabled, Check.regex(Setting.JOB_LABEL_ALLOW, config.jobLabelAllow()),
                Check.atLeast(Setting.JOB_LABEL_MAX_VALUES, config.jobLabelMaxValues(), 1));
    }

    static List<CacheType> cacheTypes(RunnerMetricsConfig config, FileSystem fileSystem) {
        List<CacheType> shipped = CacheTypeFile.shipped();
        if (Check.text(config.cacheTypesFile()).isEmpty()) {
            return shipped;
        }
        Path file = fileSystem.getPath(config.cacheTypesFile().get().strip());
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw Check.invalid(Setting.CACHE_TYPES_FILE, "cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        try {
            return CacheTypeFile.withUserTypes(CacheTypeFile.parse(yaml), shipped);
        } catch (IllegalArgumentException e) {
            throw Check.invalid(Setting.CACHE_TYPES_FILE, file + ": " + e.getMessage());
        }
    }
}
