package dev.runnermetrics.exporter.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * docs/RUNNER-LOG-LINES.md, the table of the runner's log lines taken from its sources, is the specification of the
 * interpreters: for every row a line written from its template yields exactly the row's events, and so does every
 * real excerpt line that matches the template. A row cannot be without its test: the tests are the rows.
 */
class LogLinesTableTest {

    private static final Path TABLE = Path.of("../docs/RUNNER-LOG-LINES.md");
    private static final String HEADER = "| id | log | component | level | template | versions | event | meaning |";
    /** Tags at which the table was read from the runner's sources (the doc's first paragraph names them). */
    private static final int TAGS_READ = 9;

    /** Values a template's placeholders take in the written lines. */
    private static final Map<String, String> SAMPLES = Map.ofEntries(
            Map.entry("jobId", "5c6ded40-5d0a-567d-b3cc-38faeb055c98"),
            Map.entry("planId", "2a0fbab6-7b0f-4e22-8d0c-7d1e7b0f2c11"),
            Map.entry("sessionId", "99cb3149-c7c3-4fe8-9aac-14c0beed8b8d"),
            Map.entry("requestId", "16318"),
            Map.entry("messageId", "572"),
            Map.entry("runnerRequestId", "4f1e5d2a"),
            Map.entry("name", "test (ubuntu, 22)"),
            Map.entry("result", "Succeeded"),
            Map.entry("code", "100"),
            Map.entry("time", "2025-07-23 02:38:05Z"),
            Map.entry("version", "2.330.0"),
            Map.entry("lockedUntil", "07/23/2025 02:48:05"),
            Map.entry("minutes", "5"),
            Map.entry("n", "25287"),
            Map.entry("hash", "d2a84f4b8b650937ec8f73cd8be2c74add5a911ba64df27458ed8229da804a26"),
            Map.entry("platform", "Linux"),
            Map.entry("arch", "X64"),
            Map.entry("packageName", "linux-x64"),
            Map.entry("reason", "UserCancelled"),
            Map.entry("id", "c9a9807b-9ff9-410e-8cb5-f089835c4f34"),
            Map.entry("url", "https://pipelines.actions.githubusercontent.com/abc/_apis/distributedtask/pools/1/messages"),
            Map.entry("method", "GET"),
            Map.entry("port", "49100"),
            Map.entry("path", ""),
            Map.entry("status", "ServiceUnavailable"),
            Map.entry("message", "x"));

    record Row(String id, String log, String component, String level, String template, String versions,
            String event) {

        boolean worker() {
            return log.equals("Worker");
        }

        /** The template's literal text, for telling the most specific of several rows that match a real line. */
        int literalLength() {
            return template.replaceAll("\\{\\w+}", "").length();
        }

        Pattern pattern() {
            StringBuilder regex = new StringBuilder("^");
            Matcher m = Pattern.compile("\\{(\\w+)}").matcher(template);
            int last = 0;
            while (m.find()) {
                regex.append(Pattern.quote(template.substring(last, m.start()))).append(".*?");
                last = m.end();
            }
            regex.append(Pattern.quote(template.substring(last))).append("$");
            return Pattern.compile(regex.toString());
        }

        String line() {
            Matcher m = Pattern.compile("\\{(\\w+)}").matcher(template);
            StringBuilder message = new StringBuilder();
            while (m.find()) {
                String sample = SAMPLES.get(m.group(1));
                assertTrue(sample != null, id + ": no sample value for {" + m.group(1) + "}");
                m.appendReplacement(message, Matcher.quoteReplacement(sample));
            }
            m.appendTail(message);
            return "[2025-07-23 02:38:05Z " + (level.equals("ERR") ? "ERR " : level) + " " + component + "] " + message;
        }
    }

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(TABLE, StandardCharsets.UTF_8)) {
            if (line.equals(HEADER)) {
                inTable = true;
            } else if (inTable && line.startsWith("|---")) {
                continue;
            } else if (inTable && line.startsWith("| ")) {
                String[] cells = line.substring(2, line.length() - 2).split(" \\| ", -1);
                assertEquals(8, cells.length, "a row of 8 cells: " + line);
                rows.add(new Row(cells[0], cells[1], cells[2], cells[3], unquote(cells[4]), cells[5], cells[6]));
            } else {
                inTable = false;
            }
        }
        return rows;
    }

    private static String unquote(String cell) {
        assertTrue(cell.startsWith("`") && cell.endsWith("`"), "template in backticks: " + cell);
        return cell.substring(1, cell.length() - 1);
    }

    /** What the interpreter of the row's log takes from these lines, as the row's event column writes it. */
    static String events(boolean worker, List<String> lines) {
        return events(worker, lines, false);
    }

    /**
     * @param withoutHints leave out the versions found in paths and URLs, which any line can show in passing (a real
     *                     line's URL has {@code runnerVersion=}, a sample's does not)
     */
    static String events(boolean worker, List<String> lines, boolean withoutHints) {
        LogFileInterpreter interpreter = worker ? new WorkerLogInterpreter(0, null, "Worker_x.log")
                : new RunnerLogInterpreter(0);
        List<LogEvent> events = new ArrayList<>();
        long offset = 0;
        for (String line : lines) {
            offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
            interpreter.accept(line, offset, events, reason -> events.add(null));
        }
        interpreter.idle(events);
        List<String> names = new ArrayList<>();
        for (LogEvent e : events) {
            if (e == null) {
                names.add("parse error");
            } else if (worker && e instanceof LogEvent.JobActivity) {
                continue; // a Worker log says its job is alive on its first line and once a minute
            } else if (withoutHints && e instanceof LogEvent.RunnerVersion v
                    && (v.source() == LogEvent.VersionSource.URL || v.source() == LogEvent.VersionSource.BIN_PATH)) {
                continue;
            } else {
                names.add(name(e));
            }
        }
        return names.isEmpty() ? "—" : String.join(" + ", names);
    }

    private static String name(LogEvent e) {
        String type = e.getClass().getSimpleName();
        if (e instanceof LogEvent.JobStarted s) {
            return type + " " + s.mark();
        } else if (e instanceof LogEvent.JobFinished f) {
            return type + " " + f.authority();
        } else if (e instanceof LogEvent.RunnerVersion v) {
            return type + " " + v.source();
        } else if (e instanceof LogEvent.ListenerProblem p) {
            return type + " " + p.reason();
        }
        return type;
    }

    @Test
    void theTableCoversEveryPartOfTheLifecycleAtFiveOrMoreReleaseTags() throws IOException {
        List<Row> rows = rows();
        assertTrue(TAGS_READ >= 5);
        String doc = Files.readString(TABLE);
        assertEquals(TAGS_READ, Pattern.compile("v2\\.\\d{3}\\.\\d").matcher(doc.substring(0, doc.indexOf("##")))
                .results().map(MatchResult -> MatchResult.group()).distinct().count(), "tags named in the doc");
        for (String mark : List.of("JobStarted RECEIVED", "JobStarted BUSY", "JobStarted ECHOED", "JobStarted RENEWED",
                "JobStarted DISPATCHED", "JobStarted NOTIFIED", "JobFinished LISTENER", "JobFinished CONSOLE",
                "JobFinished WORKER", "WorkerJob", "RunnerIdle", "JobActivity", "RunnerVersion LISTENER",
                "RunnerVersion WORKER", "RunnerVersion BIN_PATH", "RunnerVersion URL")) {
            assertTrue(rows.stream().anyMatch(r -> r.event().contains(mark)), "a row for " + mark);
        }
        for (var reason : dev.runnermetrics.catalogue.ListenerErrorReason.values()) {
            assertTrue(rows.stream().anyMatch(r -> r.event().contains("ListenerProblem " + reason)),
                    "a row for the listener problem " + reason);
        }
        assertEquals(rows.size(), rows.stream().map(Row::id).distinct().count(), "row ids are unique");
    }

    @TestFactory
    List<DynamicTest> aLineWrittenFromEachTemplateYieldsTheRowsEvents() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : rows()) {
            tests.add(DynamicTest.dynamicTest(row.id(), () -> {
                List<String> lines = new ArrayList<>(List.of(row.line()));
                if (row.template().equals("Job message:")) {
                    lines.add(" {\"jobId\": \"" + SAMPLES.get("jobId") + "\", \"jobDisplayName\": \"build\"}");
                }
                assertTrue(row.pattern().matcher(row.line().substring(row.line().indexOf("] ") + 2)).matches(),
                        "the template matches its own line");
                assertEquals(row.event(), events(row.worker(), lines), row.id() + ": " + lines);
            }));
        }
        return tests;
    }

    /** Every line of the real excerpts that matches a row's template, with the most specific row it matches. */
    @TestFactory
    List<DynamicTest> everyRealExcerptLineMatchingATemplateYieldsItsRowsEvents() throws IOException {
        List<Row> rows = rows();
        Map<String, List<String>> seen = new TreeMap<>();
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> files = new ArrayList<>(Fixtures.files("runner-diag"));
        files.addAll(Fixtures.files("worker-diag"));
        for (Path file : files) {
            boolean worker = file.getParent().getFileName().toString().equals("worker-diag");
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String text = lines.get(i);
                if (!(DiagLineParser.parse(text) instanceof DiagLineParser.Header header)) {
                    continue;
                }
                String message = header.line().message();
                Optional<Row> row = rows.stream().filter(r -> r.worker() == worker)
                        .filter(r -> r.pattern().matcher(message).matches())
                        .max(Comparator.comparingInt(Row::literalLength));
                if (row.isEmpty()) {
                    continue;
                }
                String where = file.getFileName() + ":" + (i + 1);
                seen.computeIfAbsent(row.get().id(), k -> new ArrayList<>()).add(where);
                List<String> input = new ArrayList<>(List.of(text));
                if (row.get().template().equals("Job message:")) {
                    // The job message's JSON follows on the next lines; the excerpt holds it whole or not at all.
                    for (int j = i + 1; j < lines.size() && !(DiagLineParser.parse(lines.get(j))
                            instanceof DiagLineParser.Header); j++) {
                        input.add(lines.get(j));
                    }
                }
                String expected = row.get().event();
                boolean versionRow = expected.contains("RunnerVersion BIN_PATH") || expected.contains("RunnerVersion URL");
                tests.add(DynamicTest.dynamicTest(row.get().id() + " in " + where,
                        () -> assertEquals(expected, events(worker, input, !versionRow), where + ": " + text)));
            }
        }
        assertFalse(tests.isEmpty());
        System.out.println("LogLinesTableTest: rows with real excerpt lines: " + seen.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().size()).collect(Collectors.joining(", ")));
        return tests;
    }
}
