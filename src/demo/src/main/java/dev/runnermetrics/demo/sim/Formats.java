package dev.runnermetrics.demo.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How .NET prints times in the runner's logs; the exporter's parsers read exactly these forms. */
public final class Formats {

    /** The _diag line header's time: {@code 2026-11-20 07:58:12Z}. */
    public static final DateTimeFormatter UTC_U = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    /** The time in a _diag file name: {@code Runner_20261120-075812-utc.log}. */
    public static final DateTimeFormatter FILE_TS = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** DateTime.ToString() under en-US, as in "job is valid till 7/4/2021 6:41:29 PM". */
    public static final DateTimeFormatter EN_US_DATE = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US).withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** .NET round-trip time with trailing zero digits dropped, e.g. 2026-04-11T14:43:53.530138Z. */
    public static String isoTrimmed(Instant t) {
        String frac = String.format("%07d", t.getNano() / 100).replaceFirst("0+$", "");
        return UTC_U.format(t).substring(0, 19).replace(' ', 'T') + (frac.isEmpty() ? "" : "." + frac) + "Z";
    }

    /** TimeSpan "c" format: hh:mm:ss.fffffff */
    public static String timeSpan(Duration d) {
        return String.format("%02d:%02d:%02d.%07d", d.toHours(), d.toMinutesPart(), d.toSecondsPart(), d.toNanosPart() / 100);
    }
}
