package dev.runnermetrics.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image's runtime is jlinked from the modules the pom names: every JDK module our own classes use must be in it,
 * or the image fails where the jar works (node mode's Kubernetes API client needs {@code java.net.http}, which
 * ImageIT, running the sidecar, never loads). The libraries' modules are checked by running the image (ImageIT).
 */
class ImageModulesTest {

    @Test
    void theImageRuntimeHasEveryJdkModuleOurClassesUse() throws IOException, InterruptedException {
        String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<image.jlink.modules>([^<]+)</image.jlink.modules>").matcher(pom);
        assertTrue(m.find(), "pom.xml names image.jlink.modules");
        Set<String> jlinked = new TreeSet<>(Arrays.asList(m.group(1).strip().split(",")));

        Path jdeps = Path.of(System.getProperty("java.home"), "bin", "jdeps");
        Process p = new ProcessBuilder(jdeps.toString(), "--multi-release", "17", "--ignore-missing-deps",
                "--print-module-deps", "target/classes").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), "jdeps: " + out);
        List<String> used = Arrays.asList(out.lines().reduce((a, b) -> b).orElse("").split(","));
        assertTrue(used.contains("java.base"), "jdeps printed the modules: " + out);
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(jlinked);
        assertEquals(Set.of(), missing, "JDK modules our classes use that the image's runtime lacks (image.jlink.modules)");
    }
}
