package dev.runnermetrics.exporter.steps;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads cache types from YAML: a mapping from type name (the {@code cache_type} label) to its {@code step},
 * {@code key}, {@code partial-hint}, {@code request}, {@code hit} and {@code miss} regular expressions and its
 * {@code key-input}. The shipped types are the resource {@value #SHIPPED}; users add or replace types with a file of
 * the same form. The shipped file is in the small form {@link CacheTypeYaml} reads without a YAML library; a user file
 * beyond it is read by {@link FullYaml}.
 */
public final class CacheTypeFile {

    public static final String SHIPPED = "cache-types.yaml";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final List<String> KEYS = List.of("step", "key", "key-input", "partial-hint", "request", "hit",
            "miss");
    /** Action input names as action.yml allows them. */
    private static final Pattern INPUT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

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
        Object root = CacheTypeYaml.read(yaml).map(Object.class::cast).orElseGet(() -> FullYaml.read(yaml));
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof Map<?, ?> names)) {
            throw new IllegalArgumentException("must map cache type names to their patterns");
        }
        List<CacheType> types = new ArrayList<>();
        for (Map.Entry<?, ?> entry : names.entrySet()) {
            types.add(type(String.valueOf(entry.getKey()), entry.getValue()));
        }
        return List.copyOf(types);
    }

    private static CacheType type(String name, Object value) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("cache type name '" + name + "' must match " + NAME.pattern()
                    + " (it becomes the cache_type label)");
        }
        String where = "type '" + name + "'";
        if (!(value instanceof Map<?, ?> node)) {
            throw new IllegalArgumentException(where + " must be a mapping with hit, miss and optionally "
                    + String.join(", ", KEYS.subList(0, 5)));
        }
        for (Object settingName : node.keySet()) {
            String key = String.valueOf(settingName);
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key '" + key
                        + "'; allowed: " + String.join(", ", KEYS));
            }
        }
        Pattern step = single(where, "step", node);
        Pattern key = single(where, "key", node);
        String keyInput = null;
        if (node.containsKey("key-input")) {
            keyInput = node.get("key-input") instanceof String text ? text : "";
            if (!INPUT_NAME.matcher(keyInput).matches()) {
                throw new IllegalArgumentException(where + ": key-input must be the name of a step input (letters, "
                        + "digits, - and _), e.g. key");
            }
        }
        List<Pattern> partialHints = patterns(where, "partial-hint", node.get("partial-hint"));
        for (int i = 0; i < partialHints.size(); i++) {
            if (!CacheType.captures(partialHints.get(i), "key")) {
                throw new IllegalArgumentException(where + ": partial-hint" + (partialHints.size() > 1 ? "[" + i + "]"
                        : "") + " must capture the key it announces as (?<key>...)");
            }
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
        boolean byKey = key != null || keyInput != null || !partialHints.isEmpty();
        if (byKey && !requests.isEmpty()) {
            throw new IllegalArgumentException(where + ": key, key-input and partial-hint do not go with request "
                    + "patterns");
        }
        if (byKey && hits.stream().noneMatch(p -> CacheType.captures(p, "key"))) {
            throw new IllegalArgumentException(where + ": key, key-input and partial-hint need a hit pattern that "
                    + "captures the restored key as (?<key>...)");
        }
        return new CacheType(name, step, key, keyInput == null ? null : keyInput.toLowerCase(Locale.ROOT),
                partialHints, requests, hits, misses);
    }

    /** An optional setting that is one regular expression (written as null, it is refused). */
    private static Pattern single(String where, String key, Map<?, ?> type) {
        if (!type.containsKey(key)) {
            return null;
        }
        if (!(type.get(key) instanceof String text)) {
            throw new IllegalArgumentException(where + ": " + key + " must be one regular expression");
        }
        return compile(where + ": " + key, text);
    }

    private static List<Pattern> patterns(String where, String key, Object node) {
        if (node == null) {
            return List.of();
        }
        List<Pattern> patterns = new ArrayList<>();
        if (node instanceof String text) {
            patterns.add(compile(where + ": " + key, text));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String text)) {
                    throw new IllegalArgumentException(where + ": " + key + "[" + i + "] must be a string");
                }
                patterns.add(compile(where + ": " + key + "[" + i + "]", text));
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
