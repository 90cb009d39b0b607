package dev.runnermetrics.exporter.logs;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runner's version where a line shows it only in passing: the versioned folder a self-updated runner runs from
 * ({@code /home/runner/bin.2.284.0/Runner.Worker}) and the {@code runnerVersion=} parameter of the URLs the listener
 * calls. Lines without either are rejected by a plain text search first: this runs on every line read.
 */
final class VersionHints {

    private static final Pattern BIN_PATH = Pattern.compile("(?:^|[/\\\\'\"\\s])bin\\.(\\d+\\.\\d+\\.\\d+)(?=[/\\\\'\"\\s]|$)");
    /** GitHub's refusal of an old runner names the version the listener sent it. */
    private static final Pattern DEPRECATED = Pattern.compile("Runner version v(\\d+\\.\\d+\\.\\d+) is deprecated");
    private static final Pattern URL_PARAM = Pattern.compile("[?&]runnerVersion=(\\d+\\.\\d+\\.\\d+)(?![\\d.])");

    private VersionHints() {
    }

    /**
     * The version a header line shows in passing, at the line's time. Every line that shows it, not the first only:
     * what one read of a file yields must not depend on where a restart fell.
     */
    static void add(DiagLine line, String text, List<LogEvent> out) {
        String bin = binPath(text);
        if (bin != null) {
            out.add(new LogEvent.RunnerVersion(line.time(), bin, LogEvent.VersionSource.BIN_PATH));
            return;
        }
        String url = urlParameter(text);
        if (url != null) {
            out.add(new LogEvent.RunnerVersion(line.time(), url, LogEvent.VersionSource.URL));
        }
    }

    /** The version in a {@code bin.X.Y.Z} folder of a path in the text, or null. */
    static String binPath(String text) {
        if (!text.contains("bin.")) {
            return null;
        }
        Matcher m = BIN_PATH.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /**
     * The version the listener sent GitHub: a {@code runnerVersion=X.Y.Z} URL parameter, or GitHub's refusal
     * {@code Runner version vX.Y.Z is deprecated}; null when the text has neither.
     */
    static String urlParameter(String text) {
        Matcher m = text.contains("runnerVersion=") ? URL_PARAM.matcher(text)
                : text.contains("is deprecated") ? DEPRECATED.matcher(text) : null;
        return m != null && m.find() ? m.group(1) : null;
    }
}
