package dev.runnermetrics.exporter.logs;

import java.time.Instant;

/** One header line of a runner trace file: {@code [yyyy-MM-dd HH:mm:ssZ LEVEL Component] message}. */
public record DiagLine(Instant time, String level, String component, String message) {
}
