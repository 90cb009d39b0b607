package dev.runnermetrics.exporter.model;

import static dev.runnermetrics.catalogue.Catalogue.LISTENER_ERRORS;

import dev.runnermetrics.exporter.logs.LogEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one runner's logs have told so far: its state, version, listener problems, and its jobs, which
 * {@link JobTracker} counts once however many lines and files report them (a job whose start was not seen counts
 * without a duration; one the runner moved on from without a result is closed as abandoned). Not thread-safe: the
 * caller serialises access.
 */
public final class RunnerModel {

    private final RunnerState state;
    private final JobTracker jobs;

    public RunnerModel(RunnerState state, Duration abandonGrace, Duration abandonAfterSilence,
            JobLabelPolicy labelPolicy) {
        this.state = state;
        this.jobs = new JobTracker(state, abandonGrace, abandonAfterSilence, labelPolicy);
    }

    public RunnerState state() {
        return state;
    }

    /** Applies one event; {@code now} is wall-clock time, used only to schedule abandonment. */
    public void apply(LogEvent event, Instant now) {
        if (event instanceof LogEvent.ListenerStarted e) {
            jobs.movedOn(now); // a new listener process forgets the job the old one ran
            state.listenerStarted(e.time());
        } else if (event instanceof LogEvent.RunnerVersion e) {
            state.version(e.version(), e.source());
        } else if (event instanceof LogEvent.RunnerPlatform e) {
            state.platform(e.os(), e.arch());
        } else if (event instanceof LogEvent.Online) {
            state.online(true);
        } else if (event instanceof LogEvent.Offline) {
            state.online(false);
        } else if (event instanceof LogEvent.ListenerStopping) {
            state.online(false); // its job is cancelled and reported before the process ends
        } else if (event instanceof LogEvent.ListenerStopped) {
            state.listenerStopped();
            jobs.movedOn(now);
        } else if (event instanceof LogEvent.ListenerProblem e) {
            state.count(LISTENER_ERRORS, e.reason().label(), e.time());
        } else if (event instanceof LogEvent.RunnerIdle) {
            state.online(true);
            jobs.movedOn(now);
        } else if (event instanceof LogEvent.JobStarted e) {
            state.online(true);
            jobs.started(e, now);
        } else if (event instanceof LogEvent.JobFinished e) {
            jobs.finished(e, now);
        } else if (event instanceof LogEvent.WorkerJob e) {
            jobs.workerJob(e, now);
        } else if (event instanceof LogEvent.JobActivity e) {
            jobs.activity(e);
        }
    }

    /** Closes jobs whose abandonment is due: the grace after the runner moved on, or long silence. */
    public void sweep(Instant now) {
        jobs.sweep(now);
    }

    /**
     * The runner is gone for good (its pod deleted, its logs with it): every job still open is closed as abandoned,
     * since no result can come for it any more.
     */
    public void gone() {
        jobs.gone();
    }

    /** Busy while a job runs that the runner has not moved on from. */
    public boolean busy() {
        return jobs.busy();
    }

    /** The jobs counted since the last call, in the order they were counted. */
    public List<JobEnd> drainEnded() {
        return jobs.drainEnded();
    }
}
