package dev.runnermetrics.exporter.logs;

import java.util.List;

/**
 * Turns the lines of one trace file into events: what the tailer feeds and asks. Every header line is also searched
 * for the runner's version where paths or URLs show it ({@code VersionHints}); the lines
 * of one entry are joined by an {@code EntryJoiner}, which also keeps the safe offset.
 */
public interface LogFileInterpreter {

    /** Feeds one complete line (without its newline) that ends at {@code endOffset} in the file. */
    void accept(String text, long endOffset, List<LogEvent> out, ParseErrors errors);

    /** Called when the file had nothing new for a while: an entry held for more lines is as complete as it gets. */
    void idle(List<LogEvent> out);

    /** Called after a read took every complete line the file held: what the read as a whole tells. */
    void caughtUp(List<LogEvent> out);

    /** The offset a restart must read from so that no buffered payload or held entry is lost. */
    long safeOffset();

    /** The job the file belongs to, saved with its cursor for a restart; null for a file of no one job. */
    String jobKey();

    /** Whether the file's writer is done with it: it is not read again. */
    boolean finished();
}
