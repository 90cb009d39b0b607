package dev.runnermetrics.exporter.logs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts bytes read from a log file into complete lines. A last line without its newline is left for the next read
 * (the writer is mid-line); a line longer than the limit is skipped up to its newline and counted.
 */
public final class LineSplitter {

    /** A complete line and the file offset just past its newline. */
    public record Line(String text, long endOffset) {
    }

    /**
     * @param resumeOffset where the next read must start
     * @param skipping     true when the next read starts inside an over-long line that must be dropped
     * @param tooLong      over-long lines met in this chunk
     */
    public record Result(List<Line> lines, long resumeOffset, boolean skipping, int tooLong) {
    }

    private LineSplitter() {
    }

    /**
     * @param chunk       bytes read from the file at {@code startOffset}
     * @param skipping    whether {@code startOffset} is inside an over-long line
     * @param maxLineBytes longest line kept, without its newline
     */
    public static Result split(byte[] chunk, int length, long startOffset, boolean skipping, int maxLineBytes) {
        List<Line> lines = new ArrayList<>();
        int tooLong = 0;
        int lineStart = 0;
        for (int i = 0; i < length; i++) {
            if (chunk[i] != '\n') {
                continue;
            }
            int lineLength = i - lineStart;
            if (skipping) {
                skipping = false;
            } else if (lineLength > maxLineBytes) {
                tooLong++;
            } else {
                lines.add(new Line(decode(chunk, lineStart, lineLength, startOffset == 0 && lineStart == 0),
                        startOffset + i + 1));
            }
            lineStart = i + 1;
        }
        int pending = length - lineStart;
        if (skipping || pending > maxLineBytes) {
            // Drop what we have of the over-long line and keep dropping until its newline.
            if (!skipping) {
                tooLong++;
            }
            return new Result(lines, startOffset + length, true, tooLong);
        }
        return new Result(lines, startOffset + lineStart, false, tooLong);
    }

    private static String decode(byte[] bytes, int from, int length, boolean fileStart) {
        int end = from + length;
        if (end > from && bytes[end - 1] == '\r') {
            end--; // CRLF from Windows runners
        }
        if (fileStart && end - from >= 3 && (bytes[from] & 0xFF) == 0xEF && (bytes[from + 1] & 0xFF) == 0xBB
                && (bytes[from + 2] & 0xFF) == 0xBF) {
            from += 3; // .NET writes a UTF-8 byte order mark at the start of a file
        }
        return new String(bytes, from, end - from, StandardCharsets.UTF_8);
    }
}
