package dev.runnermetrics.exporter.logs;

import dev.runnermetrics.exporter.logs.DiagLineParser.BadTimestamp;
import dev.runnermetrics.exporter.logs.DiagLineParser.Continuation;
import dev.runnermetrics.exporter.logs.DiagLineParser.Header;
import java.util.List;

/**
 * Turns the lines of one trace file into events. Most markers are one header line; a few entries carry a
 * multi-line JSON payload, which is buffered until its last brace. While a payload is buffered the file's safe
 * offset stays before it, so a restart re-reads it whole.
 */
public abstract class FileInterpreter {

    private StringBuilder payload;
    private String payloadComponent;
    private DiagLine payloadHeader;
    private JsonDepth payloadDepth;
    private long safeOffset;
    private long lastLineEnd;

    protected FileInterpreter(long startOffset) {
        this.safeOffset = startOffset;
        this.lastLineEnd = startOffset;
    }

    /** Feeds one complete line (without its newline) that ends at {@code endOffset} in the file. */
    public final void accept(String text, long endOffset, List<LogEvent> out, ParseErrors errors) {
        long lineStart = lastLineEnd;
        lastLineEnd = endOffset;
        DiagLineParser.Parsed parsed = DiagLineParser.parse(text);
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
            interpret(h.line(), out);
        } else if (parsed instanceof BadTimestamp) {
            errors.count(ParseErrors.BAD_TIMESTAMP);
        } else {
            onContinuation();
        }
        safeOffset = endOffset;
    }

    /** The offset a restart must read from so that no buffered payload is lost. */
    public final long safeOffset() {
        return safeOffset;
    }

    /** Called for every header line before it is interpreted. */
    protected void onLine(DiagLine line) {
    }

    /** Called for a continuation line outside a payload (stack traces, wrapped text): nothing to take. */
    protected void onContinuation() {
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
