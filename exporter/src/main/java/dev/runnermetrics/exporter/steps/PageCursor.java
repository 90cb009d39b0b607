package dev.runnermetrics.exporter.steps;

/**
 * Where reading of one page or block stands. Page names carry the timeline and record ids and a sequence number
 * and are never reused, so the name alone identifies the file.
 *
 * @param idle the file was read to its end after its writer was done with it; it is only watched for deletion
 */
public record PageCursor(long offset, boolean skipping, boolean idle) {
}
