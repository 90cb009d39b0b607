package dev.runnermetrics.exporter.logs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runner's version where a line shows it only in passing: the versioned folder a self-updated runner runs from
 * ({@code /home/runner/bin.2.284.0/Runner.Worker}) and the {@code runnerVersion=} parameter of the URLs the listener
 * calls. Lines without either are rejected by a plain text search first: this runs on every line read.
 */
final class VersionHints {

    private static final Pattern BIN_PATH = Pattern.compile("(?:^|[/\\\\'\"\\s])bin\\.(\\d+\\.\\d+\\.\\d+)(?=[/\\\\'\"\\s]|$)");
    private static final Pattern URL_PARAM = Pattern.compile("[?&]runnerVersion=(\\d+\\.\\d+\\.\\d+)(?![\\d.])");

    private VersionHints() {
    }

    /** The version in a {@code bin.X.Y.Z} folder of a path in the text, or null. */
    static String binPath(String text) {
        if (!text.contains("bin.")) {
            return null;
        }
        Matcher m = BIN_PATH.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /** The version in a {@code runnerVersion=X.Y.Z} URL parameter in the text, or null. */
    static String urlParameter(String text) {
        if (!text.contains("runnerVersion=")) {
            return null;
        }
        Matcher m = URL_PARAM.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
