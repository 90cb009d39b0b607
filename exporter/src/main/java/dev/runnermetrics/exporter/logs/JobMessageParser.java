package dev.runnermetrics.exporter.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the {@code Job message:} JSON a Worker log dumps at job start. The {@code contextData} values use the
 * runner's compact pipeline-context form: a dictionary is {@code {"t":2,"d":[{"k":KEY,"v":VALUE}, ...]}}, an array
 * {@code {"t":1,"a":[...]}}, a string a plain JSON string; booleans and numbers are plain JSON values. The job's
 * deployment environment is the top-level {@code actionsEnvironment} object ({@code name}, {@code url}), absent when
 * the job names no environment.
 */
public final class JobMessageParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobMessageParser() {
    }

    /** @throws JsonProcessingException when the text is not one complete JSON object */
    public static JobContext parse(String json) throws JsonProcessingException {
        JsonNode root = JSON.readTree(json);
        if (root == null || !root.isObject()) {
            throw new JsonProcessingException("job message is not a JSON object") {
                private static final long serialVersionUID = 1L;
            };
        }
        JsonNode githubNode = root.path("contextData").path("github");
        Map<String, String> github = dictionary(githubNode);
        return new JobContext(
                text(root.get("jobId")),
                text(root.get("jobDisplayName")),
                github.get("repository"),
                github.get("workflow"),
                github.get("job"),
                github.get("run_id"),
                github.get("run_attempt"),
                github.get("ref"),
                github.get("sha"),
                github.get("event_name"),
                nonBlank(text(root.path("actionsEnvironment").get("name"))),
                text(entry(entry(entry(githubNode, "event"), "head_commit"), "timestamp")));
    }

    /** The value under {@code key} of a context dictionary in either form, or a missing node. */
    static JsonNode entry(JsonNode dictionary, String key) {
        JsonNode entries = dictionary.get("d");
        if (entries != null && entries.isArray()) {
            for (JsonNode entry : entries) {
                if (key.equals(entry.path("k").asText(null))) {
                    return entry.path("v");
                }
            }
            return MissingNode.getInstance();
        }
        return dictionary.path(key);
    }

    /** Scalar entries of a context dictionary, in either the compact or the plain JSON form. */
    static Map<String, String> dictionary(JsonNode node) {
        Map<String, String> values = new HashMap<>();
        if (node.has("d") && node.get("d").isArray()) {
            for (JsonNode entry : node.get("d")) {
                String value = text(entry.get("v"));
                if (entry.hasNonNull("k") && value != null) {
                    values.put(entry.get("k").asText(), value);
                }
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String value = text(e.getValue());
                if (value != null) {
                    values.put(e.getKey(), value);
                }
            });
        }
        return values;
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String text(JsonNode node) {
        return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
    }
}
