package dev.runnermetrics.exporter.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides which step output lines are cache restores, from the cache types alone: no tool is known to the code.
 * A line is tried against the types in order and taken by the first type whose patterns match it. Pure: all it
 * remembers between lines lives in the {@link StepStream}, so it survives a restart with the stream.
 */
public final class CacheRecogniser {

    /** A restore the line settled. */
    public record Outcome(String type, boolean hit) {
    }

    /**
     * The runner opens every step's output with {@code ##[group]Run <action or first script line>}; inside a composite
     * action the group marker is left out (actions/runner Handler.cs).
     */
    private static final Pattern STEP_HEADER = Pattern.compile("^(?:##\\[group\\])?Run (.+)$");

    /** Open requests kept per stream and type; a build that never settles its steps must not grow the state file. */
    static final int MAX_PENDING = 1024;

    private final List<CacheType> types;

    public CacheRecogniser(List<CacheType> types) {
        this.types = List.copyOf(types);
    }

    /** @return the restore this line settles, or null */
    public Outcome accept(String line, StepStream stream) {
        String text = StepLines.text(line);
        Matcher header = STEP_HEADER.matcher(text);
        if (header.matches()) {
            stream.step = header.group(1).strip();
            stream.pending.clear(); // requests do not outlive their step
            return null;
        }
        for (CacheType type : types) {
            if (!type.appliesTo(stream.step)) {
                continue;
            }
            if (!type.keyed()) {
                if (find(type.hits(), text) != null) {
                    return new Outcome(type.name(), true);
                }
                if (find(type.misses(), text) != null) {
                    return new Outcome(type.name(), false);
                }
                continue;
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
                return settle(stream, type.name(), id) ? new Outcome(type.name(), hit) : null;
            }
        }
        return null;
    }

    /** The id the first matching pattern captured ("" without an id group), or null when none matches. */
    private static String find(List<Pattern> patterns, String text) {
        for (Pattern pattern : patterns) {
            Matcher m = pattern.matcher(text);
            if (m.find()) {
                return pattern.pattern().contains("(?<id>") && m.group("id") != null ? m.group("id") : "";
            }
        }
        return null;
    }

    private static void open(StepStream stream, String type, String id) {
        List<String> ids = stream.pending.computeIfAbsent(type, t -> new ArrayList<>());
        if (ids.contains(id)) {
            return; // BuildKit repeats a step's header when its output interleaves with another step's
        }
        ids.add(id);
        if (ids.size() > MAX_PENDING) {
            ids.remove(0);
        }
    }

    private static boolean settle(StepStream stream, String type, String id) {
        List<String> ids = stream.pending.get(type);
        if (ids == null || !ids.remove(id)) {
            return false;
        }
        if (ids.isEmpty()) {
            stream.pending.remove(type);
        }
        return true;
    }
}
