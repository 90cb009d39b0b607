package dev.runnermetrics.dashboards.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runnermetrics.dashboards.Generate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Users take the files straight from deployment/; they must be exactly what the generator writes. After changing
 * the generator run {@code ./mvnw -pl dashboards-gen test -Ddeployment.update=true} and commit the copies.
 */
class DeploymentCopiesTest {

    private static final Path DEPLOYMENT = Path.of("..", "deployment");
    private static final List<String> GENERATED_FOLDERS = List.of("grafana", "prometheus");

    @Test
    void committedCopiesMatchTheGeneratorExactly() throws IOException {
        List<Artifact> artifacts = Generate.artifacts();
        if (Boolean.getBoolean("deployment.update")) {
            for (String folder : GENERATED_FOLDERS) {
                deleteTree(DEPLOYMENT.resolve(folder));
            }
            for (Artifact a : artifacts) {
                Path file = DEPLOYMENT.resolve(a.path());
                Files.createDirectories(file.getParent());
                Files.writeString(file, a.content(), StandardCharsets.UTF_8);
            }
        }
        TreeSet<String> expected = new TreeSet<>(artifacts.stream().map(Artifact::path).toList());
        assertEquals(expected, committedFiles(), "deployment/ holds other files than the generator writes");
        for (Artifact a : artifacts) {
            assertEquals(a.content(), Files.readString(DEPLOYMENT.resolve(a.path()), StandardCharsets.UTF_8),
                    "deployment/" + a.path() + " drifted from the generator; run with -Ddeployment.update=true");
        }
    }

    private static TreeSet<String> committedFiles() throws IOException {
        TreeSet<String> files = new TreeSet<>();
        for (String folder : GENERATED_FOLDERS) {
            Path root = DEPLOYMENT.resolve(folder);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile)
                        .forEach(p -> files.add(DEPLOYMENT.relativize(p).toString().replace('\\', '/')));
            }
        }
        return files;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
