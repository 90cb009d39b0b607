package dev.runnermetrics.exporter.tail;

import java.util.Optional;
import java.util.regex.Pattern;

/** The two trace files a runner writes into _diag; the label value is the metric's {@code source}. */
public enum LogKind {
    RUNNER("runner_log", Pattern.compile("Runner_\\d{8}-\\d{6}-utc\\.log")),
    WORKER("worker_log", Pattern.compile("Worker_\\d{8}-\\d{6}-utc\\.log"));

    private final String source;
    private final Pattern fileName;

    LogKind(String source, Pattern fileName) {
        this.source = source;
        this.fileName = fileName;
    }

    public String source() {
        return source;
    }

    public static Optional<LogKind> of(String fileName) {
        for (LogKind kind : values()) {
            if (kind.fileName.matcher(fileName).matches()) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
