package dev.runnermetrics.exporter.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one configuration tree: everything the exporter can be told, under {@code runner-metrics.*}, with a nested
 * group per part (endpoint security, webhook receiver, GitHub figures, REST API client). {@link Setting} names each
 * property once; the parts check their group at start ({@link Check}) and keep only immutable settings
 * ({@link ExporterSettings}, and each feature's own settings record). The environment variables users of runner images
 * know (RUNNER_DIR, RUNNER_NAME, RUNNER_TYPE, RUNNERS, STATE_DIR) are mapped onto these by {@link EnvAliases}
 * (GITHUB_WEBHOOK_SECRET, WEBHOOK_PORT and GITHUB_TOKEN by application.properties); every property can also be set as
 * RUNNER_METRICS_&lt;NAME&gt;.
 */
@ConfigMapping(prefix = Setting.PREFIX)
public interface RunnerMetricsConfig {

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

    /**
     * How the runners are found, env RUNNER_DISCOVERY: {@code static} (runner-dir or runners, as configured) or
     * {@code kubelet} (node mode: every runner pod on this node, by its {@code _diag} emptyDir under kubelet-pods-dir;
     * see {@link RunnerDiscoverySettings}).
     */
    @WithDefault("static")
    String runnerDiscovery();

    /** Node mode: the kubelet's pods folder, mounted read-only. Env KUBELET_PODS_DIR. */
    @WithDefault(RunnerDiscoverySettings.DEFAULT_PODS_DIR)
    String kubeletPodsDir();

    /** Node mode: the name of the emptyDir volume each runner pod mounts as its _diag. Env RUNNER_DIAG_VOLUME. */
    @WithDefault(RunnerDiscoverySettings.DEFAULT_VOLUME)
    String runnerDiagVolume();

    /**
     * Node mode: whether pod names, types and namespaces come from the Kubernetes API ({@code on}) or the pod UID and
     * runner-type name the runners ({@code off}). Env KUBERNETES_API.
     */
    @WithDefault("off")
    String kubernetesApi();

    /** Node mode with the Kubernetes API: this node's name, whose pods are listed. Env NODE_NAME (downward API). */
    Optional<String> nodeName();

    /**
     * Node mode with the Kubernetes API: the API server; unset, the in-cluster one
     * (https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT). Env KUBERNETES_API_URL.
     */
    Optional<String> kubernetesApiUrl();

    /** Node mode with the Kubernetes API: the bearer token file, read again for every request (tokens rotate). */
    @WithDefault("/var/run/secrets/kubernetes.io/serviceaccount/token")
    String kubernetesTokenFile();

    /** Node mode with the Kubernetes API: the API server's CA certificates (PEM), for an https URL. */
    @WithDefault("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt")
    String kubernetesCaFile();

    /**
     * Node mode: at most this many runner pods at once whose counters and histograms are written per pod (with
     * runner_name) instead of in their type's series; 0 (the default) writes every pod's in its type's. Env
     * NODE_SERIES_PER_RUNNER.
     */
    @WithDefault("0")
    int nodeSeriesPerRunner();

    /** Where offsets and cumulative counts are kept. Env STATE_DIR. */
    @WithDefault("/var/lib/runner-metrics")
    String stateDir();

    /**
     * How often the logs are read while they change: after a file event, until they have been quiet for the abandon
     * grace and the 2-second idle rule.
     */
    @WithDefault("250ms")
    Duration pollInterval();

    /**
     * Whether the kernel's file events (inotify) wake the reader when a log changes. Off: the logs are read every
     * safety-poll-interval only (file systems without events, such as NFS, get nothing else either).
     */
    @WithDefault("true")
    boolean fileEvents();

    /**
     * How often the logs are read when no file event came, so a file system without events, a missed event or a
     * job silent for abandon-after-silence is still seen.
     */
    @WithDefault("10s")
    Duration safetyPollInterval();

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

    // --- How the HTTP endpoint is secured; everything is off by default, so a plain sidecar serves /metrics over
    // HTTP to anyone who can reach the port. EndpointConfigSourceFactory turns these into Quarkus' own properties;
    // security.EndpointSecurity refuses wrong combinations at start. The bind address is Quarkus'
    // quarkus.http.host, env METRICS_BIND_ADDRESS.

    /** Basic auth on everything but health. On when a user name is set. */
    BasicAuth basicAuth();

    /** TLS on the metrics port, from PEM files. On when a certificate is set; plain HTTP is then refused. */
    Tls tls();

    /** CORS for browser clients. On when origins are set. */
    Cors cors();

    interface BasicAuth {

        /** Env RUNNER_METRICS_BASIC_AUTH_USERNAME. */
        Optional<String> username();

        /** Env RUNNER_METRICS_BASIC_AUTH_PASSWORD; exclusive with password-file. */
        Optional<String> password();

        /** A file holding the password (a mounted secret), read at every check so a rotated secret applies. */
        Optional<String> passwordFile();
    }

    interface Tls {

        /** PEM certificate chain, server certificate first. Env RUNNER_METRICS_TLS_CERT_FILE. */
        Optional<String> certFile();

        /** Unencrypted PEM private key (PKCS#8 or PKCS#1). Env RUNNER_METRICS_TLS_KEY_FILE. */
        Optional<String> keyFile();

        /** How often the files are re-read, so renewed certificates apply without a restart. Unset: never. */
        Optional<Duration> reloadPeriod();
    }

    interface Cors {

        /** Exact origins such as https://grafana.example.org, comma-separated. Env RUNNER_METRICS_CORS_ORIGINS. */
        Optional<List<String>> origins();
    }

    /** The GitHub webhook receiver, {@code runner-metrics.webhook.*}. */
    Webhook webhook();

    /** How GitHub figures are labelled and which jobs are deployments, {@code runner-metrics.github.*}. */
    Github github();

    /** The optional GitHub REST API client, {@code runner-metrics.github-api.*}. */
    GithubApi githubApi();

    /**
     * The GitHub webhook receiver ({@code POST /webhooks/github}). Off unless a secret is configured or unsigned
     * deliveries are explicitly allowed; the receiver's settings check the combination at start.
     * {@code GITHUB_WEBHOOK_SECRET} sets {@code secret} and {@code WEBHOOK_PORT} sets {@code port}
     * (application.properties maps both).
     */
    interface Webhook {

        /** The webhook's secret. Env GITHUB_WEBHOOK_SECRET or RUNNER_METRICS_WEBHOOK_SECRET; not with secret-file. */
        Optional<String> secret();

        /** A file holding the secret (a mounted Kubernetes or Docker secret); line breaks at its end are ignored. */
        Optional<String> secretFile();

        /** Without a secret: accept deliveries without any signature check. For a trusted network only. */
        @WithDefault("false")
        boolean allowUnsigned();

        /** Verified deliveries waiting for the worker; when full, refused with 503 (GitHub can redeliver). */
        @WithDefault("1000")
        int queueCapacity();

        /**
         * A port of its own for the receiver (env WEBHOOK_PORT), so only it can be exposed to GitHub; it is then
         * served there only, and METRICS_PORT keeps /metrics and health. Unset: served on METRICS_PORT. Text, so that
         * a wrong value is refused with this setting's name rather than a conversion error.
         */
        Optional<String> port();

        /** How many recent X-GitHub-Delivery ids are remembered (in STATE_DIR) so a redelivery is counted once. */
        @WithDefault("10000")
        int rememberDeliveries();
    }

    /**
     * How GitHub figures are labelled and which jobs are deployments, for the webhook hub and for deployments derived
     * from Worker logs alike.
     */
    interface Github {

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

    /**
     * The optional GitHub REST API client: fleet runner status and, in a sidecar, queue time of the jobs seen in the
     * logs. Off unless {@code enabled}. {@code GITHUB_TOKEN} sets {@code token} (application.properties maps it), but
     * only counts once the client is on.
     */
    interface GithubApi {

        @WithDefault("false")
        boolean enabled();

        /** https://api.github.com, or a GitHub Enterprise Server's https://HOST/api/v3. */
        @WithDefault("https://api.github.com")
        String baseUrl();

        /** Fleet status of this organisation's runners; exclusive with repository. */
        Optional<String> org();

        /** Fleet status of this repository's runners (owner/name); exclusive with org. */
        Optional<String> repository();

        /** A personal access token or other token. Env GITHUB_TOKEN; exclusive with token-file and the App. */
        Optional<String> token();

        /** A file holding the token (a mounted secret), read at every request so a rotated token applies. */
        Optional<String> tokenFile();

        /** GitHub App: its id (or client id), used as the JWT's issuer. */
        Optional<String> appId();

        /** GitHub App: the installation whose token the exporter asks for. */
        Optional<Long> appInstallationId();

        /** GitHub App: the private key file GitHub hands out (PEM, PKCS#1 "RSA PRIVATE KEY" or PKCS#8). */
        Optional<String> appPrivateKeyFile();

        /** How often the fleet's runners are listed. */
        @WithDefault("60s")
        Duration pollInterval();

        /** Queue time of the jobs seen in the Worker logs; default: on unless the webhook receiver is on. */
        Optional<Boolean> queueTime();

        /** Jobs waiting for their queue-time lookup; beyond it lookups are dropped and counted. */
        @WithDefault("100")
        int queueTimeCapacity();

        /** Jobs whose job message is older than this when read (the first read of old logs) are not looked up. */
        @WithDefault("1h")
        Duration queueTimeMaxAge();

        /** Distinct runner_name values of the fleet gauges; later new names become "other". */
        @WithDefault("1000")
        int maxRunnerNames();
    }
}
