package dev.runnermetrics.exporter.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.runnermetrics.exporter.logs.DiagLineParser.BadTimestamp;
import dev.runnermetrics.exporter.logs.DiagLineParser.Continuation;
import dev.runnermetrics.exporter.logs.DiagLineParser.Header;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Header forms from the real excerpts (file named on each case). */
class DiagLineParserTest {

    @ParameterizedTest
    @CsvSource(delimiterString = " ~ ", value = {
        // runner-diag/001: plain _diag line
        "[2025-10-07 08:19:05Z INFO JobDispatcher] Job request 16318 for plan p job j received. ~ 2025-10-07T08:19:05Z ~ INFO ~ JobDispatcher ~ Job request 16318 for plan p job j received.",
        // runner-diag/009: ERR is padded to four characters, so two spaces follow it
        "[2021-11-11 14:07:47Z ERR  MessageListener] ##### ~ 2021-11-11T14:07:47Z ~ ERR ~ MessageListener ~ #####",
        // runner-diag/005: ARC container stdout
        "[RUNNER 2024-06-28 15:03:28Z INFO MessageListener] Session created. ~ 2024-06-28T15:03:28Z ~ INFO ~ MessageListener ~ Session created.",
        // worker-diag/004: ARC worker
        "[WORKER 2025-04-04 19:08:32Z INFO JobServerQueue] Try to upload ~ 2025-04-04T19:08:32Z ~ INFO ~ JobServerQueue ~ Try to upload",
        // a log shipper's own stamp in front (issue text)
        "| 2023-12-26T05:19:15.501+08:00 | [2023-12-25 21:19:10Z INFO Runner] Received ~ 2023-12-25T21:19:10Z ~ INFO ~ Runner ~ Received",
        // runner-diag/013: trailing spaces
        "[2024-11-14 19:23:31Z INFO Terminal] WRITE LINE: Current runner version: '2.321.0'    ~ 2024-11-14T19:23:31Z ~ INFO ~ Terminal ~ WRITE LINE: Current runner version: '2.321.0'",
    })
    void readsHeaders(String line, String time, String level, String component, String message) {
        Header header = assertInstanceOf(Header.class, DiagLineParser.parse(line));
        assertEquals(new DiagLine(Instant.parse(time), level, component, message), header.line());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        " ---> System.Net.Sockets.SocketException (89): Operation canceled",
        "  \"jobId\": \"70869668-86ba-5fd6-962e-e5e37689181b\",",
        "edentials_rsaparams",
        "2024-06-28 15:03:28Z: Listening for Jobs",
        "Jan 12 15:49:54 host runsvc.sh[3366]: 2022-01-12 07:49:54Z: Listening for Jobs",
        "",
    })
    void everythingElseContinuesThePreviousEntry(String line) {
        assertInstanceOf(Continuation.class, DiagLineParser.parse(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[2024-13-28 15:03:28Z INFO Runner] month 13", "[2024-02-30 10:00:00Z INFO Runner] Feb 30"})
    void aHeaderWithAnImpossibleDateIsReportedNotGuessed(String line) {
        assertInstanceOf(BadTimestamp.class, DiagLineParser.parse(line));
    }
}
