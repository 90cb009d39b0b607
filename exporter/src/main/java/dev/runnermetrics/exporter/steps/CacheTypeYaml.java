package dev.runnermetrics.exporter.steps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the small YAML form the shipped cache types are written in, without a YAML library (SnakeYAML and Jackson's
 * databind are some 700 classes, loaded at every start for one file of 90 lines): type names at the start of a line,
 * each with its settings indented by two spaces, a setting's value a single-quoted string ({@code ''} for a quote) or
 * a plain word, or, on the lines after it indented by four spaces, a list of {@code - 'string'}; comments and blank
 * lines anywhere. Any other text, even valid YAML, is not this form: the caller then reads it as full YAML, so a user
 * file in any YAML still works (loading the YAML library only then).
 */
final class CacheTypeYaml {

    private static final String QUOTED = "'(?:[^']|'')*'";
    /** A plain word YAML takes as a string, not a number, boolean or null. */
    private static final String WORD = "[A-Za-z][A-Za-z0-9_-]*";
    /** Spaces, or a comment after at least one (YAML's {@code #} needs a space before it). */
    private static final String END = "(?: *| +#.*)";
    private static final Pattern TYPE = Pattern.compile("([a-z][a-z0-9_]*):" + END);
    private static final Pattern SETTING = Pattern.compile("  ([a-z][a-z-]*):(?: +(" + QUOTED + "|" + WORD
            + "))?" + END);
    private static final Pattern ITEM = Pattern.compile("    - (" + QUOTED + ")" + END);
    private static final Pattern BLANK = Pattern.compile(" *(?:#.*)?");
    /** Plain words YAML 1.1 (SnakeYAML) reads as booleans or null. */
    private static final Set<String> NOT_TEXT = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null");

    private CacheTypeYaml() {
    }

    /**
     * Type name → setting → a string or a list of strings, in file order; empty when the text is not in this form.
     */
    static Optional<Map<String, Object>> read(String yaml) {
        Map<String, Object> types = new LinkedHashMap<>();
        Map<String, Object> type = null;
        List<Object> list = null;
        for (String line : yaml.split("\r?\n", -1)) {
            Matcher m;
            if (BLANK.matcher(line).matches()) {
                continue;
            }
            if ((m = TYPE.matcher(line)).matches()) {
                if (types.containsKey(m.group(1)) || list != null && list.isEmpty()
                        || type != null && type.isEmpty()) {
                    return Optional.empty();
                }
                type = new LinkedHashMap<>();
                types.put(m.group(1), type);
                list = null;
            } else if (type != null && (m = SETTING.matcher(line)).matches()) {
                if (type.containsKey(m.group(1)) || list != null && list.isEmpty()) {
                    return Optional.empty();
                }
                list = m.group(2) == null ? new ArrayList<>() : null;
                Object value = list != null ? list : scalar(m.group(2));
                if (value == null) {
                    return Optional.empty();
                }
                type.put(m.group(1), value);
            } else if (list != null && (m = ITEM.matcher(line)).matches()) {
                list.add(scalar(m.group(1)));
            } else {
                return Optional.empty();
            }
        }
        if (list != null && list.isEmpty() || type != null && type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(types);
    }

    /** The string a quoted or plain scalar is; null for a word YAML does not read as a string. */
    private static String scalar(String text) {
        if (text.startsWith("'")) {
            return text.substring(1, text.length() - 1).replace("''", "'");
        }
        return NOT_TEXT.contains(text.toLowerCase(java.util.Locale.ROOT)) ? null : text;
    }
}
