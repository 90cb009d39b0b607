package dev.runnermetrics.exporter.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;

/**
 * A checksum of a file's first bytes. File systems reuse a deleted file's inode at once, so the inode alone cannot
 * tell a recreated log from the one we were reading; its first line (a time stamp) can.
 */
record FileHead(long length, long crc) {

    static final int MAX_LENGTH = 256;
    static final FileHead EMPTY = new FileHead(0, new CRC32().getValue());

    static FileHead of(LogFolder folder, String name, long size) throws IOException {
        int length = (int) Math.min(size, MAX_LENGTH);
        return new FileHead(length, crc(folder, name, length));
    }

    boolean matches(LogFolder folder, String name, long size) throws IOException {
        return length == 0 || size >= length && crc(folder, name, (int) length) == crc;
    }

    /** Whether an open file starts with this head. */
    boolean matches(FileChannel channel) throws IOException {
        return length == 0 || channel.size() >= length && crc(channel, (int) length) == crc;
    }

    private static long crc(LogFolder folder, String name, int length) throws IOException {
        try (FileChannel channel = folder.open(name)) {
            return crc(channel, length);
        }
    }

    private static long crc(FileChannel channel, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // read fully
        }
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, buffer.position());
        return crc.getValue();
    }
}
