package dev.runnermetrics.demo.github;

/**
 * A recorded webhook payload (pretty-printed, 2-space indent, as in github-webhooks/) edited in place: only the
 * scalars the demo changes are replaced, so every other byte stays as GitHub sent it. Re-serialising the payload
 * (with Jackson) would reorder nothing but would change its spacing, and the recorded files are what the exporter's
 * own tests read.
 */
final class PayloadFile {

    private PayloadFile() {
    }

    /**
     * Replaces the scalar at a dotted path of a pretty-printed (2-space) JSON file: each key is looked up at its
     * depth's indentation inside the previous one, and the value runs to the end of its line.
     */
    public static String set(String json, String path, String value) {
        String[] keys = path.split("\\.");
        int from = 0;
        for (int depth = 0; depth < keys.length; depth++) {
            String key = "\n" + " ".repeat(2 * (depth + 1)) + "\"" + keys[depth] + "\": ";
            int at = json.indexOf(key, from);
            int end = depth == 0 ? json.length() : json.indexOf("\n" + " ".repeat(2 * depth) + "}", from);
            if (at < 0 || at > end) throw new IllegalArgumentException("no " + path + " in the webhook payload");
            from = at + key.length();
        }
        int eol = json.indexOf('\n', from);
        boolean comma = json.charAt(eol - 1) == ',';
        return json.substring(0, from) + value + (comma ? "," : "") + json.substring(eol);
    }
}
