/**
 * The real Prometheus tools: {@link dev.runnermetrics.testkit.prometheus.PrometheusServer} scraping a target and
 * answering queries as {@link dev.runnermetrics.testkit.prometheus.QueryResult}s, and
 * {@link dev.runnermetrics.testkit.prometheus.Promtool}.
 */
package dev.runnermetrics.testkit.prometheus;
