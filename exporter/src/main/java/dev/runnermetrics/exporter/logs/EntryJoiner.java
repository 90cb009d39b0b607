package dev.runnermetrics.exporter.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Joins the lines of one trace file into the entries its interpreter reads, and keeps the file's safe offset. Most
 * entries are one header line; a few carry a multi-line JSON payload, which is buffered until its last brace, and an
 * interpreter may hold several entries that make one event (a burst of error lines). While a payload or a hold is
 * pending the safe offset stays before it, so a restart re-reads it whole (a payload's lines yield nothing until it is
 * complete). Lines that a run before the restart had already read (up to {@code replayUntil}) were taken then: they
 * only rebuild what is held, their events and parse errors are dropped.
 */
final class EntryJoiner {

    /** What a line, or the lines of a payload, turned out to be. */
    sealed interface Entry {

        /** A header line that opens no payload; {@code text} is the whole line as read. */
        record Header(DiagLine line, String text) implements Entry {
        }

        /** A line that continues the entry before it outside a payload (stack traces, wrapped text). */
        record Continuation(String text) implements Entry {
        }

        /** A complete payload, or a truncated one when {@code json} does not parse. */
        record Payload(DiagLine header, String json) implements Entry {
        }
    }

    /** Where an interpreter takes its entries. */
    @FunctionalInterface
    interface Entries {
        void entry(Entry entry, List<LogEvent> out, ParseErrors errors);
    }

    /** For files none of whose entries opens a payload. */
    static final Function<DiagLine, String> NO_PAYLOAD = header -> null;

    private final Function<DiagLine, String> payloadStart;
    private final Entries entries;
    private final long replayUntil;
    private StringBuilder payload;
    private String payloadComponent;
    private DiagLine payloadHeader;
    private JsonDepth payloadDepth;
    private long safeOffset;
    private long lastLineEnd;
    private long lineStart;
    /** Start of the first line a held entry needs again after a restart; -1 when nothing is held. */
    private long heldFrom = -1;
    private Instant lastHeaderTime;

    /**
     * @param payloadStart the part of a header's message that already belongs to the JSON payload it opens, or null
     *                     when it opens none
     * @param replayUntil  where the last run stopped reading: what lies before it was taken then
     */
    EntryJoiner(long startOffset, long replayUntil, Function<DiagLine, String> payloadStart, Entries entries) {
        this.safeOffset = startOffset;
        this.lastLineEnd = startOffset;
        this.replayUntil = replayUntil;
        this.payloadStart = payloadStart;
        this.entries = entries;
    }

    /** Feeds one complete line (without its newline) that ends at {@code endOffset} in the file. */
    void accept(String text, long endOffset, List<LogEvent> out, ParseErrors errors) {
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
        if (payload != null) {
            String piece = null;
            if (parsed instanceof DiagLineParser.Continuation c) {
                piece = c.text();
            } else if (parsed instanceof DiagLineParser.Header h && h.line().component().equals(payloadComponent)
                    && payloadStart.apply(h.line()) == null) {
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
        if (parsed instanceof DiagLineParser.Header h) {
            lastHeaderTime = h.line().time();
            String first = payloadStart.apply(h.line());
            if (first != null) {
                payload = new StringBuilder();
                payloadComponent = h.line().component();
                payloadHeader = h.line();
                payloadDepth = new JsonDepth();
                safeOffset = lineStart;
                if (!first.isEmpty()) {
                    appendPayload(first, out, errors);
                }
                if (payload == null) {
                    safeOffset = endOffset;
                }
                return;
            }
            entries.entry(new Entry.Header(h.line(), text), out, errors);
        } else if (parsed instanceof DiagLineParser.BadTimestamp) {
            errors.count(ParseErrors.BAD_TIMESTAMP);
        } else {
            entries.entry(new Entry.Continuation(((DiagLineParser.Continuation) parsed).text()), out, errors);
        }
        safeOffset = endOffset;
    }

    /** The offset a restart must read from so that no buffered payload or held entry is lost. */
    long safeOffset() {
        return heldFrom >= 0 ? Math.min(heldFrom, safeOffset) : safeOffset;
    }

    /** Time of the newest entry's header (a header continuing a payload is none), or null before the first. */
    Instant lastHeaderTime() {
        return lastHeaderTime;
    }

    /**
     * Keeps the current line for a restart until {@link #release()}: the lines from it on make an event that is not
     * out yet. The lines read meanwhile are read again after a restart, their own events dropped (replay).
     */
    void hold() {
        if (heldFrom < 0) {
            heldFrom = lineStart;
        }
    }

    void release() {
        heldFrom = -1;
    }

    private void appendPayload(String piece, List<LogEvent> out, ParseErrors errors) {
        payload.append(piece).append('\n');
        payloadDepth.feed(piece);
        if (payloadDepth.complete()) {
            DiagLine header = payloadHeader;
            String json = payload.toString();
            clearPayload();
            entries.entry(new Entry.Payload(header, json), out, errors);
        }
    }

    private void clearPayload() {
        payload = null;
        payloadComponent = null;
        payloadHeader = null;
        payloadDepth = null;
    }
}
