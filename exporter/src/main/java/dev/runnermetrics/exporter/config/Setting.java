package dev.runnermetrics.exporter.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Every setting of {@link RunnerMetricsConfig}, named once: its property and the environment variable users of
 * runner images set. Messages about a setting print {@link #toString()}, so each error names both the same way.
 * {@code SettingTest} checks this list against the configuration tree.
 */
public enum Setting {
    RUNNER_DIR("runner-dir", "RUNNER_DIR"),
    RUNNER_NAME("runner-name", "RUNNER_NAME"),
    RUNNER_TYPE("runner-type", "RUNNER_TYPE"),
    RUNNERS("runners", "RUNNERS"),
    RUNNER_DISCOVERY("runner-discovery", "RUNNER_DISCOVERY"),
    KUBELET_PODS_DIR("kubelet-pods-dir", "KUBELET_PODS_DIR"),
    RUNNER_DIAG_VOLUME("runner-diag-volume", "RUNNER_DIAG_VOLUME"),
    KUBERNETES_API("kubernetes-api", "KUBERNETES_API"),
    NODE_NAME("node-name", "NODE_NAME"),
    KUBERNETES_API_URL("kubernetes-api-url", "KUBERNETES_API_URL"),
    KUBERNETES_TOKEN_FILE("kubernetes-token-file"),
    KUBERNETES_CA_FILE("kubernetes-ca-file"),
    NODE_SERIES_PER_RUNNER("node-series-per-runner", "NODE_SERIES_PER_RUNNER"),
    STATE_DIR("state-dir", "STATE_DIR"),
    POLL_INTERVAL("poll-interval"),
    FILE_EVENTS("file-events"),
    SAFETY_POLL_INTERVAL("safety-poll-interval"),
    STATE_SAVE_INTERVAL("state-save-interval"),
    MAX_LINE_BYTES("max-line-bytes"),
    ABANDON_AFTER_SILENCE("abandon-after-silence"),
    ABANDON_GRACE("abandon-grace"),
    JOB_LABELS("job-labels"),
    JOB_LABEL_ALLOW("job-label-allow"),
    JOB_LABEL_MAX_VALUES("job-label-max-values"),
    STEP_OUTPUT("step-output"),
    CACHE_TYPES_FILE("cache-types-file"),

    BASIC_AUTH_USERNAME("basic-auth.username"),
    BASIC_AUTH_PASSWORD("basic-auth.password"),
    BASIC_AUTH_PASSWORD_FILE("basic-auth.password-file"),
    TLS_CERT_FILE("tls.cert-file"),
    TLS_KEY_FILE("tls.key-file"),
    TLS_RELOAD_PERIOD("tls.reload-period"),
    CORS_ORIGINS("cors.origins"),

    WEBHOOK_SECRET("webhook.secret", "GITHUB_WEBHOOK_SECRET"),
    WEBHOOK_SECRET_FILE("webhook.secret-file"),
    WEBHOOK_ALLOW_UNSIGNED("webhook.allow-unsigned"),
    WEBHOOK_QUEUE_CAPACITY("webhook.queue-capacity"),
    WEBHOOK_PORT("webhook.port", "WEBHOOK_PORT"),
    WEBHOOK_REMEMBER_DELIVERIES("webhook.remember-deliveries"),

    GITHUB_RUNNER_TYPES("github.runner-types"),
    GITHUB_JOB_LABELS("github.job-labels"),
    GITHUB_LABEL_ALLOW("github.label-allow"),
    GITHUB_LABEL_MAX_VALUES("github.label-max-values"),
    GITHUB_DEPLOYMENT_JOB_PATTERN("github.deployment-job-pattern"),
    GITHUB_PRODUCTION_PATTERN("github.production-pattern"),
    GITHUB_MAX_TRACKED_JOBS("github.max-tracked-jobs"),

    API_ENABLED("github-api.enabled"),
    API_BASE_URL("github-api.base-url"),
    API_ORG("github-api.org"),
    API_REPOSITORY("github-api.repository"),
    API_TOKEN("github-api.token", "GITHUB_TOKEN"),
    API_TOKEN_FILE("github-api.token-file"),
    API_APP_ID("github-api.app-id"),
    API_APP_INSTALLATION_ID("github-api.app-installation-id"),
    API_APP_PRIVATE_KEY_FILE("github-api.app-private-key-file"),
    API_POLL_INTERVAL("github-api.poll-interval"),
    API_QUEUE_TIME("github-api.queue-time"),
    API_QUEUE_TIME_CAPACITY("github-api.queue-time-capacity"),
    API_QUEUE_TIME_MAX_AGE("github-api.queue-time-max-age"),
    API_MAX_RUNNER_NAMES("github-api.max-runner-names");

    /** The root of the tree; every setting's property starts with it. */
    public static final String PREFIX = "runner-metrics";

    private final String property;
    private final Optional<String> alias;

    Setting(String path) {
        this.property = PREFIX + "." + path;
        this.alias = Optional.empty();
    }

    Setting(String path, String alias) {
        this.property = PREFIX + "." + path;
        this.alias = Optional.of(alias);
    }

    /** The property, e.g. {@code runner-metrics.poll-interval}. */
    public String property() {
        return property;
    }

    /** The short environment variable runner images know (RUNNER_DIR, GITHUB_TOKEN …), if there is one. */
    public Optional<String> alias() {
        return alias;
    }

    /** The environment variable that sets it: the short alias, else the property's own environment form. */
    public String env() {
        return alias.orElseGet(() -> property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }

    /** How every message names it: {@code runner-metrics.poll-interval (RUNNER_METRICS_POLL_INTERVAL)}. */
    @Override
    public String toString() {
        return property + " (" + env() + ")";
    }
}
