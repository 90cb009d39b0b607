package dev.runnermetrics.exporter.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The real Prometheus tools the integration tests use (Debian package {@code prometheus}; CI installs it). */
public final class PrometheusTools {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private PrometheusTools() {
    }

    public static Path onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail(tool + " is not on PATH; install it with `apt-get install prometheus` (CI installs it)");
    }

    /** Asserts that {@code promtool check metrics} prints nothing and exits 0 on a text-format scrape. */
    public static void assertPromtoolFindsNothing(String scrape, Path workDir) throws IOException,
            InterruptedException {
        Path out = Files.createTempFile(workDir, "promtool", ".out");
        Process process = new ProcessBuilder(onPath("promtool").toString(), "check", "metrics")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool check metrics did not finish within " + TIMEOUT);
        }
        assertEquals("", Files.readString(out), "promtool check metrics output (exit " + process.exitValue() + ")");
        assertEquals(0, process.exitValue(), "promtool check metrics exit code");
    }
}
