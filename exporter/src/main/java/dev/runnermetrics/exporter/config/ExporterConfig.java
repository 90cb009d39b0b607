package dev.runnermetrics.exporter.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the exporter can be told. The environment variables users of runner images know (RUNNER_DIR,
 * RUNNER_NAME, RUNNER_TYPE, RUNNERS, STATE_DIR) are mapped onto these by {@link EnvAliases}; every property can also
 * be set as RUNNER_METRICS_&lt;NAME&gt;.
 */
@ConfigMapping(prefix = "runner-metrics")
public interface ExporterConfig {

    /** Runner root (the folder holding _diag) or the _diag folder itself. Env RUNNER_DIR. */
    @WithDefault(RunnerTargets.DEFAULT_RUNNER_DIR)
    String runnerDir();

    /** Defaults to agentName in the runner's .runner file, else the host name. Env RUNNER_NAME. */
    Optional<String> runnerName();

    /** Free-form runner class such as standard, chrome or chrome-go. Env RUNNER_TYPE. */
    @WithDefault("standard")
    String runnerType();

    /**
     * Multi-runner mode, env RUNNERS: comma-separated entries {@code DIR[;type=TYPE][;name=NAME]}. When set,
     * runner-dir and runner-name are ignored and runner-type is the default type. {@code none}: no runner at all, for
     * a hub that only receives GitHub webhooks (the receiver must then be on; see {@link RunnerTargets}).
     */
    Optional<String> runners();

    /** Where offsets and cumulative counts are kept. Env STATE_DIR. */
    @WithDefault("/var/lib/runner-metrics")
    String stateDir();

    /** How often the logs are polled for new lines. */
    @WithDefault("250ms")
    Duration pollInterval();

    /** How often the state file is written when something changed. */
    @WithDefault("2s")
    Duration stateSaveInterval();

    /** Lines longer than this many bytes are skipped and counted. */
    @WithDefault("1048576")
    int maxLineBytes();

    /**
     * A job with no completion line is closed as abandoned when the runner shows it moved on, or when neither log
     * has mentioned it for this long (a running worker logs every few seconds).
     */
    @WithDefault("30m")
    Duration abandonAfterSilence();

    /** How long a job the runner moved on from waits for a late result from its Worker log. */
    @WithDefault("3s")
    Duration abandonGrace();

    /** Opt-in context labels on job metrics (any of repository, workflow, job). Empty by default. */
    Optional<List<String>> jobLabels();

    /** Regular expression a context label value must match to be kept; others become "other". */
    @WithDefault(".*")
    String jobLabelAllow();

    /** Distinct values kept per context label and runner; later new values become "other". */
    @WithDefault("50")
    int jobLabelMaxValues();

    /** Read the jobs' step output (_diag/pages, _diag/blocks) for cache hit and miss counts. */
    @WithDefault("true")
    boolean stepOutput();

    /** A YAML file of cache types to recognise besides (or instead of) the shipped ones. */
    Optional<String> cacheTypesFile();
}
