package dev.runnermetrics.exporter.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whole-output golden files under src/test/resources/golden. Run with {@code -Dgolden.update=true} to rewrite
 * them after a deliberate change, then review the diff before committing.
 */
public final class Golden {

    private static final Path ROOT = Path.of("src/test/resources/golden");

    private Golden() {
    }

    public static void assertMatches(String relativePath, String actual) throws IOException {
        Path file = ROOT.resolve(relativePath);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        if (!Files.exists(file)) {
            throw new AssertionError("golden file " + file + " is missing; run with -Dgolden.update=true and review");
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "differs from golden " + file);
    }
}
