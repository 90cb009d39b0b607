package dev.runnermetrics.dashboards.output;

/** One generated file: its path below the output folder and its exact content. */
public record Artifact(String path, String content) {
}
