package dev.runnermetrics.exporter.steps;

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
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real step output excerpt, read as the exporter reads a page (bytes → lines → shipped cache types), against a
 * golden list of the restores it counts and the lines that counted them. The excerpts are kept exactly as published.
 */
class CacheRecogniserGoldenTest {

    @TestFactory
    List<DynamicTest> stepOutputExcerpts() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : Fixtures.files("step-output")) {
            String name = file.getFileName().toString();
            tests.add(DynamicTest.dynamicTest(name, () -> Golden.assertMatches(
                    "steps/" + name.replace(".log", ".txt"), render(file))));
        }
        return tests;
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
                totals.computeIfAbsent(outcome.type(), t -> new long[2])[outcome.hit() ? 0 : 1]++;
                counted.append("line ").append(number).append(": ").append(outcome.type())
                        .append(outcome.hit() ? " hit  | " : " miss | ").append(line.text()).append('\n');
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("# ").append(split.lines().size()).append(" complete lines of ").append(bytes.length)
                .append(" bytes; step ").append(stream.step == null ? "unknown" : stream.step)
                .append("; open requests ").append(stream.pending).append('\n');
        if (totals.isEmpty()) {
            out.append("# no cache restores\n");
        }
        totals.forEach((type, n) -> out.append("# ").append(type).append(": ").append(n[0]).append(" hit, ")
                .append(n[1]).append(" miss\n"));
        return out.append(counted).toString();
    }
}
