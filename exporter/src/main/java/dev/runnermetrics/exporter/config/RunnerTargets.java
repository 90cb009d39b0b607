package dev.runnermetrics.exporter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns the configuration into the list of runners to watch. Names come from the runner's own {@code .runner}
 * file when not given (the exporter never opens {@code .credentials*}).
 */
public final class RunnerTargets {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunnerTargets() {
    }

    /** @throws InvalidConfigException naming the setting that is wrong */
    public static List<RunnerTarget> resolve(ExporterConfig config, FileSystem fs, Supplier<String> hostName) {
        List<RunnerTarget> targets = new ArrayList<>();
        if (config.runners().isPresent() && !config.runners().get().isBlank()) {
            for (String entry : config.runners().get().split(",")) {
                if (!entry.isBlank()) {
                    targets.add(parseEntry(entry.strip(), config, fs, hostName));
                }
            }
            if (targets.isEmpty()) {
                throw new InvalidConfigException("runner-metrics.runners (RUNNERS) lists no runner directory");
            }
        } else {
            Path dir = path(fs, config.runnerDir(), "runner-metrics.runner-dir (RUNNER_DIR)");
            targets.add(target(dir, config.runnerName(), config.runnerType(), hostName));
        }
        Set<String> names = new HashSet<>();
        for (RunnerTarget t : targets) {
            if (!names.add(t.name())) {
                throw new InvalidConfigException("runner-metrics.runners (RUNNERS): two runners are named '" + t.name()
                        + "'; give each a distinct ;name=");
            }
        }
        return List.copyOf(targets);
    }

    private static RunnerTarget parseEntry(String entry, ExporterConfig config, FileSystem fs,
            Supplier<String> hostName) {
        String[] parts = entry.split(";");
        // An entry of only semicolons splits into nothing (found by RunnerTargetsFuzzTest): no directory.
        Path dir = path(fs, parts.length == 0 ? "" : parts[0].strip(), "runner-metrics.runners (RUNNERS)");
        Optional<String> name = Optional.empty();
        String type = config.runnerType();
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            String key = kv[0].strip();
            String value = kv.length == 2 ? kv[1].strip() : "";
            if (value.isEmpty()) {
                throw new InvalidConfigException("runner-metrics.runners (RUNNERS): '" + parts[i]
                        + "' in entry '" + entry + "' must be type=VALUE or name=VALUE");
            }
            switch (key) {
                case "type" -> type = value;
                case "name" -> name = Optional.of(value);
                default -> throw new InvalidConfigException("runner-metrics.runners (RUNNERS): unknown key '" + key
                        + "' in entry '" + entry + "'; expected DIR[;type=TYPE][;name=NAME]");
            }
        }
        return target(dir, name, type, hostName);
    }

    private static RunnerTarget target(Path dir, Optional<String> name, String type, Supplier<String> hostName) {
        if (type.isBlank()) {
            throw new InvalidConfigException("runner-metrics.runner-type (RUNNER_TYPE) must not be empty");
        }
        boolean isDiag = dir.getFileName() != null && dir.getFileName().toString().equals("_diag");
        Path root = isDiag && dir.getParent() != null ? dir.getParent() : dir;
        Path diag = isDiag ? dir : dir.resolve("_diag");
        String resolvedName = name.filter(n -> !n.isBlank())
                .or(() -> agentName(root))
                .orElseGet(hostName);
        return new RunnerTarget(resolvedName, type, root, diag);
    }

    private static Path path(FileSystem fs, String text, String setting) {
        if (text == null || text.isBlank()) {
            throw new InvalidConfigException(setting + " must name a directory");
        }
        try {
            return fs.getPath(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            // e.g. a NUL character (found by RunnerTargetsFuzzTest)
            throw new InvalidConfigException(setting + " is not a valid path: " + e.getReason());
        }
    }

    /** {@code agentName} from the runner's {@code .runner} JSON (written with a UTF-8 byte order mark). */
    static Optional<String> agentName(Path root) {
        Path file = root.resolve(".runner");
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            JsonNode node = JSON.readTree(text);
            JsonNode agentName = node == null ? null : node.get("agentName");
            return agentName != null && agentName.isTextual() && !agentName.asText().isBlank()
                    ? Optional.of(agentName.asText())
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
