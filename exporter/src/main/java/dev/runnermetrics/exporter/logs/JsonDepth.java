package dev.runnermetrics.exporter.logs;

/** Tracks brace depth over JSON text fed in pieces, so a multi-line dump is known complete at its last brace. */
final class JsonDepth {

    private int depth;
    private boolean started;
    private boolean inString;
    private boolean escaped;

    void feed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
                started = true;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
    }

    boolean complete() {
        return started && depth <= 0;
    }
}
