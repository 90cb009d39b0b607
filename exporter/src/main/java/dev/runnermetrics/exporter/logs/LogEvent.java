package dev.runnermetrics.exporter.logs;

import java.time.Instant;

/** What the runner's logs say happened, in log time. Parsers produce these; the runner model applies them. */
public sealed interface LogEvent {

    Instant time();

    /** A runner listener process started (its first trace lines). */
    record ListenerStarted(Instant time) implements LogEvent {
    }

    record RunnerVersion(Instant time, String version) implements LogEvent {
    }

    record RunnerPlatform(Instant time, String os, String arch) implements LogEvent {
    }

    /** The listener holds a session with GitHub and is listening for jobs. */
    record Online(Instant time) implements LogEvent {
    }

    /** The listener lost its connection to GitHub and is retrying. */
    record Offline(Instant time) implements LogEvent {
    }

    /** The listener process is shutting down or has exited. */
    record ListenerStopped(Instant time) implements LogEvent {
    }

    /** {@code Received job status event. JobState: Busy|Online}. */
    record JobStateChanged(Instant time, boolean busy) implements LogEvent {
    }

    /** The listener was assigned a job. */
    record JobReceived(Instant time, String jobId) implements LogEvent {
    }

    /** The console echo {@code Running job: NAME}, about the job the listener runs now. */
    record JobNamed(Instant time, String name) implements LogEvent {
    }

    /**
     * A job's result. {@code jobKey} is the job id where the line names it; null means "the job the listener runs
     * now" (console echo, which only names the job).
     */
    record JobFinished(Instant time, String jobKey, String name, TaskResult result, Authority authority)
            implements LogEvent {
    }

    /** A Worker log identified its job and, from the job message, its context. */
    record WorkerJob(Instant time, String jobKey, JobContext context) implements LogEvent {
    }

    /** A Worker log was written to: its job is alive. */
    record JobActivity(Instant time, String jobKey) implements LogEvent {
    }

    /** Which line a result came from; the listener's own lines are what GitHub records. */
    enum Authority {
        LISTENER,
        WORKER,
        CONSOLE
    }
}
