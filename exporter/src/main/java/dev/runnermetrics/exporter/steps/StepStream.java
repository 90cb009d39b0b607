package dev.runnermetrics.exporter.steps;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The output of one timeline record (a step, or the job's own record), which the runner writes into numbered pages
 * and, for the results service, also into numbered blocks. Kept in the state file so a restart continues it; fields
 * added later default to "nothing seen yet", so older state files still load.
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
    public String kind;
    /** The job the stream belongs to (the runner's current job when it first appeared); null when unknown. */
    public String job;
    /** What the step runs, from its {@code Run ...} header; null until seen. */
    public String step;
    /** Per cache type, the ids of requests not yet settled. */
    public Map<String, List<String>> pending = new TreeMap<>();
    /** Null once the stream is in the step's own output. */
    public Header header;
    /**
     * Indentation of {@code with:} in output copied from the web view (no time stamps: its inputs are indented
     * deeper); -1 in the runner's own lines, where the header ends at {@code ##[endgroup]}.
     */
    public int withIndent = -1;
    /**
     * The step's inputs that a cache type compares restored keys with ({@code key-input}), by lower-case name, as the
     * runner printed them under {@code with:}. Only those names are kept, so this stays as small as the types.
     */
    public Map<String, String> inputs = new TreeMap<>();
    /**
     * A key the tool announced as found through a restore key ({@code partial-hint}); its restore then counts as
     * partial. Forgotten at the next restore counted and at the next step.
     */
    public String partialHint;

    public StepStream() {
        // for Jackson
    }

    StepStream(String kind, String job) {
        this.kind = kind;
        this.job = job;
    }
}
