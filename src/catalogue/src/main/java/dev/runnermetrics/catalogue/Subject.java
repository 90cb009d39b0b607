package dev.runnermetrics.catalogue;

/**
 * What a metric family is about, declared with it in {@link Catalogue#SUBJECTS}: docs/METRICS.md gives each subject
 * a section, and tests pick the families of one source by it instead of guessing from names.
 */
public enum Subject {
    /** A runner, from its own {@code _diag} logs and its jobs' step output. */
    RUNNER,
    /** Workflow jobs as GitHub reports them (webhooks): queue time, conclusions, queued and running jobs. */
    GITHUB_JOBS,
    /** A repository's deployments (DORA), from GitHub deployments or configured deployment jobs. */
    DEPLOYMENTS,
    /** The exporter reading a runner's files: sources, parse errors, state. */
    EXPORTER,
    /** The exporter taking in GitHub data: webhook deliveries and what it could not use. */
    GITHUB_INTAKE
}
