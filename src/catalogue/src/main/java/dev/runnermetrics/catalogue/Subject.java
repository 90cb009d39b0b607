package dev.runnermetrics.catalogue;

/**
 * What a metric family is about, declared with it in {@link Catalogue#SUBJECTS}: docs/METRICS.md gives each subject
 * a section, and tests pick the families of one source by it instead of guessing from names.
 */
public enum Subject {
    /** A runner, from its own {@code _diag} logs and its jobs' step output. */
    RUNNER,
    /** Workflow jobs as GitHub reports them (webhooks, or the REST API for a sidecar's jobs): queue time, conclusions, queued and running jobs. */
    GITHUB_JOBS,
    /** A repository's deployments (DORA), from GitHub deployments or configured deployment jobs. */
    DEPLOYMENTS,
    /** The exporter reading a runner's files: sources, parse errors, state. */
    EXPORTER,
    /** Self-hosted runners as GitHub's REST API lists them for an organisation or repository. */
    GITHUB_FLEET,
    /** The exporter taking in GitHub data: webhook deliveries, REST API requests, and what it could not use. */
    GITHUB_INTAKE,
    /** The exporter process itself: CPU time, memory, open files (Linux, from /proc). */
    PROCESS
}
