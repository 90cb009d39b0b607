package dev.runnermetrics.exporter.model;

import dev.runnermetrics.exporter.logs.LogEvent;
import dev.runnermetrics.exporter.logs.LogEvent.VersionSource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
            state.listenerStart = e.time();
            state.online = Boolean.FALSE; // connected once it says so
        } else if (event instanceof LogEvent.RunnerVersion e) {
            version(e);
        } else if (event instanceof LogEvent.RunnerPlatform e) {
            state.os = e.os();
            state.arch = e.arch();
        } else if (event instanceof LogEvent.Online) {
            state.online = Boolean.TRUE;
        } else if (event instanceof LogEvent.Offline) {
            state.online = Boolean.FALSE;
        } else if (event instanceof LogEvent.ListenerStopping) {
            state.online = Boolean.FALSE; // its job is cancelled and reported before the process ends
        } else if (event instanceof LogEvent.ListenerStopped) {
            state.online = Boolean.FALSE;
            state.listenerStart = null;
            jobs.movedOn(now);
        } else if (event instanceof LogEvent.ListenerProblem e) {
            String reason = e.reason().label();
            state.listenerErrors.merge(reason, 1L, Long::sum);
            Instant last = state.listenerErrorLast.get(reason);
            if (last == null || e.time().isAfter(last)) {
                state.listenerErrorLast.put(reason, e.time());
            }
        } else if (event instanceof LogEvent.RunnerIdle) {
            state.online = Boolean.TRUE;
            jobs.movedOn(now);
        } else if (event instanceof LogEvent.JobStarted e) {
            state.online = Boolean.TRUE;
            jobs.started(e, now);
        } else if (event instanceof LogEvent.JobFinished e) {
            jobs.finished(e, now);
        } else if (event instanceof LogEvent.WorkerJob e) {
            jobs.workerJob(e, now);
        } else if (event instanceof LogEvent.JobActivity e) {
            jobs.activity(e);
        }
    }

    /** The version from the best kind of line seen; among lines of one kind, the newest. */
    private void version(LogEvent.RunnerVersion e) {
        VersionSource current = state.versionSource == null
                ? (state.version == null ? null : VersionSource.LISTENER) // saved before sources were kept
                : VersionSource.valueOf(state.versionSource);
        if (current == null || e.source().compareTo(current) <= 0) {
            state.version = e.version();
            state.versionSource = e.source().name();
        }
    }

    /** Closes jobs whose abandonment is due: the grace after the runner moved on, or long silence. */
    public void sweep(Instant now) {
        jobs.sweep(now);
    }

    /** Busy while a job runs that the runner has not moved on from. */
    public boolean busy() {
        return jobs.busy();
    }

    /** The jobs counted since the last call, in the order they were counted. */
    public List<JobEnd> drainEnded() {
        return jobs.drainEnded();
    }

    /** A copy of the job series that later polls do not change (the ingest benchmark reads it). */
    public Map<JobSeriesKey, JobSeries> seriesCopy() {
        Map<JobSeriesKey, JobSeries> copy = new LinkedHashMap<>();
        state.series.forEach((k, v) -> {
            JobSeries s = new JobSeries();
            s.jobs = v.jobs;
            s.bucketCounts = v.bucketCounts.clone();
            s.durationSum = v.durationSum;
            s.durationCount = v.durationCount;
            copy.put(k, s);
        });
        return copy;
    }
}
