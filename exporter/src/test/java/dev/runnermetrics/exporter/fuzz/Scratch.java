package dev.runnermetrics.exporter.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A scratch directory for targets that write real files, emptied between inputs and removed when the JVM exits. */
final class Scratch {

    private Scratch() {
    }

    static Path create(String name) {
        try {
            // tmpfs where there is one: the stores sync every write, which on a disk would slow fuzzing down.
            Path shm = Path.of("/dev/shm");
            Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, name)
                    : Files.createTempDirectory(name);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes everything inside {@code dir}, keeping the directory. */
    static void empty(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try {
            empty(dir);
            Files.deleteIfExists(dir);
        } catch (RuntimeException | IOException e) {
            // best effort at exit
        }
    }
}
