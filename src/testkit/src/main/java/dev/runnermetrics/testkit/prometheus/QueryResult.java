package dev.runnermetrics.testkit.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnermetrics.testkit.exposition.Exposition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Prometheus' query API answered: the result's series (an instant vector or a scalar is series of one value
 * each), or the error it gave. An error is a value, not an exception, so a test can wait for a query to work.
 *
 * @param type  {@code vector}, {@code matrix} or {@code scalar}; null with an error
 * @param error the HTTP status and Prometheus' error, or null
 * @param raw   the result as Prometheus wrote it (the whole body with an error), for failure messages
 */
public record QueryResult(String type, List<Series> series, String error, String raw) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Enough of a result for a failure message; some panels' range results are long. */
    private static final int SHOWN = 2000;

    public QueryResult {
        series = List.copyOf(series);
    }

    /** One series: its labels ({@code __name__} included when Prometheus gives it) and its values in time order. */
    public record Series(Map<String, String> labels, List<Double> values) {

        public Series {
            labels = Collections.unmodifiableMap(new TreeMap<>(labels));
            values = List.copyOf(values);
        }

        /** The newest value. */
        public double last() {
            return values.get(values.size() - 1);
        }
    }

    /** Whether any series has a value that is not NaN or infinite: what a panel needs to show anything. */
    public boolean hasFiniteSample() {
        return series.stream().anyMatch(s -> s.values().stream().anyMatch(Double::isFinite));
    }

    @Override
    public String toString() {
        if (error != null) {
            return "error: " + error;
        }
        return series.size() + " series " + (raw.length() > SHOWN ? raw.substring(0, SHOWN) + "..." : raw);
    }

    /** Reads an answer of /api/v1/query or /api/v1/query_range. */
    static QueryResult of(int status, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException notJson) {
            return failed("HTTP " + status + ": " + body, body);
        }
        if (status != 200 || !"success".equals(root.path("status").asText())) {
            return failed("HTTP " + status + " " + root.path("errorType").asText() + ": "
                    + root.path("error").asText(), body);
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText();
        List<Series> series = new ArrayList<>();
        switch (type) {
            case "vector" -> data.path("result").forEach(s -> series.add(
                    new Series(labels(s.path("metric")), List.of(value(s.path("value"))))));
            case "matrix" -> data.path("result").forEach(s -> {
                List<Double> values = new ArrayList<>();
                s.path("values").forEach(v -> values.add(value(v)));
                series.add(new Series(labels(s.path("metric")), values));
            });
            case "scalar" -> series.add(new Series(Map.of(), List.of(value(data.path("result")))));
            default -> {
                return failed("unexpected result type " + type, body);
            }
        }
        return new QueryResult(type, series, null, data.path("result").toString());
    }

    private static QueryResult failed(String error, String body) {
        return new QueryResult(null, List.of(), error, body);
    }

    /** A [time, "value"] pair: Prometheus writes the value as a string, NaN and infinities as in the text format. */
    private static double value(JsonNode pair) {
        return Exposition.number(pair.path(1).asText());
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> labels = new TreeMap<>();
        metric.properties().forEach(f -> labels.put(f.getKey(), f.getValue().asText()));
        return labels;
    }
}
