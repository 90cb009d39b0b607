package dev.runnermetrics.dashboards.deployment;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.MappingIterator;
import dev.runnermetrics.dashboards.output.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small helpers for walking parsed YAML (maps, lists, scalars) in assertions. */
final class Yaml {

    /** The repository root (tests run in dashboards-gen/). */
    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private Yaml() {
    }

    static Map<String, Object> parse(String yaml) throws IOException {
        return map(Json.YAML.readValue(yaml, Map.class), "document");
    }

    static Map<String, Object> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Every document of a file that may hold several (separated by ---). */
    static List<Map<String, Object>> readAll(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (MappingIterator<Object> it = Json.YAML.readerFor(Object.class)
                .readValues(Files.readString(file, StandardCharsets.UTF_8))) {
            while (it.hasNext()) {
                Object doc = it.next();
                if (doc != null) {
                    docs.add(map(doc, file.toString()));
                }
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        assertNotNull(value, what + " is missing");
        assertInstanceOf(Map.class, value, what + " is not a mapping");
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String what) {
        assertNotNull(value, what + " is missing");
        assertInstanceOf(List.class, value, what + " is not a list");
        return (List<Object>) value;
    }

    static List<Map<String, Object>> maps(Object value, String what) {
        return list(value, what).stream().map(v -> map(v, what + " entry")).toList();
    }

    /** The value at a dotted path of map keys, e.g. {@code at(doc, "spec.template.metadata.labels")}. */
    static Object at(Map<String, Object> root, String path) {
        Object current = root;
        StringBuilder seen = new StringBuilder();
        for (String key : path.split("\\.")) {
            seen.append(seen.isEmpty() ? "" : ".").append(key);
            current = map(current, seen.toString()).get(key);
        }
        return current;
    }

    static Map<String, Object> mapAt(Map<String, Object> root, String path) {
        return map(at(root, path), path);
    }

    static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
