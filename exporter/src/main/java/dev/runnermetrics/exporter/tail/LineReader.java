package dev.runnermetrics.exporter.tail;

import dev.runnermetrics.exporter.logs.LineSplitter;
import dev.runnermetrics.exporter.logs.ParseErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads what a file holds beyond an offset as complete lines: the one read loop of the _diag tailer and the
 * step-output watcher. A last line without its newline is left for the next read (its writer is mid-line) unless the
 * writer is gone ({@link #readToEnd}); a line longer than the limit is skipped up to its newline, also across reads,
 * and counted once. The offset and whether it lies inside an over-long line are what the caller saves for a restart;
 * the caller also tells a file cut shorter than the offset (that is new content, read with a new reader from 0).
 */
public final class LineReader {

    /** Where the complete lines go. */
    @FunctionalInterface
    public interface Lines {
        /** One line without its newline (CR and a leading BOM removed); {@code endOffset} is just past its newline. */
        void line(String text, long endOffset);
    }

    /**
     * The read buffer, one per polling thread rather than one per file: it must hold the longest line allowed (1 MiB
     * by default), and a reader per runner each holding its own ran a 64 MiB heap out of memory with a few dozen
     * runners. It is cleared before every read and holds nothing between reads, and all runners are polled one after
     * another on one thread, so they can share it.
     */
    private static final ThreadLocal<ByteBuffer> BUFFERS = new ThreadLocal<>();

    private final int maxLineBytes;
    private long offset;
    private boolean skipping;

    /**
     * @param maxLineBytes longest line kept, without its newline
     * @param offset       where the next read starts
     * @param skipping     whether {@code offset} lies inside an over-long line that is still being skipped
     */
    public LineReader(int maxLineBytes, long offset, boolean skipping) {
        this.maxLineBytes = maxLineBytes;
        this.offset = offset;
        this.skipping = skipping;
    }

    /** Where the next read starts: just past the last complete line handed on (or skipped). */
    public long offset() {
        return offset;
    }

    /** Whether the next read starts inside an over-long line, dropped up to its newline. */
    public boolean skipping() {
        return skipping;
    }

    /**
     * Hands every complete line from the offset on to {@code lines} and moves the offset past it; each over-long line
     * is counted once as {@link ParseErrors#LINE_TOO_LONG}. An unfinished last line stays for the next read.
     */
    public void read(FileChannel channel, Lines lines, ParseErrors errors) throws IOException {
        while (true) {
            ByteBuffer buffer = buffer();
            int n = channel.read(buffer, offset);
            if (n <= 0) {
                return;
            }
            LineSplitter.Result result = LineSplitter.split(buffer.array(), n, offset, skipping, maxLineBytes);
            handOn(result, lines, errors);
            boolean progressed = result.resumeOffset() != offset;
            offset = result.resumeOffset();
            skipping = result.skipping();
            if (!progressed || n < buffer.capacity()) {
                return; // at the end, or waiting for the rest of a line
            }
        }
    }

    /**
     * As {@link #read}, for a file whose writer is gone: the runner ends every line, so an unterminated last line
     * (up to the limit) is all there will be of it and is handed on as a line too.
     */
    public void readToEnd(FileChannel channel, Lines lines, ParseErrors errors) throws IOException {
        read(channel, lines, errors);
        long rest = channel.size() - offset;
        if (skipping || rest <= 0 || rest > maxLineBytes) {
            return;
        }
        ByteBuffer tail = ByteBuffer.allocate((int) rest + 1);
        while (tail.position() < rest && channel.read(tail, offset + tail.position()) > 0) {
            // read fully
        }
        tail.put((byte) '\n');
        handOn(LineSplitter.split(tail.array(), tail.position(), offset, false, maxLineBytes), lines, errors);
        offset += rest;
    }

    private static void handOn(LineSplitter.Result result, Lines lines, ParseErrors errors) {
        for (int i = 0; i < result.tooLong(); i++) {
            errors.count(ParseErrors.LINE_TOO_LONG);
        }
        for (LineSplitter.Line line : result.lines()) {
            lines.line(line.text(), line.endOffset());
        }
    }

    /** This thread's buffer, cleared, with a capacity of {@code max(64 KiB, maxLineBytes + 1)}. */
    private ByteBuffer buffer() {
        // One byte more than the longest line, so a full buffer without a newline proves the line too long.
        int capacity = Math.max(64 * 1024, maxLineBytes + 1);
        ByteBuffer buffer = BUFFERS.get();
        if (buffer == null || buffer.capacity() != capacity) {
            buffer = ByteBuffer.allocate(capacity);
            BUFFERS.set(buffer);
        }
        return buffer.clear();
    }
}
