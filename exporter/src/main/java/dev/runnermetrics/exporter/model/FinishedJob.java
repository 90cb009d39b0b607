package dev.runnermetrics.exporter.model;

import dev.runnermetrics.catalogue.JobResult;
import dev.runnermetrics.exporter.logs.LogEvent.Authority;
import java.time.Instant;

/**
 * Remembered so a job read again (other log, re-read file) is not counted twice.
 *
 * @param end log time of the result it was counted with; null when abandoned, and in state files from before it
 *            was kept. A report of an end that names no job (the console's echo), read after later jobs were
 *            counted, is matched by it.
 */
public record FinishedJob(JobResult result, Authority authority, Instant end) {

    FinishedJob(JobResult result, Authority authority) {
        this(result, authority, null);
    }
}
