package dev.runnermetrics.exporter.logs;

import dev.runnermetrics.catalogue.JobResult;
import java.util.Optional;

/** The runner's TaskResult, in its declared order: the worker exits with 100 + ordinal. */
public enum TaskResult {
    Succeeded(JobResult.SUCCESS),
    SucceededWithIssues(JobResult.SUCCESS),
    Failed(JobResult.FAILURE),
    Canceled(JobResult.CANCELLED),
    Skipped(JobResult.SKIPPED),
    Abandoned(JobResult.ABANDONED);

    private static final int RETURN_CODE_OFFSET = 100;

    private final JobResult jobResult;

    TaskResult(JobResult jobResult) {
        this.jobResult = jobResult;
    }

    public JobResult jobResult() {
        return jobResult;
    }

    public static Optional<TaskResult> parse(String text) {
        String trimmed = text.strip();
        if ("Cancelled".equalsIgnoreCase(trimmed)) {
            return Optional.of(Canceled); // TaskResult has both spellings for the value 3
        }
        for (TaskResult r : values()) {
            if (r.name().equalsIgnoreCase(trimmed)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Like the runner's TaskResultUtil: a code outside 100..105 means the worker failed. */
    public static TaskResult fromReturnCode(int code) {
        int ordinal = code - RETURN_CODE_OFFSET;
        return ordinal >= 0 && ordinal < values().length ? values()[ordinal] : Failed;
    }
}
