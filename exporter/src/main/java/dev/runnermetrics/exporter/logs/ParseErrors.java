package dev.runnermetrics.exporter.logs;

/** Where parsers report input they had to skip; the reason becomes a label value. */
public interface ParseErrors {

    String LINE_TOO_LONG = "line_too_long";
    String BAD_TIMESTAMP = "bad_timestamp";
    String BAD_JSON = "bad_json";

    void count(String reason);
}
