package dev.runnermetrics.dashboards.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.dashboards.Generate;
import dev.runnermetrics.dashboards.docs.MetricsDoc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Users take the files straight from deployment/ and docs/; they must be exactly what the generator writes. After
 * changing the generator or the catalogue run {@code ./mvnw -pl dashboards-gen test -Ddeployment.update=true} and
 * commit the copies.
 *
 * <p>deployment/grafana and deployment/prometheus hold generated files only. deployment/kubernetes mixes the
 * generated dashboard ConfigMap with hand-written manifests, and docs/METRICS.md sits among hand-written docs: those
 * are compared file by file.
 */
class DeploymentCopiesTest {

    private static final Path REPOSITORY = Path.of("..");
    private static final Path DEPLOYMENT = REPOSITORY.resolve("deployment");
    /** Folders below deployment/ that hold nothing but generated files. */
    private static final List<String> GENERATED_FOLDERS = List.of("grafana", "prometheus");

    /** Where the committed copy of an artifact lives: docs/ at the repository root, everything else in deployment/. */
    static Path committed(Artifact a) {
        return a.path().startsWith("docs/") ? REPOSITORY.resolve(a.path()) : DEPLOYMENT.resolve(a.path());
    }

    @Test
    void committedCopiesMatchTheGeneratorExactly() throws IOException {
        List<Artifact> artifacts = Generate.artifacts();
        if (Boolean.getBoolean("deployment.update")) {
            for (String folder : GENERATED_FOLDERS) {
                deleteTree(DEPLOYMENT.resolve(folder));
            }
            for (Artifact a : artifacts) {
                Path file = committed(a);
                Files.createDirectories(file.getParent());
                Files.writeString(file, a.content(), StandardCharsets.UTF_8);
            }
        }
        TreeSet<String> expected = new TreeSet<>(artifacts.stream().map(Artifact::path)
                .filter(p -> GENERATED_FOLDERS.stream().anyMatch(f -> p.startsWith(f + "/"))).toList());
        assertEquals(expected, committedFiles(), "deployment/ holds other files than the generator writes");
        for (Artifact a : artifacts) {
            Path file = committed(a);
            assertTrue(Files.isRegularFile(file), file + " is missing; run with -Ddeployment.update=true");
            assertEquals(a.content(), Files.readString(file, StandardCharsets.UTF_8),
                    file + " drifted from the generator; run with -Ddeployment.update=true");
        }
    }

    @Test
    void theMetricReferenceIsCommittedUnderDocs() {
        Artifact doc = Generate.artifacts().stream().filter(a -> a.path().equals(MetricsDoc.PATH)).findFirst()
                .orElseThrow();
        assertEquals(REPOSITORY.resolve("docs/METRICS.md").normalize(), committed(doc).normalize());
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
