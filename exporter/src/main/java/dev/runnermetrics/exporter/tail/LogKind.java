package dev.runnermetrics.exporter.tail;

import dev.runnermetrics.exporter.logs.LogFileInterpreter;
import dev.runnermetrics.exporter.logs.RunnerLogInterpreter;
import dev.runnermetrics.exporter.logs.WorkerLogInterpreter;
import java.util.Optional;
import java.util.regex.Pattern;

/** The two trace files a runner writes into _diag; the label value is the metric's {@code source}. */
public enum LogKind {
    RUNNER("runner_log", Pattern.compile("Runner_\\d{8}-\\d{6}-utc\\.log")) {
        @Override
        LogFileInterpreter interpreter(String fileName, long startOffset, long replayUntil, String jobKey) {
            return new RunnerLogInterpreter(startOffset, replayUntil);
        }
    },
    WORKER("worker_log", Pattern.compile("Worker_\\d{8}-\\d{6}-utc\\.log")) {
        @Override
        LogFileInterpreter interpreter(String fileName, long startOffset, long replayUntil, String jobKey) {
            return new WorkerLogInterpreter(startOffset, replayUntil, jobKey, fileName);
        }
    };

    private final String source;
    private final Pattern fileName;

    LogKind(String source, Pattern fileName) {
        this.source = source;
        this.fileName = fileName;
    }

    public String source() {
        return source;
    }

    /**
     * A new interpreter for a file of this kind, reading from {@code startOffset}.
     *
     * @param replayUntil where the last run stopped reading: what lies before it was taken then
     * @param jobKey      the job key saved with the file's cursor, or null
     */
    abstract LogFileInterpreter interpreter(String fileName, long startOffset, long replayUntil, String jobKey);

    public static Optional<LogKind> of(String fileName) {
        for (LogKind kind : values()) {
            if (kind.fileName.matcher(fileName).matches()) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
