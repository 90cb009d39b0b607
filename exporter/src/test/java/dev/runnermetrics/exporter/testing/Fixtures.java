package dev.runnermetrics.exporter.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real runner log excerpts copied from shared fixtures (see runner-logs/SOURCES.md). */
public final class Fixtures {

    public static final Path RUNNER_LOGS = Path.of("src/test/resources/runner-logs");

    private Fixtures() {
    }

    public static List<Path> files(String kind) throws IOException {
        try (Stream<Path> files = Files.list(RUNNER_LOGS.resolve(kind))) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
    }
}
