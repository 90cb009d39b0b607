package dev.runnermetrics.exporter.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes a state directory read-only or full with the kernel's own errors, not a stub: the directory is a small tmpfs
 * of its own, remounted read-only ({@code EROFS}) or filled up ({@code ENOSPC}). CI runs the tests as root
 * ({@code .ci/run}), where file permissions would not stop a write, and root may mount. A user who may not mount
 * skips these tests (they say so); as root a failed mount fails the test, so CI cannot skip them unnoticed.
 */
final class StateDirFault {

    private static final String SIZE = "2m";

    private final Path dir;
    private Path filler;

    private StateDirFault(Path dir) {
        this.dir = dir;
    }

    /** Creates {@code dir} as a tmpfs of its own. */
    static StateDirFault at(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + SIZE + ",mode=0755", "tmpfs", dir.toString());
        if (failure != null) {
            boolean root = "root".equals(System.getProperty("user.name"));
            String why = "a read-only or full state directory needs a tmpfs mounted for the test, and mounting failed: "
                    + failure;
            if (root) {
                throw new IllegalStateException(why + " (root without CAP_SYS_ADMIN? give the CI container it)");
            }
            Assumptions.abort(why + " (run as root, as CI does)");
        }
        return new StateDirFault(dir);
    }

    String mechanism() {
        return "a tmpfs of " + SIZE + " mounted at the state directory";
    }

    void readOnly() throws IOException, InterruptedException {
        require(run("mount", "-o", "remount,ro", dir.toString()), "remount read-only");
        try {
            Files.writeString(dir.resolve("probe"), "x");
            throw new IllegalStateException(dir + " is still writable after the read-only remount");
        } catch (IOException expected) {
            // Read-only file system, as it should be
        }
    }

    void writable() throws IOException, InterruptedException {
        require(run("mount", "-o", "remount,rw", dir.toString()), "remount read-write");
    }

    /** Leaves no byte free in the state directory's file system. */
    void fill() throws IOException {
        filler = dir.resolve("filler");
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    void unfill() throws IOException {
        Files.delete(filler);
    }

    /** Unmounts the tmpfs (the exporter must be stopped). */
    void close() throws IOException, InterruptedException {
        if (run("umount", dir.toString()) != null) {
            require(run("umount", "-l", dir.toString()), "umount " + dir);
        }
    }

    private static void require(String failure, String what) {
        if (failure != null) {
            throw new IllegalStateException(what + " failed: " + failure);
        }
    }

    /** Runs a command; null when it succeeded, else what it said. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return notInstalled.getMessage();
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " timed out";
        }
        String out = new String(p.getInputStream().readAllBytes()).strip();
        return p.exitValue() == 0 ? null : String.join(" ", command) + ": exit " + p.exitValue() + " " + out;
    }
}
