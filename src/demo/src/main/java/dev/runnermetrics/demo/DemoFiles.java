package dev.runnermetrics.demo;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The demo's material beside its code: {@code runner/} (the bundled runner root with its history) and
 * {@code github-webhooks/} (recorded payloads). Found upwards from where the classes are (src/demo/target/...), so the
 * jar runs from any working directory.
 */
record DemoFiles(Path dir) {

    static DemoFiles locate() throws URISyntaxException {
        Path code = Path.of(DemoReplay.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        for (Path d = code; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("runner/.runner")) && Files.isDirectory(d.resolve("github-webhooks"))) {
                return new DemoFiles(d);
            }
        }
        throw new IllegalStateException("runner/ and github-webhooks/ not found above " + code);
    }

    Path runnerTemplate() {
        return dir.resolve("runner");
    }

    Path webhookPayloads() {
        return dir.resolve("github-webhooks");
    }

    /** Fills an empty target from runner/ (run.sh copies it itself, before the exporter starts). */
    void copyTemplateIfEmpty(Path target) throws IOException {
        Files.createDirectories(target);
        boolean empty;
        try (Stream<Path> s = Files.list(target)) {
            empty = s.findAny().isEmpty();
        }
        if (empty) {
            Path template = runnerTemplate();
            try (Stream<Path> s = Files.walk(template)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Path dest = target.resolve(template.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(dest);
                    else Files.copy(p, dest);
                }
            }
        }
        Files.createDirectories(target.resolve("_diag"));
    }
}
