package dev.runnermetrics.exporter.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runnermetrics.exporter.logs.LogEvent.Authority;
import java.time.Duration;
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
    private static final Pattern VERSION = Pattern.compile("^Version: (\\d+\\.\\d+\\.\\d+)$");
    private static final String FALLBACK_PREFIX = "worker-file:";

    private final String fileKey;
    private String jobKey;
    private Instant lastLineTime;
    private boolean completed;

    /** @param jobKey the key restored from state, or null to derive it */
    public WorkerLogInterpreter(long startOffset, String jobKey, String fileName) {
        this(startOffset, 0, jobKey, fileName);
    }

    /** @param replayUntil where the last run stopped reading: what lies before it was taken then */
    public WorkerLogInterpreter(long startOffset, long replayUntil, String jobKey, String fileName) {
        super(startOffset, replayUntil);
        this.fileKey = fallbackKey(fileName);
        this.jobKey = jobKey != null ? jobKey : fileKey;
    }

    /** The key of a Worker file's job while no line of it has named the job id. */
    public static String fallbackKey(String fileName) {
        return FALLBACK_PREFIX + fileName;
    }

    public static boolean isFallbackKey(String key) {
        return key.startsWith(FALLBACK_PREFIX);
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

    /** How often a Worker log being read says its job is alive: a job is abandoned after long silence. */
    static final Duration ACTIVITY_EVERY = Duration.ofMinutes(1);

    private Instant lastActivity;

    @Override
    protected void onLine(DiagLine line) {
        lastLineTime = line.time();
    }

    @Override
    protected void beforeInterpret(DiagLine line, List<LogEvent> out) {
        if (lastActivity == null || !line.time().isBefore(lastActivity.plus(ACTIVITY_EVERY))) {
            lastActivity = line.time();
            out.add(new LogEvent.JobActivity(line.time(), jobKey)); // a history read shows the job alive throughout
        }
    }

    @Override
    protected void interpret(DiagLine line, List<LogEvent> out) {
        String msg = line.message();
        Matcher m;
        if ("Worker".equals(line.component()) && (m = VERSION.matcher(msg)).find()) {
            out.add(new LogEvent.RunnerVersion(line.time(), m.group(1), LogEvent.VersionSource.WORKER));
        } else if ((m = JOB_ID.matcher(msg)).find()) {
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
        out.add(new LogEvent.WorkerJob(time, jobKey, fileKey, context));
    }
}
