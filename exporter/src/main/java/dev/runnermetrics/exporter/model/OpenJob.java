package dev.runnermetrics.exporter.model;

import dev.runnermetrics.exporter.logs.JobContext;
import java.time.Instant;

/**
 * A job seen starting and not yet finished: the window of a runner's lines that belong to it. Log times, except
 * {@code abandonAt}, which is wall-clock. Changed only by {@link JobTracker}.
 */
public final class OpenJob {

    private String name;
    /** The earliest start line of the job; null when none was seen (no duration then). */
    private Instant start;
    private Instant lastSeen;
    private boolean fromListener;
    private String repository;
    private String workflow;
    /** From the Worker's job message, for deployments: whether it was read, and what it said. */
    private boolean contextSeen;
    private String environment;
    private String sha;
    private String headCommitTimestamp;
    /** Set when the runner moved on without a result: closed as abandoned then unless a result arrives. */
    private Instant abandonAt;
    /** The job id, once a line named it. */
    private String id;
    /** The key of the job's Worker log: a runner writes one Worker log per job. */
    private String workerKey;
    /** The furthest of the listener's start lines seen (a {@code StartMark} ordinal), -1 for none. */
    private int stage = -1;
    /** Time of that line, to tell a line copied twice (same time) from the next job's. */
    private Instant stageAt;

    OpenJob(Instant start) {
        this.start = start;
        this.lastSeen = start;
    }

    /** The context a Worker's job message gave; empty when none was read. */
    public record Context(boolean seen, String repository, String workflow, String environment, String sha,
            String headCommitTimestamp) {
    }

    /**
     * A job as the state file saved it.
     *
     * @param stage the furthest start line seen, -1 for none
     */
    public static OpenJob restore(String name, Instant start, Instant lastSeen, boolean fromListener, Context context,
            Instant abandonAt, String id, String workerKey, int stage, Instant stageAt) {
        OpenJob job = new OpenJob(start);
        job.name = name;
        job.lastSeen = lastSeen;
        job.fromListener = fromListener;
        job.contextSeen = context.seen();
        job.repository = context.repository();
        job.workflow = context.workflow();
        job.environment = context.environment();
        job.sha = context.sha();
        job.headCommitTimestamp = context.headCommitTimestamp();
        job.abandonAt = abandonAt;
        job.id = id;
        job.workerKey = workerKey;
        job.stage = stage;
        job.stageAt = stageAt;
        return job;
    }

    void seen(Instant time) {
        if (time != null && (lastSeen == null || time.isAfter(lastSeen))) {
            lastSeen = time;
        }
    }

    void started(Instant time) {
        if (time != null && (start == null || time.isBefore(start))) {
            start = time;
        }
        seen(time);
    }

    /** A listener line named it. */
    void fromListener() {
        fromListener = true;
    }

    void identified(String jobId) {
        id = jobId;
    }

    void named(String jobName) {
        name = jobName;
    }

    /** Its Worker log, once one was seen for it. */
    void inWorkerLog(String fileKey) {
        workerKey = fileKey;
    }

    /** What the Worker's job message said of it. */
    void context(JobContext context) {
        if (context.displayName() != null) {
            name = context.displayName();
        }
        repository = context.repository();
        workflow = context.workflow();
        contextSeen = true;
        environment = context.environment();
        sha = context.sha();
        headCommitTimestamp = context.headCommitTimestamp();
    }

    /** Marks how far the listener's start lines of this job have come. */
    void reach(int mark, Instant time) {
        if (mark > stage) {
            stage = mark;
            stageAt = time;
        }
    }

    /** The runner moved on from it: closed as abandoned at this wall-clock time unless its result comes first. */
    void abandonAfter(Instant due) {
        if (abandonAt == null) {
            abandonAt = due;
        }
    }

    public String name() {
        return name;
    }

    public Instant start() {
        return start;
    }

    public Instant lastSeen() {
        return lastSeen;
    }

    public boolean isFromListener() {
        return fromListener;
    }

    public Context context() {
        return new Context(contextSeen, repository, workflow, environment, sha, headCommitTimestamp);
    }

    public String repository() {
        return repository;
    }

    public String workflow() {
        return workflow;
    }

    /** Wall-clock time it is closed as abandoned; null while the runner has not moved on from it. */
    public Instant abandonAt() {
        return abandonAt;
    }

    public String id() {
        return id;
    }

    public String workerKey() {
        return workerKey;
    }

    public int stage() {
        return stage;
    }

    public Instant stageAt() {
        return stageAt;
    }
}
