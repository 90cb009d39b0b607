package dev.runnermetrics.exporter.logs;

import dev.runnermetrics.exporter.logs.EntryJoiner.Entry;
import dev.runnermetrics.exporter.logs.LogEvent.Authority;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one {@code Worker_*.log}: one job per file. Its key is the job id once the job message or the
 * {@code Job ID} line has named it, else the file name (a file read from its middle still counts its job).
 */
public final class WorkerLogInterpreter implements LogFileInterpreter {

    private static final Pattern JOB_ID = Pattern.compile("^Job ID (\\S+)$");
    private static final Pattern JOB_RESULT = Pattern.compile("^Job result after all job steps finish: (\\w+)");
    private static final Pattern VERSION = Pattern.compile("^Version: (\\d+\\.\\d+\\.\\d+)$");
    private static final String FALLBACK_PREFIX = "worker-file:";

    /** How often a Worker log being read says its job is alive: a job is abandoned after long silence. */
    static final Duration ACTIVITY_EVERY = Duration.ofMinutes(1);

    private final EntryJoiner entries;
    private final String fileKey;
    private String jobKey;
    private boolean completed;
    private Instant lastActivity;

    /** @param jobKey the key restored from state, or null to derive it */
    public WorkerLogInterpreter(long startOffset, String jobKey, String fileName) {
        this(startOffset, 0, jobKey, fileName);
    }

    /** @param replayUntil where the last run stopped reading: what lies before it was taken then */
    public WorkerLogInterpreter(long startOffset, long replayUntil, String jobKey, String fileName) {
        this.entries = new EntryJoiner(startOffset, replayUntil, WorkerLogInterpreter::jobMessageStart, this::entry);
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

    @Override
    public void accept(String text, long endOffset, List<LogEvent> out, ParseErrors errors) {
        entries.accept(text, endOffset, out, errors);
    }

    @Override
    public long safeOffset() {
        return entries.safeOffset();
    }

    @Override
    public void idle(List<LogEvent> out) {
        // nothing is held for more lines
    }

    /** The job is alive as of the newest line read. */
    @Override
    public void caughtUp(List<LogEvent> out) {
        if (entries.lastHeaderTime() != null) {
            out.add(new LogEvent.JobActivity(entries.lastHeaderTime(), jobKey));
        }
    }

    @Override
    public String jobKey() {
        return jobKey;
    }

    /** Whether the worker wrote its last line ({@code Job completed.}): the runner never writes to it again. */
    @Override
    public boolean finished() {
        return completed;
    }

    private void entry(Entry entry, List<LogEvent> out, ParseErrors errors) {
        if (entry instanceof Entry.Header h) {
            activity(h.line(), out);
            VersionHints.add(h.line(), h.text(), out);
            interpret(h.line(), out);
        } else if (entry instanceof Entry.Payload p) {
            jobMessage(p.header(), p.json(), out, errors);
        }
    }

    private void activity(DiagLine line, List<LogEvent> out) {
        if (lastActivity == null || !line.time().isBefore(lastActivity.plus(ACTIVITY_EVERY))) {
            lastActivity = line.time();
            out.add(new LogEvent.JobActivity(line.time(), jobKey)); // a history read shows the job alive throughout
        }
    }

    private void interpret(DiagLine line, List<LogEvent> out) {
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

    /** The job message is a multi-line JSON payload; what its header line already holds of it, or null. */
    private static String jobMessageStart(DiagLine line) {
        return "Worker".equals(line.component()) && line.message().startsWith("Job message:")
                ? line.message().substring("Job message:".length()).strip()
                : null;
    }

    private void jobMessage(DiagLine header, String json, List<LogEvent> out, ParseErrors errors) {
        try {
            JobContext context = JobMessageParser.parse(json);
            identify(header.time(), context.jobId(), context, out);
        } catch (IOException e) {
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
