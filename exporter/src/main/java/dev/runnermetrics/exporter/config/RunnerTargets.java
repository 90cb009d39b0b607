package dev.runnermetrics.exporter.config;

import dev.runnermetrics.exporter.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns the configuration into the list of runners to watch. Names come from the runner's own {@code .runner}
 * file when not given (the exporter never opens {@code .credentials*}). A configured directory may be a symbolic link
 * (e.g. {@code /runner -> /home/runner/actions-runner}): it is resolved once here, and below it the exporter follows no
 * link ({@code tail.LogFolder}).
 */
public final class RunnerTargets {


    private RunnerTargets() {
    }

    /** The runner root a sidecar reads when neither RUNNER_DIR nor RUNNERS is set. */
    public static final String DEFAULT_RUNNER_DIR = "/runner";
    /** The RUNNERS value of a hub that watches no runner and only receives GitHub webhooks. */
    public static final String NONE = "none";

    static final Setting RUNNERS = Setting.RUNNERS;
    static final Setting RUNNER_DIR = Setting.RUNNER_DIR;
    static final Setting RUNNER_NAME = Setting.RUNNER_NAME;
    static final String RECEIVER = Setting.WEBHOOK_SECRET + ", " + Setting.WEBHOOK_SECRET_FILE + " or "
            + Setting.WEBHOOK_ALLOW_UNSIGNED;

    /** As {@link #resolve(RunnerMetricsConfig, FileSystem, Supplier, boolean)} with the webhook receiver off. */
    public static List<RunnerTarget> resolve(RunnerMetricsConfig config, FileSystem fs, Supplier<String> hostName) {
        return resolve(config, fs, hostName, false);
    }

    /**
     * The runners to watch; empty only for {@code RUNNERS=none}, which a hub without a runner of its own sets. That
     * is said explicitly rather than guessed from a missing RUNNER_DIR, so a sidecar whose runner folder was not
     * mounted still waits for {@value #DEFAULT_RUNNER_DIR} (not ready) instead of quietly reporting nothing.
     *
     * @param receiverOn whether the GitHub webhook receiver is on; an exporter with neither a runner nor the
     *     receiver would have nothing to report
     * @throws InvalidConfigException naming the setting that is wrong
     */
    public static List<RunnerTarget> resolve(RunnerMetricsConfig config, FileSystem fs, Supplier<String> hostName,
            boolean receiverOn) {
        List<RunnerTarget> targets = new ArrayList<>();
        Optional<String> runners = config.runners().map(String::strip).filter(s -> !s.isEmpty());
        if (runners.isPresent() && runners.get().equalsIgnoreCase(NONE)) {
            return none(config, receiverOn);
        }
        if (runners.isPresent()) {
            for (String entry : runners.get().split(",")) {
                if (entry.strip().equalsIgnoreCase(NONE)) {
                    throw new InvalidConfigException(RUNNERS + ": '" + NONE + "' (no runner, a hub) cannot be listed"
                            + " with runner directories; set RUNNERS=" + NONE + " alone, or list only directories");
                }
                if (!entry.isBlank()) {
                    targets.add(parseEntry(entry.strip(), config, fs, hostName));
                }
            }
            if (targets.isEmpty()) {
                throw new InvalidConfigException(RUNNERS + " lists no runner directory");
            }
        } else {
            Path dir = path(fs, config.runnerDir(), RUNNER_DIR);
            targets.add(target(dir, config.runnerName(), config.runnerType(), hostName));
        }
        Set<String> names = new HashSet<>();
        for (RunnerTarget t : targets) {
            if (!names.add(t.name())) {
                throw new InvalidConfigException(RUNNERS + ": two runners are named '" + t.name()
                        + "'; give each a distinct ;name=");
            }
        }
        return List.copyOf(targets);
    }

    /** RUNNERS=none: settings that name a runner contradict it, and the receiver must be on. */
    private static List<RunnerTarget> none(RunnerMetricsConfig config, boolean receiverOn) {
        // RUNNER_DIR has a default (which the image also sets): only another folder names a runner.
        Optional<String> dir = Optional.ofNullable(config.runnerDir()).map(String::strip)
                .filter(d -> !d.isEmpty() && !Path.of(d).normalize().equals(Path.of(DEFAULT_RUNNER_DIR)));
        for (var setting : List.of(Map.entry(RUNNER_DIR, dir), Map.entry(RUNNER_NAME, config.runnerName()))) {
            if (setting.getValue().filter(v -> !v.isBlank()).isPresent()) {
                throw new InvalidConfigException(RUNNERS + " is " + NONE + " (a hub without a runner) but "
                        + setting.getKey() + " is set to '" + setting.getValue().get() + "': unset it, or unset "
                        + "RUNNERS to watch that runner");
            }
        }
        if (!receiverOn) {
            throw new InvalidConfigException(RUNNERS + " is " + NONE + ", so no runner is watched, but the GitHub "
                    + "webhook receiver is off and there would be nothing to report: turn the receiver on with "
                    + RECEIVER + ", or name a runner with RUNNER_DIR or RUNNERS");
        }
        return List.of();
    }

    /**
     * A hint for an exporter that may be a hub but waits for the default runner folder, which does not exist: the
     * receiver is on, neither RUNNERS nor another RUNNER_DIR is set, and {@code /runner/_diag} is missing. It stays
     * not ready (a sidecar whose mount is missing must), but the log says how to run without a runner.
     */
    public static Optional<String> hubHint(RunnerMetricsConfig config, FileSystem fs, boolean receiverOn) {
        if (!receiverOn || config.runners().filter(r -> !r.isBlank()).isPresent()
                || !fs.getPath(config.runnerDir()).normalize().equals(fs.getPath(DEFAULT_RUNNER_DIR))
                || Files.isDirectory(fs.getPath(DEFAULT_RUNNER_DIR, "_diag"))) {
            return Optional.empty();
        }
        return Optional.of(RUNNER_DIR + " is not set and " + DEFAULT_RUNNER_DIR + "/_diag does not exist: not ready"
                + " until a runner folder is mounted there. For a hub without a runner of its own, set "
                + "RUNNERS=" + NONE);
    }

    private static RunnerTarget parseEntry(String entry, RunnerMetricsConfig config, FileSystem fs,
            Supplier<String> hostName) {
        String[] parts = entry.split(";");
        // An entry of only semicolons splits into nothing (found by RunnerTargetsFuzzTest): no directory.
        Path dir = path(fs, parts.length == 0 ? "" : parts[0].strip(), RUNNERS);
        Optional<String> name = Optional.empty();
        String type = config.runnerType();
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            String key = kv[0].strip();
            String value = kv.length == 2 ? kv[1].strip() : "";
            if (value.isEmpty()) {
                throw new InvalidConfigException(RUNNERS + ": '" + parts[i]
                        + "' in entry '" + entry + "' must be type=VALUE or name=VALUE");
            }
            switch (key) {
                case "type" -> type = value;
                case "name" -> name = Optional.of(value);
                default -> throw new InvalidConfigException(RUNNERS + ": unknown key '" + key
                        + "' in entry '" + entry + "'; expected DIR[;type=TYPE][;name=NAME]");
            }
        }
        return target(dir, name, type, hostName);
    }

    private static RunnerTarget target(Path dir, Optional<String> name, String type, Supplier<String> hostName) {
        if (type.isBlank()) {
            throw Check.invalid(Setting.RUNNER_TYPE, "must not be empty");
        }
        boolean isDiag = dir.getFileName() != null && dir.getFileName().toString().equals("_diag");
        Path root = real(isDiag && dir.getParent() != null ? dir.getParent() : dir);
        // A _diag the user names is followed if it is a link; the one found in a root is not.
        Path diag = isDiag ? real(dir) : root.resolve("_diag");
        String resolvedName = name.filter(n -> !n.isBlank())
                .or(() -> agentName(root))
                .orElseGet(hostName);
        return new RunnerTarget(resolvedName, type, root, diag);
    }

    private static Path path(FileSystem fs, String text, Setting setting) {
        if (text == null || text.isBlank()) {
            throw Check.invalid(setting, "must name a directory");
        }
        try {
            return fs.getPath(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            // e.g. a NUL character (found by RunnerTargetsFuzzTest)
            throw Check.invalid(setting, "is not a valid path: " + e.getReason());
        }
    }

    /**
     * Where a configured directory leads, resolved once at start; as given while it does not exist yet (a mount that
     * comes later), when the kernel follows it at each open instead.
     */
    private static Path real(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException | SecurityException e) {
            return dir;
        }
    }

    /**
     * {@code agentName} from the runner's {@code .runner} JSON (written with a UTF-8 byte order mark), when it is a
     * regular file: a {@code .runner} that is a symbolic link is not followed.
     */
    static Optional<String> agentName(Path root) {
        Path file = root.resolve(".runner");
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            String text;
            try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            // Plain JSON values (json.Json): reading one name loads no databind.
            Object agentName = Json.member(Json.read(text), "agentName");
            return agentName instanceof String name && !name.isBlank() ? Optional.of(name) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
