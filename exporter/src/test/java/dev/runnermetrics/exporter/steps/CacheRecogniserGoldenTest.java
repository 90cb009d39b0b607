package dev.runnermetrics.exporter.steps;

import dev.runnermetrics.catalogue.CacheResult;
import dev.runnermetrics.exporter.logs.LineSplitter;
import dev.runnermetrics.exporter.testing.Fixtures;
import dev.runnermetrics.exporter.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real step output excerpt, read as the exporter reads a page (bytes → lines → shipped cache types), against a
 * golden list of the restores it counts and the lines that counted them. The excerpts are kept exactly as published.
 * Where no real excerpt shows a case (a partial restore, the newest key forms), a constructed one does, kept apart
 * under constructed/step-output with goldens under steps/constructed (constructed/README.md says how each was made).
 */
class CacheRecogniserGoldenTest {

    private static final Path CONSTRUCTED = Path.of("src/test/resources/constructed/step-output");

    @TestFactory
    List<DynamicTest> stepOutputExcerpts() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : Fixtures.files("step-output")) {
            tests.add(golden("steps/", file));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> constructedStepOutput() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(CONSTRUCTED)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                tests.add(golden("steps/constructed/", file));
            }
        }
        return tests;
    }

    private static DynamicTest golden(String folder, Path file) {
        String name = file.getFileName().toString();
        return DynamicTest.dynamicTest(name, () -> Golden.assertMatches(folder + name.replace(".log", ".txt"),
                render(file)));
    }

    private static String render(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        LineSplitter.Result split = LineSplitter.split(bytes, bytes.length, 0, false, 64 * 1024);
        CacheRecogniser recogniser = new CacheRecogniser(CacheTypeFile.shipped());
        StepStream stream = new StepStream("pages", null);
        Map<String, long[]> totals = new TreeMap<>();
        StringBuilder counted = new StringBuilder();
        int number = 0;
        for (LineSplitter.Line line : split.lines()) {
            number++;
            CacheRecogniser.Outcome outcome = recogniser.accept(line.text(), stream);
            if (outcome != null) {
                totals.computeIfAbsent(outcome.type(), t -> new long[CacheResult.values().length])
                        [outcome.result().ordinal()]++;
                counted.append("line ").append(number).append(": ").append(outcome.type())
                        .append(String.format(" %-7s | ", outcome.result().label())).append(line.text()).append('\n');
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("# ").append(split.lines().size()).append(" complete lines of ").append(bytes.length)
                .append(" bytes; step ").append(stream.step() == null ? "unknown" : stream.step())
                .append("; key inputs ").append(stream.inputs())
                .append("; open requests ").append(stream.pending()).append('\n');
        if (totals.isEmpty()) {
            out.append("# no cache restores\n");
        }
        totals.forEach((type, n) -> {
            out.append("# ").append(type).append(':');
            for (CacheResult result : CacheResult.values()) {
                out.append(result.ordinal() == 0 ? " " : ", ").append(n[result.ordinal()]).append(' ')
                        .append(result.label());
            }
            out.append('\n');
        });
        return out.append(counted).toString();
    }
}
