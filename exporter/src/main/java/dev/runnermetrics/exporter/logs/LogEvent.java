package dev.runnermetrics.exporter.logs;

import dev.runnermetrics.catalogue.ListenerErrorReason;
import java.time.Instant;

/** What the runner's logs say happened, in log time. Parsers produce these; the runner model applies them. */
public sealed interface LogEvent {

    Instant time();

    /** A runner listener process started (its first trace lines). */
    record ListenerStarted(Instant time) implements LogEvent {
    }

    /** The runner's version, and the kind of line it came from: a better source overrides a worse one. */
    record RunnerVersion(Instant time, String version, VersionSource source) implements LogEvent {
    }

    record RunnerPlatform(Instant time, String os, String arch) implements LogEvent {
    }

    /** The listener holds a session with GitHub and is listening for jobs. */
    record Online(Instant time) implements LogEvent {
    }

    /** The listener lost its connection to GitHub and is retrying. */
    record Offline(Instant time) implements LogEvent {
    }

    /** The listener process has exited (or ended its run): a job it ran without a result is over. */
    record ListenerStopped(Instant time) implements LogEvent {
    }

    /**
     * The listener was told to stop ({@code Runner will be shutdown for …}): it is offline now, but it cancels its
     * job and writes the job's result before it exits, which can take a while.
     */
    record ListenerStopping(Instant time) implements LogEvent {
    }

    /** {@code Received job status event. JobState: Online}: the listener finished its job and takes the next. */
    record RunnerIdle(Instant time) implements LogEvent {
    }

    /**
     * A line that marks a job starting on the listener's side: received, its lease renewed, sent to the worker,
     * announced, or echoed on the console. {@code jobId} is null for lines that name no job id, {@code name} is the
     * job's display name where the line has it.
     */
    record JobStarted(Instant time, String jobId, String name, StartMark mark) implements LogEvent {
    }

    /**
     * A job's result. {@code jobKey} is the job id where the line names it; null means "the job the listener runs
     * now" (console echo, which only names the job).
     */
    record JobFinished(Instant time, String jobKey, String name, TaskResult result, Authority authority)
            implements LogEvent {
    }

    /**
     * A Worker log identified its job and, from the job message, its context.
     *
     * @param jobKey  the job id, or the Worker file's key while no line of it named the id
     * @param fileKey the Worker file's key ({@link WorkerLogInterpreter#fallbackKey}): one file is one job
     */
    record WorkerJob(Instant time, String jobKey, String fileKey, JobContext context) implements LogEvent {
    }

    /**
     * A job is alive: its Worker log was written to, or the listener renewed its lease (every minute). {@code jobKey}
     * is null when the line does not name the job: the job the runner runs now.
     */
    record JobActivity(Instant time, String jobKey) implements LogEvent {
    }

    /** A problem the listener reported (one per failure, however many lines it wrote about it). */
    record ListenerProblem(Instant time, ListenerErrorReason reason) implements LogEvent {
    }

    /**
     * The listener's lines that mark a job starting, in the order it writes them for one job (see
     * docs/RUNNER-LOG-LINES.md): a job writes each of them at most once, so one that comes again, or an earlier one
     * after a later one, is the next job.
     */
    enum StartMark {
        /** {@code Job request R for plan P job J received.} (legacy flow only) */
        RECEIVED,
        /** {@code Received job status event. JobState: Busy} (2.295.0 on) */
        BUSY,
        /** {@code WRITE LINE: <time>: Running job: NAME} */
        ECHOED,
        /** {@code Start renew job request R for job J.} */
        RENEWED,
        /** {@code Send job request message to worker for job J.} */
        DISPATCHED,
        /** {@code Entering JobStarted Notification} */
        NOTIFIED
    }

    /** Where a version was read, best first. */
    enum VersionSource {
        LISTENER,
        WORKER,
        BIN_PATH,
        URL
    }

    /** Which line a result came from; the listener's own lines are what GitHub records. */
    enum Authority {
        LISTENER,
        WORKER,
        CONSOLE
    }
}
