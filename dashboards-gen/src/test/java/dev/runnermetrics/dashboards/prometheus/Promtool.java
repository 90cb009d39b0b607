package dev.runnermetrics.dashboards.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real promtool from Debian's prometheus package. Tests fail, never skip, when it is missing. */
final class Promtool {

    /** What a run printed and returned. */
    record Result(int exitCode, String stdout, String stderr) {

        /** Asserts success and the exact standard output, showing everything promtool said when it differs. */
        void assertSuccess(String expectedStdout) {
            String report = "promtool exit code " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
            assertEquals(0, exitCode, report);
            assertEquals(expectedStdout, stdout, report);
            assertEquals("", stderr, report);
        }
    }

    private Promtool() {
    }

    static Path binary() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("promtool is not on PATH. These tests check the generated Prometheus files with the real promtool: "
                + "install Debian's prometheus package (apt-get install prometheus) and run the build again.");
    }

    /** Runs {@code promtool args...} in {@code dir} (relative paths in test files resolve from there). */
    static Result run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "promtool", ".out");
        Path err = Files.createTempFile(dir, "promtool", ".err");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("promtool " + String.join(" ", args) + " did not finish within 2 minutes");
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }
}
