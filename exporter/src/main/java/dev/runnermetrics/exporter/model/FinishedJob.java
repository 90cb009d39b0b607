package dev.runnermetrics.exporter.model;

import dev.runnermetrics.catalogue.JobResult;
import dev.runnermetrics.exporter.logs.LogEvent.Authority;

/** Remembered so a job read again (other log, re-read file) is not counted twice. */
public record FinishedJob(JobResult result, Authority authority) {
}
