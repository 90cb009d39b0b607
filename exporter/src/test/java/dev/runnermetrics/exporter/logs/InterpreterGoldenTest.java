package dev.runnermetrics.exporter.logs;

import dev.runnermetrics.exporter.testing.Fixtures;
import dev.runnermetrics.exporter.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real excerpt, read as the exporter reads it (bytes → lines → events), against a golden list of the events,
 * skipped input and the offset a restart would resume from. The excerpts are kept exactly as published.
 */
class InterpreterGoldenTest {

    @TestFactory
    List<DynamicTest> runnerDiagExcerpts() throws IOException {
        return tests("runner-diag", RunnerLogInterpreter::new);
    }

    @TestFactory
    List<DynamicTest> listenerConsoleExcerpts() throws IOException {
        return tests("listener-console", RunnerLogInterpreter::new);
    }

    @TestFactory
    List<DynamicTest> workerDiagExcerpts() throws IOException {
        return tests("worker-diag", offset -> new WorkerLogInterpreter(offset, null, "Worker_fixture.log"));
    }

    private static List<DynamicTest> tests(String kind, LongFunction<LogFileInterpreter> interpreter) throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : Fixtures.files(kind)) {
            String name = file.getFileName().toString();
            tests.add(DynamicTest.dynamicTest(name, () -> Golden.assertMatches(
                    "events/" + kind + "/" + name.replace(".log", ".txt"), render(file, interpreter.apply(0)))));
        }
        return tests;
    }

    static String render(Path file, LogFileInterpreter interpreter) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        LineSplitter.Result split = LineSplitter.split(bytes, bytes.length, 0, false, 64 * 1024);
        List<LogEvent> events = new ArrayList<>();
        Map<String, Long> errors = new TreeMap<>();
        for (LineSplitter.Line line : split.lines()) {
            interpreter.accept(line.text(), line.endOffset(), events, reason -> errors.merge(reason, 1L, Long::sum));
        }
        long safeWhileReading = interpreter.safeOffset();
        interpreter.idle(events); // the file grows no more: what the interpreter holds is complete
        StringBuilder out = new StringBuilder();
        out.append("# ").append(split.lines().size()).append(" complete lines of ").append(bytes.length)
                .append(" bytes; resume at ").append(split.resumeOffset()).append(", safe offset ")
                .append(safeWhileReading).append('\n');
        errors.forEach((reason, n) -> out.append("# skipped ").append(reason).append(": ").append(n).append('\n'));
        for (LogEvent event : events) {
            out.append(event).append('\n');
        }
        return out.toString();
    }
}
