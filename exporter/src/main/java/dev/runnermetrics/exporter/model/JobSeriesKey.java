package dev.runnermetrics.exporter.model;

/** Labels of one job series; context labels are "" unless the user opted in. */
public record JobSeriesKey(String result, String repository, String workflow, String job) {
}
