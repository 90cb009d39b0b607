package dev.runnermetrics.exporter.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A user's cache types file in YAML beyond the small form {@link CacheTypeYaml} reads: read with Jackson's YAML
 * support, which only such a file loads.
 */
final class FullYaml {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private FullYaml() {
    }

    /** The document as plain values (maps, lists, strings, numbers, booleans), null when it is empty. */
    static Object read(String yaml) {
        try {
            JsonNode root = YAML.readTree(yaml);
            return root == null || root.isMissingNode() || root.isNull() ? null : YAML.treeToValue(root, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
