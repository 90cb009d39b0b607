package dev.runnermetrics.exporter.logs;

import static dev.runnermetrics.exporter.json.Json.member;

import dev.runnermetrics.exporter.json.Json;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code Job message:} JSON a Worker log dumps at job start. The {@code contextData} values use the
 * runner's compact pipeline-context form: a dictionary is {@code {"t":2,"d":[{"k":KEY,"v":VALUE}, ...]}}, an array
 * {@code {"t":1,"a":[...]}}, a string a plain JSON string; booleans and numbers are plain JSON values. The job's
 * deployment environment is the top-level {@code actionsEnvironment} object ({@code name}, {@code url}), absent when
 * the job names no environment. Read as plain JSON values ({@link Json}): the sidecar loads no databind for it.
 */
public final class JobMessageParser {

    private JobMessageParser() {
    }

    /** @throws IOException when the text does not start with one complete JSON object */
    public static JobContext parse(String json) throws IOException {
        Object root = Json.read(json);
        if (!(root instanceof Map)) {
            throw new IOException("job message is not a JSON object");
        }
        Object githubNode = member(member(root, "contextData"), "github");
        Map<String, String> github = dictionary(githubNode);
        return new JobContext(
                text(member(root, "jobId")),
                text(member(root, "jobDisplayName")),
                github.get("repository"),
                github.get("workflow"),
                github.get("job"),
                github.get("run_id"),
                github.get("run_attempt"),
                github.get("ref"),
                github.get("sha"),
                github.get("event_name"),
                nonBlank(text(member(member(root, "actionsEnvironment"), "name"))),
                text(entry(entry(entry(githubNode, "event"), "head_commit"), "timestamp")));
    }

    /** The value under {@code key} of a context dictionary in either form; null when there is none. */
    static Object entry(Object dictionary, String key) {
        if (member(dictionary, "d") instanceof List<?> entries) {
            for (Object entry : entries) {
                if (key.equals(Json.text(member(entry, "k")))) {
                    return member(entry, "v");
                }
            }
            return null;
        }
        return member(dictionary, key);
    }

    /** Scalar entries of a context dictionary, in either the compact or the plain JSON form. */
    static Map<String, String> dictionary(Object node) {
        Map<String, String> values = new HashMap<>();
        if (member(node, "d") instanceof List<?> entries) {
            for (Object entry : entries) {
                String value = text(member(entry, "v"));
                Object key = member(entry, "k");
                if (key != null && value != null) {
                    // A key that is no scalar reads as "", as it did with databind's asText.
                    values.put(key instanceof Map || key instanceof List ? "" : Json.text(key), value);
                }
            }
        } else if (node instanceof Map<?, ?> object) {
            object.forEach((name, v) -> {
                String value = text(v);
                if (value != null) {
                    values.put((String) name, value);
                }
            });
        }
        return values;
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String text(Object node) {
        return Json.text(node);
    }
}
