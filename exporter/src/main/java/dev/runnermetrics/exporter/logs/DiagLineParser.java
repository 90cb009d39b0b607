package dev.runnermetrics.exporter.logs;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises trace header lines as the runner writes them, also when wrapped: ARC's container stdout puts
 * {@code RUNNER }/{@code WORKER } inside the bracket, and log shippers put their own stamp before it
 * ({@code | 2023-12-26T05:19:15.501+08:00 | [...]}). Anything else is a continuation of the previous entry.
 */
public final class DiagLineParser {

    /** What a line turned out to be. */
    public sealed interface Parsed permits Header, Continuation, BadTimestamp {
    }

    public record Header(DiagLine line) implements Parsed {
    }

    public record Continuation(String text) implements Parsed {
    }

    /** Looked like a header but its time stamp is not a date. */
    public record BadTimestamp(String text) implements Parsed {
    }

    // A prefix without '[' (shipper stamps), then the runner's own bracket. Levels: INFO, WARN, ERR (padded), VERB.
    private static final Pattern HEADER = Pattern.compile(
            "^[^\\[]*\\[(?:(?:RUNNER|WORKER) )?(\\d{4})-(\\d{2})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2})Z ([A-Z]{3,5}) +"
                    + "([^\\]\\s]+)\\] ?(.*)$");

    private DiagLineParser() {
    }

    public static Parsed parse(String text) {
        Matcher m = HEADER.matcher(text);
        if (!m.matches()) {
            return new Continuation(text);
        }
        try {
            LocalDateTime time = LocalDateTime.of(num(m, 1), num(m, 2), num(m, 3), num(m, 4), num(m, 5), num(m, 6));
            return new Header(new DiagLine(time.toInstant(ZoneOffset.UTC), m.group(7), m.group(8),
                    m.group(9).stripTrailing()));
        } catch (DateTimeException e) {
            return new BadTimestamp(text);
        }
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }
}
