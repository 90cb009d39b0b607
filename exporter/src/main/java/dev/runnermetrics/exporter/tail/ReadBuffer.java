package dev.runnermetrics.exporter.tail;

import java.nio.ByteBuffer;

/**
 * The read buffer of the log tailers and step-output watchers, one per polling thread rather than one per file
 * reader: it must hold the longest line allowed (1 MiB by default), and a reader per runner each holding its own
 * ran a 64 MiB heap out of memory with a few dozen runners. Readers clear it before every read and keep nothing in it
 * between reads, and all runners are polled one after another on one thread, so they can share it.
 */
public final class ReadBuffer {

    private static final ThreadLocal<ByteBuffer> BUFFERS = new ThreadLocal<>();

    private ReadBuffer() {
    }

    /** This thread's buffer, cleared, with a capacity of {@code max(64 KiB, maxLineBytes + 1)}. */
    public static ByteBuffer forLines(int maxLineBytes) {
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
