package dev.runnermetrics.exporter.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.FileSystem;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How the runners are found, checked once at start: {@link Mode#STATIC} is the runners configured (runner-dir or
 * runners, {@link RunnerTargets}); {@link Mode#KUBELET} is node mode, every runner pod on this node found by the
 * {@code _diag} emptyDir it mounts, {@code <podsDir>/<pod-uid>/volumes/kubernetes.io~empty-dir/<volume>/}.
 *
 * @param podsDir the kubelet's pods folder, absolute, resolved once (below it no link is followed)
 * @param volume the emptyDir's name (a Kubernetes volume name, so never a path)
 * @param runnerType the type of a runner whose pod has no {@code runner-metrics/type} label, or of every runner
 *     without the Kubernetes API
 * @param api where to ask the Kubernetes API who the pods are (node mode with kubernetes-api on), else empty
 */
public record RunnerDiscoverySettings(Mode mode, Path podsDir, String volume, String runnerType,
        Optional<KubernetesApi> api) {

    /**
     * How the Kubernetes API is asked for this node's pods.
     *
     * @param url the API server, http(s), without a trailing slash
     * @param nodeName this node's name (the pods' spec.nodeName)
     * @param tokenFile the bearer token, read again for each request (bound service account tokens rotate)
     * @param caFile the API server's CA certificates (PEM), for https
     */
    public record KubernetesApi(URI url, String nodeName, Path tokenFile, Path caFile) {
    }

    public RunnerDiscoverySettings(Mode mode, Path podsDir, String volume, String runnerType) {
        this(mode, podsDir, volume, runnerType, Optional.empty());
    }

    public static final String DEFAULT_PODS_DIR = "/var/lib/kubelet/pods";
    public static final String DEFAULT_VOLUME = "runner-diag";
    /** A Kubernetes volume name: a DNS-1123 label. Checked, so the name can never lead out of the pod's folder. */
    private static final Pattern VOLUME_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** A node name: a DNS-1123 subdomain. Checked, so it goes into the field selector as it is. */
    private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    public enum Mode {
        STATIC, KUBELET;

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean kubelet() {
        return mode == Mode.KUBELET;
    }

    /** @throws InvalidConfigException naming the setting that is wrong */
    public static RunnerDiscoverySettings resolve(RunnerMetricsConfig config, FileSystem fs) {
        return resolve(config, fs, System::getenv);
    }

    /** @param env the process environment (the in-cluster API server's address is there) */
    public static RunnerDiscoverySettings resolve(RunnerMetricsConfig config, FileSystem fs,
            Function<String, String> env) {
        Mode mode = mode(config.runnerDiscovery());
        String api = config.kubernetesApi().strip().toLowerCase(Locale.ROOT);
        if (!api.equals("on") && !api.equals("off")) {
            throw Check.invalid(Setting.KUBERNETES_API, "must be on or off, was '" + config.kubernetesApi() + "'");
        }
        String volume = config.runnerDiagVolume().strip();
        if (!VOLUME_NAME.matcher(volume).matches()) {
            throw Check.invalid(Setting.RUNNER_DIAG_VOLUME, "must be a Kubernetes volume name (lower-case letters, "
                    + "digits and '-', at most 63), was '" + config.runnerDiagVolume() + "'");
        }
        Path podsDir = podsDir(config.kubeletPodsDir(), fs);
        if (mode == Mode.KUBELET) {
            if (config.runnerType().isBlank()) {
                throw Check.invalid(Setting.RUNNER_TYPE, "must not be empty");
            }
            refuseStaticRunners(config);
        }
        Optional<KubernetesApi> kubernetes = Optional.empty();
        if (api.equals("on")) {
            if (mode != Mode.KUBELET) {
                throw Check.invalid(Setting.KUBERNETES_API, "is on, but " + Setting.RUNNER_DISCOVERY + " is not "
                        + "kubelet: the Kubernetes API names the pods of node mode only");
            }
            kubernetes = Optional.of(kubernetesApi(config, fs, env));
        }
        return new RunnerDiscoverySettings(mode, podsDir, volume, config.runnerType().strip(), kubernetes);
    }

    private static KubernetesApi kubernetesApi(RunnerMetricsConfig config, FileSystem fs,
            Function<String, String> env) {
        String node = Check.text(config.nodeName()).orElseThrow(() -> Check.invalid(Setting.NODE_NAME, "must be set "
                + "when " + Setting.KUBERNETES_API + " is on: the DaemonSet sets it from the downward API "
                + "(fieldRef spec.nodeName)"));
        if (!NODE_NAME.matcher(node).matches()) {
            throw Check.invalid(Setting.NODE_NAME, "must be a Kubernetes node name, was '" + node + "'");
        }
        URI url;
        Optional<String> configured = Check.text(config.kubernetesApiUrl());
        if (configured.isPresent()) {
            try {
                url = new URI(configured.get().replaceAll("/+$", ""));
            } catch (URISyntaxException e) {
                throw Check.invalid(Setting.KUBERNETES_API_URL, "is not a URL: " + e.getMessage());
            }
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null
                    || url.getRawQuery() != null) {
                throw Check.invalid(Setting.KUBERNETES_API_URL, "must be an http(s) URL of the API server, was '"
                        + configured.get() + "'");
            }
        } else {
            String host = env.apply("KUBERNETES_SERVICE_HOST");
            String port = env.apply("KUBERNETES_SERVICE_PORT");
            if (host == null || host.isBlank() || port == null || port.isBlank()) {
                throw Check.invalid(Setting.KUBERNETES_API_URL, "is not set and KUBERNETES_SERVICE_HOST/PORT are "
                        + "not either (not in a cluster): set it to the API server's URL");
            }
            url = URI.create("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port.strip());
        }
        Path token = file(Setting.KUBERNETES_TOKEN_FILE, config.kubernetesTokenFile(), fs);
        Path ca = file(Setting.KUBERNETES_CA_FILE, config.kubernetesCaFile(), fs);
        if (url.getScheme().equals("https")) {
            // Without them every request would fail; plain http (kubectl proxy) needs neither.
            for (var f : List.of(Map.entry(Setting.KUBERNETES_TOKEN_FILE, token),
                    Map.entry(Setting.KUBERNETES_CA_FILE, ca))) {
                if (!Files.isReadable(f.getValue())) {
                    throw Check.invalid(f.getKey(), "cannot be read: " + f.getValue() + " (the pod's service "
                            + "account is mounted there in a cluster; automountServiceAccountToken must not be false)");
                }
            }
        }
        return new KubernetesApi(url, node, token, ca);
    }

    private static Path file(Setting setting, String text, FileSystem fs) {
        try {
            return fs.getPath(text.strip()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw Check.invalid(setting, "is not a valid path: " + e.getReason());
        }
    }

    private static Mode mode(String text) {
        for (Mode m : Mode.values()) {
            if (m.value().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw Check.invalid(Setting.RUNNER_DISCOVERY, "must be static or kubelet, was '" + text + "'");
    }

    private static Path podsDir(String text, FileSystem fs) {
        if (text.isBlank()) {
            throw Check.invalid(Setting.KUBELET_PODS_DIR, "must name a directory");
        }
        Path dir;
        try {
            dir = fs.getPath(text.strip()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw Check.invalid(Setting.KUBELET_PODS_DIR, "is not a valid path: " + e.getReason());
        }
        try {
            // Resolved once, as a runner root is: a host whose kubelet folder is a link is read where it leads.
            return dir.toRealPath();
        } catch (IOException | SecurityException e) {
            return dir; // not there yet: read once it is
        }
    }

    /** Settings that name runners of their own contradict discovery on the node. */
    private static void refuseStaticRunners(RunnerMetricsConfig config) {
        Optional<String> dir = Optional.ofNullable(config.runnerDir()).map(String::strip)
                .filter(d -> !d.isEmpty() && !Path.of(d).normalize().equals(Path.of(RunnerTargets.DEFAULT_RUNNER_DIR)));
        for (var setting : List.of(Map.entry(Setting.RUNNERS, config.runners()), Map.entry(Setting.RUNNER_DIR, dir),
                Map.entry(Setting.RUNNER_NAME, config.runnerName()))) {
            if (setting.getValue().filter(v -> !v.isBlank()).isPresent()) {
                throw new InvalidConfigException(Setting.RUNNER_DISCOVERY + " is kubelet (every runner pod on the "
                        + "node is found under " + Setting.KUBELET_PODS_DIR + ") but " + setting.getKey() + " is set "
                        + "to '" + setting.getValue().get() + "': unset it, or set " + Setting.RUNNER_DISCOVERY
                        + "=static");
            }
        }
    }
}
