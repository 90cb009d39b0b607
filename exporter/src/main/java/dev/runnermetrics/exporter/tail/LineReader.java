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

    /** What a read normally reads at once: many short lines per call, and all that stays live between reads. */
    private static final int SMALL = 64 * 1024;

    /**
     * The small read buffer, one per polling thread rather than one per file: a reader per runner each holding its own
     * buffer ran a 64 MiB heap out of memory with a few dozen runners. It is cleared before every read and holds
     * nothing between reads, and all runners are polled one after another on one thread, so they can share it. A line
     * longer than it is read again with a larger buffer (up to the longest line allowed, 1 MiB by default) that is
     * dropped after that read: kept, it was the largest object of an idle exporter's heap.
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
        // One byte more than the longest line: a full buffer of this size without a newline proves the line too long.
        int judge = Math.max(SMALL, maxLineBytes + 1);
        ByteBuffer buffer = smallBuffer();
        while (true) {
            int n = channel.read(buffer.clear(), offset);
            if (n <= 0) {
                return;
            }
            LineSplitter.Result result = LineSplitter.split(buffer.array(), n, offset, skipping, maxLineBytes);
            handOn(result, lines, errors);
            boolean progressed = result.resumeOffset() != offset;
            offset = result.resumeOffset();
            skipping = result.skipping();
            if (!progressed && n == buffer.capacity() && n < judge) {
                // One line fills the buffer and may still be within the limit: read it again with a larger one.
                buffer = ByteBuffer.allocate(larger(buffer.capacity(), judge));
            } else if (!progressed || n < buffer.capacity()) {
                return; // at the end, or waiting for the rest of a line
            } else {
                buffer = smallBuffer();
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

    /** Four times {@code capacity}, or {@code judge} when that is more than half of it (no 1-byte last step). */
    private static int larger(int capacity, int judge) {
        long next = 4L * capacity;
        return next > judge / 2 ? judge : (int) next;
    }

    /** This thread's small buffer, of {@link #SMALL} bytes. */
    private static ByteBuffer smallBuffer() {
        ByteBuffer buffer = BUFFERS.get();
        if (buffer == null) {
            buffer = ByteBuffer.allocate(SMALL);
            BUFFERS.set(buffer);
        }
        return buffer;
    }

    /** The capacity of the buffer this thread keeps between reads, 0 before its first read. */
    static int keptBufferCapacity() {
        ByteBuffer buffer = BUFFERS.get();
        return buffer == null ? 0 : buffer.capacity();
    }
}
