package dev.runnermetrics.demo.runner;

import static dev.runnermetrics.demo.sim.Formats.UTC_U;

import dev.runnermetrics.demo.sim.Clock;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/** A _diag file: "[yyyy-MM-dd HH:mm:ssZ LEVL Component] message\n", unbuffered so a tailer sees each write. */
final class Diag implements AutoCloseable {
    private final OutputStream out;
    private final Clock clock;
    private final Random rnd;
    private final boolean splitWrites;
    private final Runnable beforeWrite;

    Diag(Path file, Clock clock, Random rnd, boolean splitWrites, Runnable beforeWrite) {
        try {
            this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.clock = clock;
        this.rnd = rnd;
        this.splitWrites = splitWrites;
        this.beforeWrite = beforeWrite;
    }

    void info(String component, String message) {
        write("INFO", component, message);
    }

    void warn(String component, String message) {
        write("WARN", component, message);
    }

    void err(String component, String message) {
        write("ERR ", component, message);
    }

    private void write(String level, String component, String message) {
        if (beforeWrite != null) beforeWrite.run();
        String header = "[" + UTC_U.format(clock.now()) + " " + level + " " + component + "] ";
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            // HostTraceListener flushes the header and the message separately, and its 4 KB
            // FileStream buffer cuts long messages (the job message JSON) into chunks, so a
            // tailer can see partial lines. Now and then stretch one such gap to 300 ms.
            boolean stall = splitWrites && rnd.nextInt(50) == 0;
            out.write(head);
            out.flush();
            if (stall && body.length <= 4096) clock.sleep(300);
            for (int off = 0; off < body.length; off += 4096) {
                out.write(body, off, Math.min(4096, body.length - off));
                out.flush();
                if (stall && off == 0 && body.length > 4096) clock.sleep(300);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

