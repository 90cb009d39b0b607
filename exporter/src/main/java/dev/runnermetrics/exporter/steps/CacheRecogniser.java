package dev.runnermetrics.exporter.steps;

import dev.runnermetrics.catalogue.CacheResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides which step output lines are cache restores, from the cache types alone: no tool is known to the code.
 * A line is tried against the types in order and taken by the first type whose patterns match it; where the step is
 * unknown, a restored key of a type's key shape goes to that type first. Pure: all it remembers between lines lives
 * in the {@link StepStream}, so it survives a restart with the stream.
 */
public final class CacheRecogniser {

    /** A restore the line settled. */
    public record Outcome(String type, CacheResult result) {
    }

    /** What a hit or miss pattern found: the restored key when the pattern captures one. */
    private record Verdict(boolean hit, String key) {
    }

    /**
     * The runner opens every step's output with {@code ##[group]Run <action or first script line>}; inside a composite
     * action the group marker is left out (actions/runner Handler.cs).
     */
    private static final Pattern STEP_HEADER = Pattern.compile("^(?:##\\[group\\])?Run (.+)$");
    /**
     * An action step's header goes on with its inputs: {@code with:}, then {@code "  " + name + ": " + value} each,
     * {@code env:} and its variables, {@code ##[endgroup]} (Handler.cs PrintActionDetails). The web view drops the
     * group markers and indents the header by two more spaces.
     */
    private static final Pattern WITH = Pattern.compile("^( *)with:\\s*$");
    private static final Pattern INPUT = Pattern.compile("^ *([A-Za-z0-9_-]+): ?(.*)$");
    private static final Pattern ENV = Pattern.compile("^ *env:\\s*$");
    private static final String END_GROUP = "##[endgroup]";

    /** Open requests kept per stream and type; a build that never settles its steps must not grow the state file. */
    static final int MAX_PENDING = 1024;

    private final List<CacheType> types;
    /** The step inputs some type compares restored keys with; no other input is kept. */
    private final Set<String> keyInputs = new LinkedHashSet<>();

    public CacheRecogniser(List<CacheType> types) {
        this.types = List.copyOf(types);
        types.stream().filter(t -> t.keyInput() != null).forEach(t -> keyInputs.add(t.keyInput()));
    }

    /** @return the restore this line settles, or null */
    public Outcome accept(String line, StepStream stream) {
        String text = StepLines.text(line);
        Matcher header = STEP_HEADER.matcher(text);
        if (header.matches()) {
            stream.stepStarts(header.group(1).strip());
            return null;
        }
        if (stream.header() != null) {
            readInputs(line, text, stream);
        }
        if (hint(text, stream)) {
            return null;
        }
        boolean stepUnknown = stream.step() == null;
        if (stepUnknown) {
            // A page pasted or read without its step's header: the restored key tells whose cache it is.
            for (CacheType type : types) {
                if (type.key() != null && !type.keyed()) {
                    Verdict v = verdict(type, text);
                    if (v != null && v.key() != null && type.key().matcher(v.key()).find()) {
                        return outcome(type, v, stream);
                    }
                }
            }
        }
        for (CacheType type : types) {
            if (!type.appliesTo(stream.step())) {
                continue;
            }
            if (!type.keyed()) {
                Verdict v = verdict(type, text);
                if (v == null || stepUnknown && type.key() != null && v.key() != null) {
                    continue; // its key is not of the type's shape (tried above)
                }
                return outcome(type, v, stream);
            }
            String id = find(type.requests(), text);
            if (id != null) {
                open(stream, type.name(), id);
                return null;
            }
            id = find(type.hits(), text);
            boolean hit = id != null;
            if (!hit) {
                id = find(type.misses(), text);
            }
            if (id != null) {
                // Taken either way: a DONE line for a step that was never a request (BuildKit's internal steps).
                return settle(stream, type.name(), id)
                        ? new Outcome(type.name(), hit ? CacheResult.HIT : CacheResult.MISS) : null;
            }
        }
        return null;
    }

    /**
     * Follows the step header's inputs, keeping those a type compares keys with. The lines still go on to the cache
     * types: none of them is a restore line (patterns anchor at the tool's first character), and output that only
     * looks like a header must not hide a restore.
     */
    private void readInputs(String line, String text, StepStream stream) {
        boolean stamped = StepLines.stamped(line);
        if (stream.header() == StepStream.Header.RUN) {
            Matcher with = WITH.matcher(text);
            if (with.matches()) {
                stream.withAt(stamped ? -1 : with.group(1).length());
            } else {
                stream.headerEnds(); // a script step, or an action without inputs
            }
            return;
        }
        Matcher input = INPUT.matcher(text);
        if (stream.withIndent() < 0) {
            // The runner's own lines: one stamped line per input, up to env: or the group's end. The further lines
            // of a multi-line value (a restore-keys list, a block scalar's closing empty line) have no stamp.
            if (!stamped) {
                return;
            }
            if (text.equals(END_GROUP) || ENV.matcher(text).matches() || !input.matches()) {
                stream.headerEnds();
                return;
            }
        } else {
            // A copy from the web view: inputs sit deeper than with:, a multi-line value's further lines and env:
            // as deep as it, the step's own output at the left margin.
            if (text.isBlank()) {
                return;
            }
            int indent = indent(text);
            if (text.equals(END_GROUP) || indent < stream.withIndent()
                    || indent == stream.withIndent() && ENV.matcher(text).matches()) {
                stream.headerEnds();
                return;
            }
            if (indent == stream.withIndent() || !input.matches()) {
                return;
            }
        }
        String name = input.group(1).toLowerCase(Locale.ROOT);
        if (keyInputs.contains(name)) {
            stream.keyInput(name, input.group(2).strip());
        }
    }

    private static int indent(String text) {
        int n = 0;
        while (n < text.length() && text.charAt(n) == ' ') {
            n++;
        }
        return n;
    }

    /** Remembers a key announced as found through a restore key; the line itself is no restore. */
    private boolean hint(String text, StepStream stream) {
        for (CacheType type : types) {
            if (type.partialHints().isEmpty() || !type.appliesTo(stream.step())) {
                continue;
            }
            for (Pattern pattern : type.partialHints()) {
                Matcher m = pattern.matcher(text);
                String key = m.find() ? key(pattern, m) : null;
                if (key != null) {
                    stream.hint(key);
                    return true;
                }
            }
        }
        return false;
    }

    /** The type's hit or miss this line is, or null. */
    private static Verdict verdict(CacheType type, String text) {
        for (Pattern pattern : type.hits()) {
            Matcher m = pattern.matcher(text);
            if (m.find()) {
                return new Verdict(true, key(pattern, m));
            }
        }
        for (Pattern pattern : type.misses()) {
            Matcher m = pattern.matcher(text);
            if (m.find()) {
                return new Verdict(false, key(pattern, m));
            }
        }
        return null;
    }

    /** The restored key a pattern captured, or null. */
    private static String key(Pattern pattern, Matcher m) {
        if (!CacheType.captures(pattern, "key")) {
            return null;
        }
        try {
            return m.group("key");
        } catch (IllegalArgumentException e) {
            return null; // "(?<key>" in the pattern's text, but not as a group (escaped)
        }
    }

    private static Outcome outcome(CacheType type, Verdict v, StepStream stream) {
        CacheResult result = v.hit() ? exactness(type, v.key(), stream) : CacheResult.MISS;
        stream.hintAnswered(); // an announcement is answered by the next verdict, whichever it is
        return new Outcome(type.name(), result);
    }

    /**
     * A hit is exact when the restored key is the step's primary key, compared as actions/cache compares it for its
     * cache-hit output (case-insensitive): a restore key, or a longer key the cache service found by prefix, is
     * partial. Without the step's key input, the tool's own announcement decides; without either it is a hit.
     */
    private static CacheResult exactness(CacheType type, String restored, StepStream stream) {
        if (restored == null) {
            return CacheResult.HIT;
        }
        String primary = type.keyInput() == null ? null : stream.inputs().get(type.keyInput());
        if (primary != null) {
            return restored.equalsIgnoreCase(primary) ? CacheResult.HIT : CacheResult.PARTIAL;
        }
        return restored.equals(stream.partialHint()) ? CacheResult.PARTIAL : CacheResult.HIT;
    }

    /** The id the first matching pattern captured ("" without an id group), or null when none matches. */
    private static String find(List<Pattern> patterns, String text) {
        for (Pattern pattern : patterns) {
            Matcher m = pattern.matcher(text);
            if (m.find()) {
                return CacheType.captures(pattern, "id") && m.group("id") != null ? m.group("id") : "";
            }
        }
        return null;
    }

    private static void open(StepStream stream, String type, String id) {
        stream.request(type, id, MAX_PENDING);
    }

    private static boolean settle(StepStream stream, String type, String id) {
        return stream.settle(type, id);
    }
}
