package dev.runnermetrics.testkit.process;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** What every real process of a test needs: a port, its binary, a wait until it answers, a clean stop. */
public final class Processes {

    private Processes() {
    }

    /**
     * A port nothing listens on now, on any interface (e.g. for WEBHOOK_PORT). The socket is closed before the
     * process binds it, so another process may take it in between: a process that then fails to start says so in
     * its log.
     */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The executable {@code tool} on PATH; fails the test with {@code installHint} when there is none. */
    public static Path onPath(String tool, String installHint) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail(tool + " is not on PATH: " + installHint);
    }

    /**
     * SIGTERM, then SIGKILL if it has not stopped within 10 s; nothing when it is null or gone. Interrupted, it kills
     * at once and keeps the interrupt: a test's clean-up must not leave a process behind.
     */
    public static void stop(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until a GET of {@code uri} answers 200 (a refused connection is a process still starting).
     *
     * @param diagnostics what to show when the process exits or the time is up (its log, usually)
     * @throws IllegalStateException when the process exits first or the time is up
     */
    public static void awaitOk(Process process, String name, HttpClient client, URI uri, Duration timeout,
            Supplier<String> diagnostics) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; "
                        + diagnostics.get());
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not answer 200 at " + uri + " within " + timeout + "; "
                + diagnostics.get());
    }

    /** What a process wrote to its log file so far: "" when there is none yet, a note when it is unreadable. */
    public static String readLog(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
