package dev.runnermetrics.exporter.github.client;

import java.util.Map;
import java.util.TreeMap;

/** The client's own figures: requests by endpoint and outcome, and the rate limit left. Thread-safe. */
final class ApiStats {

    private final Map<String, Map<String, Long>> requests = new TreeMap<>();
    private Long rateLimitRemaining;

    synchronized void request(String endpoint, String outcome) {
        requests.computeIfAbsent(endpoint, k -> new TreeMap<>()).merge(outcome, 1L, Long::sum);
    }

    synchronized void rateLimitRemaining(long remaining) {
        rateLimitRemaining = remaining;
    }

    /** endpoint → outcome → count, a copy. */
    synchronized Map<String, Map<String, Long>> requests() {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        requests.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
        return copy;
    }

    /** Null until GitHub sent X-RateLimit-Remaining. */
    synchronized Long rateLimitRemaining() {
        return rateLimitRemaining;
    }
}
