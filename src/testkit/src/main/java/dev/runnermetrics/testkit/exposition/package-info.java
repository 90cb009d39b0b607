/**
 * Reading a {@code /metrics} scrape in the Prometheus text format:
 * {@link dev.runnermetrics.testkit.exposition.Exposition}.
 */
package dev.runnermetrics.testkit.exposition;
