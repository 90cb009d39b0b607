package dev.runnermetrics.exporter.logs;

/** Where parsers report input they had to skip; the reason becomes a label value. */
public interface ParseErrors {

    String LINE_TOO_LONG = "line_too_long";
    String BAD_TIMESTAMP = "bad_timestamp";
    String BAD_JSON = "bad_json";
    /** A log file that is a symbolic link (or no regular file): not read, so no link leads out of the folder. */
    String NOT_REGULAR_FILE = "not_regular_file";

    void count(String reason);
}
