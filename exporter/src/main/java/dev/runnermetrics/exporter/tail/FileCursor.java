package dev.runnermetrics.exporter.tail;

/**
 * Where reading of one log file stands. {@code fileKey} tells a recreated file from the old one of the same name;
 * {@code jobKey} is the job a Worker log belongs to once its job message has been read.
 */
public record FileCursor(String fileKey, long offset, boolean skipping, String jobKey) {
}
