package dev.runnermetrics.exporter.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runnermetrics.exporter.logs.LogEvent.Authority;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one {@code Worker_*.log}: one job per file. Its key is the job id once the job message or the
 * {@code Job ID} line has named it, else the file name (a file read from its middle still counts its job).
 */
public final class WorkerLogInterpreter extends FileInterpreter {

    private static final Pattern JOB_ID = Pattern.compile("^Job ID (\\S+)$");
    private static final Pattern JOB_RESULT = Pattern.compile("^Job result after all job steps finish: (\\w+)");

    private String jobKey;
    private Instant lastLineTime;
    private boolean completed;

    /** @param jobKey the key restored from state, or null to derive it */
    public WorkerLogInterpreter(long startOffset, String jobKey, String fileName) {
        super(startOffset);
        this.jobKey = jobKey != null ? jobKey : fallbackKey(fileName);
    }

    public static String fallbackKey(String fileName) {
        return "worker-file:" + fileName;
    }

    public String jobKey() {
        return jobKey;
    }

    /** Whether the worker wrote its last line ({@code Job completed.}). */
    public boolean completed() {
        return completed;
    }

    /** Time of the newest header line fed so far, or null. */
    public Instant lastLineTime() {
        return lastLineTime;
    }

    @Override
    protected void onLine(DiagLine line) {
        lastLineTime = line.time();
    }

    @Override
    protected void interpret(DiagLine line, List<LogEvent> out) {
        String msg = line.message();
        Matcher m;
        if ((m = JOB_ID.matcher(msg)).find()) {
            identify(line.time(), m.group(1), null, out);
        } else if ("Worker".equals(line.component()) && msg.equals("Job completed.")) {
            completed = true;
        } else if ((m = JOB_RESULT.matcher(msg)).find()) {
            TaskResult.parse(m.group(1)).ifPresent(r ->
                    out.add(new LogEvent.JobFinished(line.time(), jobKey, null, r, Authority.WORKER)));
        }
    }

    @Override
    protected boolean startsPayload(DiagLine line) {
        return "Worker".equals(line.component()) && line.message().startsWith("Job message:");
    }

    @Override
    protected String payloadStart(DiagLine line) {
        return line.message().substring("Job message:".length()).strip();
    }

    @Override
    protected void onPayload(DiagLine header, String json, List<LogEvent> out, ParseErrors errors) {
        try {
            JobContext context = JobMessageParser.parse(json);
            identify(header.time(), context.jobId(), context, out);
        } catch (JsonProcessingException e) {
            errors.count(ParseErrors.BAD_JSON);
        }
    }

    private void identify(Instant time, String jobId, JobContext context, List<LogEvent> out) {
        if (jobId != null && !jobId.isBlank()) {
            jobKey = jobId;
        }
        out.add(new LogEvent.WorkerJob(time, jobKey, context));
    }
}
