package dev.runnermetrics.exporter.config;

import java.nio.file.Path;

/** One runner the exporter watches: its labels and where its _diag folder is. */
public record RunnerTarget(String name, String type, Path root, Path diagDir) {
}
