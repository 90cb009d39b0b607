package dev.runnermetrics.catalogue;

/** The Prometheus metric types the project exposes. */
public enum MetricType {
    COUNTER,
    GAUGE,
    HISTOGRAM
}
