package dev.runnermetrics.demo.steps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A file written through a StreamWriter(Encoding.UTF8) on a FileStream: BOM first, 4 KB at a time, the rest on close. */
final class BufferedFile {
    final Path path;
    private final OutputStream out;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    BufferedFile(Path path) {
        this.path = path;
        try {
            out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE); // FileMode.CreateNew
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pending.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }

    void append(byte[] bytes) {
        pending.writeBytes(bytes);
        if (pending.size() >= StepOutput.FILE_BUFFER) {
            byte[] all = pending.toByteArray();
            int full = all.length / StepOutput.FILE_BUFFER * StepOutput.FILE_BUFFER;
            write(all, full);
            pending.reset();
            pending.write(all, full, all.length - full);
        }
    }

    void close() {
        write(pending.toByteArray(), pending.size());
        pending.reset();
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(byte[] bytes, int length) {
        try {
            out.write(bytes, 0, length);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
