package dev.runnermetrics.exporter.steps;

import java.util.regex.Pattern;

/**
 * A step output line as its tool printed it. The runner's pager writes {@code <UTC time, "O" format> <message>}
 * (actions/runner PagingLogger), e.g. {@code 2024-06-25T14:33:47.5905958Z #7 CACHED}; script echoes and some tools
 * add ANSI colours. Both are removed so cache patterns can anchor at the tool's own first character.
 */
final class StepLines {

    private static final Pattern TIMESTAMP =
            Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?Z(?: |$)");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    private StepLines() {
    }

    /** Whether the pager stamped the line: the further lines of a multi-line message are written without a stamp. */
    static boolean stamped(String line) {
        return TIMESTAMP.matcher(line).lookingAt();
    }

    static String text(String line) {
        String text = TIMESTAMP.matcher(line).replaceFirst("");
        return text.indexOf('\u001B') < 0 ? text : ANSI.matcher(text).replaceAll("");
    }
}
