package dev.runnermetrics.exporter.logs;

import dev.runnermetrics.exporter.logs.DiagLineParser.BadTimestamp;
import dev.runnermetrics.exporter.logs.DiagLineParser.Continuation;
import dev.runnermetrics.exporter.logs.DiagLineParser.Header;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the lines of one trace file into events. Most markers are one header line; a few entries carry a
 * multi-line JSON payload, which is buffered until its last brace, and an interpreter may hold several lines that
 * make one event (a burst of error lines). While a payload or a hold is pending the file's safe offset stays before
 * it, so a restart re-reads it whole (a payload's lines yield nothing until it is complete). Events of lines that a
 * run before the restart had already read (up to {@code replayUntil}) were taken then: those lines only rebuild what
 * is held, their events are dropped. Every header line is also searched for the runner's version where paths or URLs
 * show it (not the lines that continue it: after a restart in their midst their time is not known).
 */
public abstract class FileInterpreter {

    private StringBuilder payload;
    private String payloadComponent;
    private DiagLine payloadHeader;
    private JsonDepth payloadDepth;
    private long safeOffset;
    private long lastLineEnd;
    private long lineStart;
    /** Start of the first line a held entry needs again after a restart; -1 when nothing is held. */
    private long heldFrom = -1;
    private Instant lastTime;
    private final long replayUntil;

    protected FileInterpreter(long startOffset, long replayUntil) {
        this.safeOffset = startOffset;
        this.lastLineEnd = startOffset;
        this.replayUntil = replayUntil;
    }

    /** Feeds one complete line (without its newline) that ends at {@code endOffset} in the file. */
    public final void accept(String text, long endOffset, List<LogEvent> out, ParseErrors errors) {
        if (endOffset <= replayUntil) {
            read(text, endOffset, new ArrayList<>(), reason -> { }); // taken before the restart
        } else {
            read(text, endOffset, out, errors);
        }
    }

    private void read(String text, long endOffset, List<LogEvent> out, ParseErrors errors) {
        lineStart = lastLineEnd;
        lastLineEnd = endOffset;
        DiagLineParser.Parsed parsed = DiagLineParser.parse(text);
        if (parsed instanceof Header h) {
            lastTime = h.line().time();
        }
        if (payload != null) {
            String piece = null;
            if (parsed instanceof Continuation c) {
                piece = c.text();
            } else if (parsed instanceof Header h && h.line().component().equals(payloadComponent)
                    && !startsPayload(h.line())) {
                piece = h.line().message(); // ARC stdout prefixes every line of a multi-line message
            }
            if (piece != null) {
                appendPayload(piece, out, errors);
                if (payload == null) {
                    safeOffset = endOffset;
                }
                return;
            }
            errors.count(ParseErrors.BAD_JSON); // cut short by the next entry
            clearPayload();
        }
        if (parsed instanceof Header h) {
            onLine(h.line());
            if (startsPayload(h.line())) {
                payload = new StringBuilder();
                payloadComponent = h.line().component();
                payloadHeader = h.line();
                payloadDepth = new JsonDepth();
                String first = payloadStart(h.line());
                safeOffset = lineStart;
                if (!first.isEmpty()) {
                    appendPayload(first, out, errors);
                }
                if (payload == null) {
                    safeOffset = endOffset;
                }
                return;
            }
            beforeInterpret(h.line(), out);
            versionHints(text, out);
            interpret(h.line(), out);
        } else if (parsed instanceof BadTimestamp) {
            errors.count(ParseErrors.BAD_TIMESTAMP);
        } else {
            onContinuation(((Continuation) parsed).text());
        }
        safeOffset = endOffset;
    }

    /** The offset a restart must read from so that no buffered payload or held entry is lost. */
    public final long safeOffset() {
        return heldFrom >= 0 ? Math.min(heldFrom, safeOffset) : safeOffset;
    }

    /** Called when the file had nothing new: an entry held for more lines is as complete as it gets. */
    public final void idle(List<LogEvent> out) {
        onIdle(out);
    }

    protected void onIdle(List<LogEvent> out) {
    }

    /**
     * Keeps the current line for a restart until {@link #release()}: the lines from it on make an event that is not
     * out yet. The lines read meanwhile are read again after a restart, their own events dropped (replay).
     */
    protected final void hold() {
        if (heldFrom < 0) {
            heldFrom = lineStart;
        }
    }

    protected final void release() {
        heldFrom = -1;
    }

    private void versionHints(String text, List<LogEvent> out) {
        if (lastTime == null) {
            return; // no time to give it yet (read from the middle of an entry)
        }
        // Every line that shows it: what one read of the file yields must not depend on where a restart fell.
        String bin = VersionHints.binPath(text);
        if (bin != null) {
            out.add(new LogEvent.RunnerVersion(lastTime, bin, LogEvent.VersionSource.BIN_PATH));
            return;
        }
        String url = VersionHints.urlParameter(text);
        if (url != null) {
            out.add(new LogEvent.RunnerVersion(lastTime, url, LogEvent.VersionSource.URL));
        }
    }

    /** Called for every header line before it is interpreted. */
    protected void onLine(DiagLine line) {
    }

    /** Called for every header line before it is interpreted, with the events out. */
    protected void beforeInterpret(DiagLine line, List<LogEvent> out) {
    }

    /** Called for a continuation line outside a payload (stack traces, wrapped text). */
    protected void onContinuation(String text) {
    }

    protected abstract void interpret(DiagLine line, List<LogEvent> out);

    /** Whether this header opens a JSON payload this interpreter wants. */
    protected boolean startsPayload(DiagLine line) {
        return false;
    }

    /** The part of the header's message that already belongs to the payload. */
    protected String payloadStart(DiagLine line) {
        return "";
    }

    /** A complete payload, or a truncated one when {@code json} does not parse. */
    protected void onPayload(DiagLine header, String json, List<LogEvent> out, ParseErrors errors) {
    }

    private void appendPayload(String piece, List<LogEvent> out, ParseErrors errors) {
        payload.append(piece).append('\n');
        payloadDepth.feed(piece);
        if (payloadDepth.complete()) {
            DiagLine header = payloadHeader;
            String json = payload.toString();
            clearPayload();
            onPayload(header, json, out, errors);
        }
    }

    private void clearPayload() {
        payload = null;
        payloadComponent = null;
        payloadHeader = null;
        payloadDepth = null;
    }
}
