package dev.runnermetrics.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled history (runner/_diag) was baked by the replay on a simulated clock; baking it again must give the same
 * bytes. That holds every line the listener and the worker write, the job message JSON (pretty in the Worker log;
 * compact, by its length and hash, in the Runner log), telemetry and the ids drawn from the seed: what the exporter's
 * golden tests and the dashboards' end-to-end test read.
 */
class BakedHistoryTest {

    private static final Path BUNDLED = Path.of("runner");

    @Test
    void bakingTheHistoryAgainWritesTheBundledLogsByteForByte(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("_diag"));
        Files.copy(BUNDLED.resolve(".runner"), tmp.resolve(".runner"));

        DemoReplay.bake(tmp, Instant.parse("2026-11-20T07:58:12Z"));

        List<String> bundled = names(BUNDLED.resolve("_diag"));
        assertEquals(bundled, names(tmp.resolve("_diag")));
        assertEquals(4, bundled.size(), "one listener session and three workers");
        for (String name : bundled) {
            assertArrayEquals(Files.readAllBytes(BUNDLED.resolve("_diag").resolve(name)),
                    Files.readAllBytes(tmp.resolve("_diag").resolve(name)), name);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
