package dev.runnermetrics.exporter.github.model;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * How GitHub figures are labelled and which jobs are deployments, for the webhook hub and for deployments derived
 * from Worker logs alike. Every property can be set as an environment variable RUNNER_METRICS_GITHUB_&lt;NAME&gt;.
 * {@link GithubSettings#from} checks the values at start.
 */
@ConfigMapping(prefix = "runner-metrics.github")
public interface GithubConfig {

    String PREFIX = "runner-metrics.github.";

    /** {@code name=type} entries: runners that are ours besides the ones this exporter watches. */
    Optional<List<String>> runnerTypes();

    /** Opt-in labels of the workflow_job figures: runs_on, repository. */
    Optional<List<String>> jobLabels();

    /** Values of capped labels must match this regular expression, else they become "other". */
    @WithDefault(".*")
    String labelAllow();

    /** Distinct values kept per capped label (runner_group, runs_on, repository, environment). */
    @WithDefault("50")
    int labelMaxValues();

    /** A finished job whose name matches is a deployment (DevLake's deploymentPattern); unset: none is. */
    Optional<String> deploymentJobPattern();

    /** Environments that count for DORA (DevLake's productionPattern). */
    @WithDefault("(?i).*prod.*")
    String productionPattern();

    /** Workflow jobs remembered by the webhook hub (for out-of-order events and the gauges). */
    @WithDefault("20000")
    int maxTrackedJobs();
}
