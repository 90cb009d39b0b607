package dev.runnermetrics.exporter.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads cache types from YAML: a mapping from type name (the {@code cache_type} label) to its {@code step},
 * {@code request}, {@code hit} and {@code miss} regular expressions. The shipped types are the resource
 * {@value #SHIPPED}; users add or replace types with a file of the same form.
 */
public final class CacheTypeFile {

    public static final String SHIPPED = "cache-types.yaml";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Set<String> KEYS = Set.of("step", "request", "hit", "miss");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private CacheTypeFile() {
    }

    /** The types that come with the exporter, in the order they are tried. */
    public static List<CacheType> shipped() {
        try (InputStream in = CacheTypeFile.class.getClassLoader().getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException(SHIPPED + " is missing from the exporter");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * User types are tried first, so they can claim lines a shipped type would take; a user type named like a
     * shipped one replaces it.
     */
    public static List<CacheType> withUserTypes(List<CacheType> user, List<CacheType> shipped) {
        Map<String, CacheType> all = new LinkedHashMap<>();
        user.forEach(t -> all.put(t.name(), t));
        shipped.forEach(t -> all.putIfAbsent(t.name(), t));
        return List.copyOf(all.values());
    }

    /** @throws IllegalArgumentException naming the type and pattern that is wrong */
    public static List<CacheType> parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return List.of();
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("must map cache type names to their patterns");
        }
        List<CacheType> types = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            types.add(type(entry.getKey(), entry.getValue()));
        }
        return List.copyOf(types);
    }

    private static CacheType type(String name, JsonNode node) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("cache type name '" + name + "' must match " + NAME.pattern()
                    + " (it becomes the cache_type label)");
        }
        String where = "type '" + name + "'";
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be a mapping with hit, miss and optionally step "
                    + "and request");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key '" + key
                        + "'; allowed: step, request, hit, miss");
            }
        }
        Pattern step = null;
        if (node.has("step")) {
            if (!node.get("step").isTextual()) {
                throw new IllegalArgumentException(where + ": step must be one regular expression");
            }
            step = compile(where + ": step", node.get("step").asText());
        }
        List<Pattern> requests = patterns(where, "request", node.get("request"));
        List<Pattern> hits = patterns(where, "hit", node.get("hit"));
        List<Pattern> misses = patterns(where, "miss", node.get("miss"));
        if (hits.isEmpty() && misses.isEmpty()) {
            throw new IllegalArgumentException(where + " needs at least one hit or miss pattern");
        }
        if (!requests.isEmpty()) {
            long withId = 0;
            List<Pattern> all = new ArrayList<>(requests);
            all.addAll(hits);
            all.addAll(misses);
            for (Pattern p : all) {
                withId += p.pattern().contains("(?<id>") ? 1 : 0;
            }
            if (withId != 0 && withId != all.size()) {
                throw new IllegalArgumentException(where + ": with request patterns, either every request, hit "
                        + "and miss pattern captures (?<id>...) or none does");
            }
        }
        return new CacheType(name, step, requests, hits, misses);
    }

    private static List<Pattern> patterns(String where, String key, JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<Pattern> patterns = new ArrayList<>();
        if (node.isTextual()) {
            patterns.add(compile(where + ": " + key, node.asText()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isTextual()) {
                    throw new IllegalArgumentException(where + ": " + key + "[" + i + "] must be a string");
                }
                patterns.add(compile(where + ": " + key + "[" + i + "]", node.get(i).asText()));
            }
        } else {
            throw new IllegalArgumentException(where + ": " + key + " must be a regular expression or a list of them");
        }
        return patterns;
    }

    private static Pattern compile(String what, String regex) {
        if (regex.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty and would match every line");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(what + " is not a regular expression: " + e.getDescription()
                    + " near index " + e.getIndex() + " of " + regex);
        }
    }
}
