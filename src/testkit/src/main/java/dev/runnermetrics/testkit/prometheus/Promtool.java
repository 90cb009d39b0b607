package dev.runnermetrics.testkit.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runnermetrics.testkit.process.Processes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real promtool (Debian's prometheus package). Tests fail, never skip, when it is missing. */
public final class Promtool {

    /** Rule unit tests over many series take a while on a shared build machine. */
    private static final long TIMEOUT_MINUTES = 2;

    /** What a run printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {

        /** Asserts success and the exact standard output, showing everything promtool said when it differs. */
        public void assertSuccess(String expectedStdout) {
            String report = "promtool exit code " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
            assertEquals(0, exitCode, report);
            assertEquals(expectedStdout, stdout, report);
            assertEquals("", stderr, report);
        }
    }

    private Promtool() {
    }

    /** promtool on PATH; fails the test, with how to install it, when it is not there. */
    public static Path binary() {
        return PrometheusServer.onPath("promtool");
    }

    /** Runs {@code promtool args...} in {@code dir} (relative paths in test files resolve from there). */
    public static Result run(Path dir, String... args) throws IOException, InterruptedException {
        return run(dir, null, args);
    }

    /**
     * {@code promtool check metrics} on a scrape in the text format; {@code .assertSuccess("")} then says it found
     * nothing to criticise. Its output files go to {@code dir}.
     */
    public static Result checkMetrics(String exposition, Path dir) throws IOException, InterruptedException {
        return run(dir, exposition.getBytes(StandardCharsets.UTF_8), "check", "metrics");
    }

    private static Result run(Path dir, byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(List.of(args));
        // Files, not pipes: a chatty run cannot block on a full pipe while we wait for it.
        Path out = Files.createTempFile(dir, "promtool", ".out");
        Path err = Files.createTempFile(dir, "promtool", ".err");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("promtool " + String.join(" ", args) + " did not finish within " + TIMEOUT_MINUTES + " minutes");
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }
}
