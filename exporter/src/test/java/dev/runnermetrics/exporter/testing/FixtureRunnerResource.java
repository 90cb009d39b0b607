package dev.runnermetrics.exporter.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** A fresh copy of the fixture runner directory and an empty state folder for each Quarkus test run. */
public class FixtureRunnerResource implements QuarkusTestResourceLifecycleManager {

    private Path work;

    @Override
    public Map<String, String> start() {
        try {
            work = Files.createTempDirectory("fixture-runner");
            Path runner = work.resolve("runner");
            Path source = source();
            try (Stream<Path> files = Files.walk(source)) {
                for (Path p : files.toList()) {
                    Path target = runner.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            return properties(runner, work.resolve("state"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The runner directory copied for the test. */
    protected Path source() {
        return Path.of("src/test/resources/fixture-runner");
    }

    protected Map<String, String> properties(Path runner, Path state) {
        return Map.of(
                "runner-metrics.runner-dir", runner.toString(),
                "runner-metrics.state-dir", state.toString(),
                "runner-metrics.runner-name", "fixture-runner",
                "runner-metrics.runner-type", "chrome");
    }

    @Override
    public void stop() {
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
