/**
 * Real processes for tests: {@link dev.runnermetrics.testkit.process.ExporterProcess} (the packaged exporter) and
 * {@link dev.runnermetrics.testkit.process.Processes} (free ports, tools on PATH, waiting for an answer, stopping).
 */
package dev.runnermetrics.testkit.process;
