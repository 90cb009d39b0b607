package dev.runnermetrics.exporter.config;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the runners are found, checked once at start: {@link Mode#STATIC} is the runners configured (runner-dir or
 * runners, {@link RunnerTargets}); {@link Mode#KUBELET} is node mode, every runner pod on this node found by the
 * {@code _diag} emptyDir it mounts, {@code <podsDir>/<pod-uid>/volumes/kubernetes.io~empty-dir/<volume>/}.
 *
 * @param podsDir the kubelet's pods folder, absolute, resolved once (below it no link is followed)
 * @param volume the emptyDir's name (a Kubernetes volume name, so never a path)
 * @param runnerType the type of every runner found (the pods' labels need the Kubernetes API, not built yet)
 */
public record RunnerDiscoverySettings(Mode mode, Path podsDir, String volume, String runnerType) {

    public static final String DEFAULT_PODS_DIR = "/var/lib/kubelet/pods";
    public static final String DEFAULT_VOLUME = "runner-diag";
    /** A Kubernetes volume name: a DNS-1123 label. Checked, so the name can never lead out of the pod's folder. */
    private static final Pattern VOLUME_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

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
        Mode mode = mode(config.runnerDiscovery());
        String api = config.kubernetesApi().strip().toLowerCase(Locale.ROOT);
        if (!api.equals("on") && !api.equals("off")) {
            throw Check.invalid(Setting.KUBERNETES_API, "must be on or off, was '" + config.kubernetesApi() + "'");
        }
        if (api.equals("on")) {
            throw Check.invalid(Setting.KUBERNETES_API, "is on, but reading runner pods from the Kubernetes API is "
                    + "not built yet: set it to off (runners are then named by pod UID, typed by "
                    + Setting.RUNNER_TYPE + ")");
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
        return new RunnerDiscoverySettings(mode, podsDir, volume, config.runnerType().strip());
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
