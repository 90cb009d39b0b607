package dev.runnermetrics.exporter.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runnermetrics.exporter.logs.DiagLine;
import dev.runnermetrics.exporter.logs.DiagLineParser;
import dev.runnermetrics.exporter.logs.DiagLineParser.BadTimestamp;
import dev.runnermetrics.exporter.logs.DiagLineParser.Continuation;
import dev.runnermetrics.exporter.logs.DiagLineParser.Header;
import dev.runnermetrics.exporter.logs.LineSplitter;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every line is a header, a continuation or a bad time stamp, never an exception. A continuation or bad time stamp
 * keeps the line as it was. A header survives being written back in the runner's own form and read again, also behind
 * a log shipper's prefix (text without '[') or inside ARC's {@code [RUNNER ...]} bracket: the parser takes exactly
 * the time, level, component and message a header consists of. Input: one line of UTF-8.
 */
class DiagLineParserFuzzTest {

    private static final DateTimeFormatter RUNNER_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    static Stream<Arguments> fixtures() {
        return Stream.of("runner-logs/runner-diag", "runner-logs/worker-diag", "runner-logs/listener-console")
                .flatMap(folder -> Seeds.list(folder).stream().limit(3).flatMap(file -> {
                    byte[] bytes = Seeds.read(file);
                    return LineSplitter.split(bytes, bytes.length, 0, false, 1 << 20).lines().stream().limit(20)
                            .map(l -> Seeds.seed(folder + "/" + file.getFileName() + ":" + l.endOffset(),
                                    l.text().getBytes(StandardCharsets.UTF_8)));
                }));
    }

    @MethodSource("fixtures")
    @FuzzTest
    void everyLineIsOneOfThreeAndHeadersRoundTrip(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        DiagLineParser.Parsed parsed = DiagLineParser.parse(text);
        if (parsed instanceof Continuation c) {
            assertEquals(text, c.text());
        } else if (parsed instanceof BadTimestamp b) {
            assertEquals(text, b.text());
        } else {
            DiagLine line = ((Header) parsed).line();
            assertTrue(line.level().matches("[A-Z]{3,5}"), line.level());
            // The header's own definition of white space (regex \s), not Character.isWhitespace, which also
            // counts U+001C..U+001F (a crash input of this target that was this test's mistake).
            assertTrue(!line.component().isEmpty() && line.component().chars().noneMatch(
                    ch -> ch == ']' || " \t\n\u000B\f\r".indexOf(ch) >= 0), line.component());
            assertEquals(line.message().stripTrailing(), line.message());
            String own = "[" + RUNNER_TIME.format(line.time()) + "Z " + line.level() + " " + line.component() + "] "
                    + line.message();
            assertEquals(parsed, DiagLineParser.parse(own), own);
            assertEquals(parsed, DiagLineParser.parse("| 2023-12-26T05:19:15.501+08:00 | " + own));
            assertEquals(parsed, DiagLineParser.parse(own.replaceFirst("^\\[", "[WORKER ")));
        }
    }
}
