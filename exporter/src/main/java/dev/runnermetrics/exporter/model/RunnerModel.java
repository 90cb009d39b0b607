package dev.runnermetrics.exporter.model;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.JobResult;
import dev.runnermetrics.exporter.logs.JobContext;
import dev.runnermetrics.exporter.logs.LogEvent;
import dev.runnermetrics.exporter.logs.LogEvent.Authority;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one runner's logs have told so far, and the rules that turn log events into job counts: a job is counted
 * once however many lines and files report it, a job whose start was not seen counts without a duration, and a job
 * the runner moved on from without a result is closed as abandoned. Not thread-safe: the caller serialises access.
 */
public final class RunnerModel {

    /** How many finished job keys are remembered to recognise a job read again. */
    static final int FINISHED_MEMORY = 4096;

    private final Duration abandonGrace;
    private final Duration abandonAfterSilence;
    private final JobLabelPolicy labelPolicy;
    private final RunnerState state;
    /** Jobs counted since the last {@link #drainEnded()}; taken within the same poll, so never persisted. */
    private final List<JobEnd> ended = new ArrayList<>();

    public RunnerModel(RunnerState state, Duration abandonGrace, Duration abandonAfterSilence,
            JobLabelPolicy labelPolicy) {
        this.state = state;
        this.abandonGrace = abandonGrace;
        this.abandonAfterSilence = abandonAfterSilence;
        this.labelPolicy = labelPolicy;
    }

    public RunnerState state() {
        return state;
    }

    /** Applies one event; {@code now} is wall-clock time, used only to schedule abandonment. */
    public void apply(LogEvent event, Instant now) {
        if (event instanceof LogEvent.ListenerStarted e) {
            abandonListenerJobs(now); // a new listener process forgets the job the old one ran
            state.listenerStart = e.time();
            state.online = Boolean.FALSE; // connected once it says so
        } else if (event instanceof LogEvent.RunnerVersion e) {
            state.version = e.version();
        } else if (event instanceof LogEvent.RunnerPlatform e) {
            state.os = e.os();
            state.arch = e.arch();
        } else if (event instanceof LogEvent.Online) {
            state.online = Boolean.TRUE;
        } else if (event instanceof LogEvent.Offline) {
            state.online = Boolean.FALSE;
        } else if (event instanceof LogEvent.ListenerStopped) {
            state.online = Boolean.FALSE;
            state.listenerStart = null;
            abandonListenerJobs(now);
        } else if (event instanceof LogEvent.JobStateChanged e) {
            state.online = Boolean.TRUE;
            if (!e.busy()) {
                abandonListenerJobs(now);
            }
        } else if (event instanceof LogEvent.JobReceived e) {
            received(e, now);
        } else if (event instanceof LogEvent.JobNamed e) {
            named(e);
        } else if (event instanceof LogEvent.JobFinished e) {
            finished(e);
        } else if (event instanceof LogEvent.WorkerJob e) {
            workerJob(e);
        } else if (event instanceof LogEvent.JobActivity e) {
            OpenJob job = state.open.get(e.jobKey());
            if (job != null) {
                job.seen(e.time());
            }
        }
    }

    /** Closes jobs whose abandonment is due: the grace after the runner moved on, or long silence. */
    public void sweep(Instant now) {
        List<String> due = new ArrayList<>();
        for (Map.Entry<String, OpenJob> entry : state.open.entrySet()) {
            OpenJob job = entry.getValue();
            boolean graceOver = job.abandonAt != null && !now.isBefore(job.abandonAt);
            boolean silent = job.lastSeen != null && job.lastSeen.plus(abandonAfterSilence).isBefore(now);
            if (graceOver || silent) {
                due.add(entry.getKey());
            }
        }
        for (String key : due) {
            close(key, state.open.remove(key), JobResult.ABANDONED, Authority.LISTENER, null);
        }
    }

    /** Busy while a job runs that the runner has not moved on from. */
    public boolean busy() {
        return state.open.values().stream().anyMatch(job -> job.abandonAt == null);
    }

    private void received(LogEvent.JobReceived e, Instant now) {
        String key = e.jobId();
        state.online = Boolean.TRUE;
        if (state.finished.containsKey(key)) {
            state.currentKey = key; // the same lines read again
            return;
        }
        for (Map.Entry<String, OpenJob> other : state.open.entrySet()) {
            if (!other.getKey().equals(key) && other.getValue().fromListener) {
                scheduleAbandon(other.getValue(), now); // a listener runs one job at a time
            }
        }
        OpenJob job = state.open.computeIfAbsent(key, k -> new OpenJob(e.time()));
        job.fromListener = true;
        if (job.start == null || e.time().isBefore(job.start)) {
            job.start = e.time();
        }
        job.seen(e.time());
        state.currentKey = key;
    }

    private void named(LogEvent.JobNamed e) {
        String key = state.currentKey;
        OpenJob current = key == null ? null : state.open.get(key);
        if (current != null && (current.name == null || current.name.equals(e.name()))) {
            current.name = e.name();
            current.seen(e.time());
            return;
        }
        if (key != null && state.finished.containsKey(key)) {
            return; // echo of a job already counted
        }
        // No "Job request" line seen (log cut or an older runner): the console echo opens the job itself.
        String consoleKey = "console:" + e.time() + ":" + e.name();
        if (state.finished.containsKey(consoleKey)) {
            return;
        }
        OpenJob job = state.open.computeIfAbsent(consoleKey, k -> new OpenJob(e.time()));
        job.name = e.name();
        job.fromListener = true;
        state.currentKey = consoleKey;
    }

    private void finished(LogEvent.JobFinished e) {
        String key = e.jobKey() != null ? e.jobKey() : consoleJobKey(e);
        FinishedJob done = state.finished.get(key);
        JobResult result = e.result().jobResult();
        if (done != null) {
            if (done.result() != result && done.authority() != e.authority()) {
                state.resultConflicts++;
            }
            return;
        }
        OpenJob job = state.open.remove(key);
        if (job == null) {
            job = new OpenJob(null); // its start was not seen: counted, no duration
            job.name = e.name();
        }
        close(key, job, result, e.authority(), e.time());
    }

    /** The job a console completion line is about: the listener's current job if the name fits. */
    private String consoleJobKey(LogEvent.JobFinished e) {
        String key = state.currentKey;
        if (key != null) {
            OpenJob current = state.open.get(key);
            String currentName = current != null ? current.name : null;
            if (current != null && (currentName == null || currentName.equals(e.name()))) {
                return key;
            }
            if (current == null && state.finished.containsKey(key)) {
                return key;
            }
        }
        for (Map.Entry<String, OpenJob> entry : state.open.entrySet()) {
            if (Objects.equals(entry.getValue().name, e.name()) && entry.getValue().fromListener) {
                return entry.getKey();
            }
        }
        return "console:" + e.time() + ":" + e.name();
    }

    private void workerJob(LogEvent.WorkerJob e) {
        String key = e.jobKey();
        if (state.finished.containsKey(key)) {
            return;
        }
        OpenJob job = state.open.computeIfAbsent(key, k -> new OpenJob(e.time()));
        if (job.start == null) {
            job.start = e.time();
        }
        job.seen(e.time());
        JobContext context = e.context();
        if (context != null) {
            if (context.displayName() != null) {
                job.name = context.displayName();
            }
            job.repository = context.repository();
            job.workflow = context.workflow();
            job.contextSeen = true;
            job.environment = context.environment();
            job.sha = context.sha();
            job.headCommitTimestamp = context.headCommitTimestamp();
        }
    }

    private void abandonListenerJobs(Instant now) {
        for (OpenJob job : state.open.values()) {
            if (job.fromListener) {
                scheduleAbandon(job, now);
            }
        }
    }

    private void scheduleAbandon(OpenJob job, Instant now) {
        if (job.abandonAt == null) {
            job.abandonAt = now.plus(abandonGrace); // its Worker log may still bring the result
        }
    }

    /** Counts a job once. {@code end} is null when the end time is unknown (abandoned). */
    private void close(String key, OpenJob job, JobResult result, Authority authority, Instant end) {
        JobSeriesKey seriesKey = new JobSeriesKey(result.label(),
                label("repository", job.repository),
                label("workflow", job.workflow),
                label("job", job.name));
        JobSeries series = state.series.computeIfAbsent(seriesKey,
                k -> new JobSeries(Catalogue.JOB_DURATION_BUCKETS.size()));
        series.jobs++;
        if (end != null && job.start != null && !end.isBefore(job.start) && result != JobResult.ABANDONED) {
            double seconds = Duration.between(job.start, end).toMillis() / 1000.0;
            series.observe(seconds, Catalogue.JOB_DURATION_BUCKETS);
        }
        if (end != null && (state.lastJobCompleted == null || end.isAfter(state.lastJobCompleted))) {
            state.lastJobCompleted = end;
        }
        state.finished.put(key, new FinishedJob(result, authority));
        trimFinished();
        ended.add(new JobEnd(key, job.name, job.contextSeen, job.repository, job.environment, job.sha,
                job.headCommitTimestamp, result, end));
    }

    /** The jobs counted since the last call, in the order they were counted. */
    public List<JobEnd> drainEnded() {
        List<JobEnd> out = List.copyOf(ended);
        ended.clear();
        return out;
    }

    private String label(String name, String raw) {
        return labelPolicy.value(name, raw, state.labelValues, state.labelOverflow);
    }

    private void trimFinished() {
        Iterator<String> oldest = state.finished.keySet().iterator();
        while (state.finished.size() > FINISHED_MEMORY && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Snapshot copies for the metrics collector, taken under the caller's lock. */
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

    public Map<String, Long> labelOverflowCopy() {
        return new HashMap<>(state.labelOverflow);
    }
}
