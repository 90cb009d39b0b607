package dev.runnermetrics.exporter.steps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The output of one timeline record (a step, or the job's own record), which the runner writes into numbered pages
 * and, for the results service, also into numbered blocks. Kept in the state file so a restart continues it. Changed
 * only by the {@link CacheRecogniser} reading its lines.
 */
public final class StepStream {

    /** Where the stream is in the runner's header of an action step ({@code Run ...}, {@code with:}, inputs). */
    public enum Header {
        /** Right after the {@code Run ...} line: a {@code with:} line may follow. */
        RUN,
        /** Among the inputs printed under {@code with:}. */
        WITH
    }

    /** The folder this stream is read from, {@code pages} or {@code blocks}: both hold the same lines. */
    private final String kind;
    /** The job the stream belongs to (the runner's current job when it first appeared); null when unknown. */
    private final String job;
    /** What the step runs, from its {@code Run ...} header; null until seen. */
    private String step;
    /** Per cache type, the ids of requests not yet settled. */
    private final Map<String, List<String>> pending;
    /** Null once the stream is in the step's own output. */
    private Header header;
    /**
     * Indentation of {@code with:} in output copied from the web view (no time stamps: its inputs are indented
     * deeper); -1 in the runner's own lines, where the header ends at {@code ##[endgroup]}.
     */
    private int withIndent;
    /**
     * The step's inputs that a cache type compares restored keys with ({@code key-input}), by lower-case name, as the
     * runner printed them under {@code with:}. Only those names are kept, so this stays as small as the types.
     */
    private final Map<String, String> inputs;
    /**
     * A key the tool announced as found through a restore key ({@code partial-hint}); its restore then counts as
     * partial. Forgotten at the next restore counted and at the next step.
     */
    private String partialHint;

    /** A stream nothing was read of yet, read from the folder {@code kind} and belonging to {@code job}. */
    public StepStream(String kind, String job) {
        this(kind, job, null, new TreeMap<>(), null, -1, new TreeMap<>(), null);
    }

    /**
     * A stream as the state file saved it; the maps are taken as they are.
     *
     * @param withIndent -1 unless the header was copied from the web view
     */
    public StepStream(String kind, String job, String step, Map<String, List<String>> pending, Header header,
            int withIndent, Map<String, String> inputs, String partialHint) {
        this.kind = kind;
        this.job = job;
        this.step = step;
        this.pending = pending;
        this.header = header;
        this.withIndent = withIndent;
        this.inputs = inputs;
        this.partialHint = partialHint;
    }

    /** A step's {@code Run ...} header: requests, inputs and hints do not outlive their step. */
    void stepStarts(String what) {
        step = what;
        pending.clear();
        inputs.clear();
        partialHint = null;
        header = Header.RUN;
    }

    /** The header's {@code with:} line; {@code indent} -1 in the runner's own stamped lines. */
    void withAt(int indent) {
        header = Header.WITH;
        withIndent = indent;
    }

    /** The header is over: the step's own output follows. */
    void headerEnds() {
        header = null;
    }

    /** An input a cache type compares restored keys with, by lower-case name. */
    void keyInput(String name, String value) {
        inputs.put(name, value);
    }

    /** The tool announced this key as found through a restore key. */
    void hint(String key) {
        partialHint = key;
    }

    /** The next verdict answered the announcement, whichever it was. */
    void hintAnswered() {
        partialHint = null;
    }

    /**
     * A request of this cache type was made; at most {@code max} stay open per type (the oldest goes).
     *
     * @return false when it was open already (BuildKit repeats a step's header when its output interleaves)
     */
    boolean request(String type, String id, int max) {
        List<String> ids = pending.computeIfAbsent(type, t -> new ArrayList<>());
        if (ids.contains(id)) {
            return false;
        }
        ids.add(id);
        if (ids.size() > max) {
            ids.remove(0);
        }
        return true;
    }

    /** @return whether a request of this type and id was open; it is settled now */
    boolean settle(String type, String id) {
        List<String> ids = pending.get(type);
        if (ids == null || !ids.remove(id)) {
            return false;
        }
        if (ids.isEmpty()) {
            pending.remove(type);
        }
        return true;
    }

    public String kind() {
        return kind;
    }

    public String job() {
        return job;
    }

    public String step() {
        return step;
    }

    /** Per cache type, the ids of requests not yet settled (a copy). */
    public Map<String, List<String>> pending() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        pending.forEach((type, ids) -> copy.put(type, List.copyOf(ids)));
        return copy;
    }

    public Header header() {
        return header;
    }

    public int withIndent() {
        return withIndent;
    }

    public Map<String, String> inputs() {
        return Collections.unmodifiableMap(inputs);
    }

    public String partialHint() {
        return partialHint;
    }
}
