package dev.runnermetrics.exporter.app;

import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.logs.LogEvent;
import dev.runnermetrics.exporter.model.JobEnd;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import dev.runnermetrics.exporter.model.JobSeenListener;
import dev.runnermetrics.exporter.model.OpenJob;
import dev.runnermetrics.exporter.model.RunnerModel;
import dev.runnermetrics.exporter.model.RunnerState;
import dev.runnermetrics.exporter.state.PersistedState;
import dev.runnermetrics.exporter.steps.JobView;
import dev.runnermetrics.exporter.steps.StepFigures;
import dev.runnermetrics.exporter.steps.StepOutput;
import dev.runnermetrics.exporter.steps.StepState;
import dev.runnermetrics.exporter.tail.DiagTailer;
import dev.runnermetrics.exporter.tail.LogKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One runner: its tailer feeding its model, and its step output feeding cache counts. Access is serialised by
 * {@link ExporterEngine}.
 */
final class RunnerMonitor {

    private final RunnerTarget target;
    private final DiagTailer tailer;
    private final RunnerModel model;
    private final JobLabelPolicy labelPolicy;
    /** Null when step output is switched off; its saved state is then kept as it was. */
    private final StepOutput steps;
    private final StepState restoredSteps;
    private final Map<LogKind, SourceHealth> sources = new EnumMap<>(LogKind.class);
    /** Told of every job the model counts, in the same poll (figures derived from finished jobs). */
    private final Consumer<JobEnd> jobEnded;
    private boolean firstPassDone;
    private boolean folderReadable;

    RunnerMonitor(RunnerTarget target, PersistedState.Runner restored, ExporterEngine.Settings settings,
            Consumer<JobEnd> jobEnded) {
        this(target, restored, settings, jobEnded, false);
    }

    /** @param holdOpen whether the logs that can still grow stay open between reads (runners that go: node mode) */
    RunnerMonitor(RunnerTarget target, PersistedState.Runner restored, ExporterEngine.Settings settings,
            Consumer<JobEnd> jobEnded, boolean holdOpen) {
        this.target = target;
        this.jobEnded = jobEnded;
        this.labelPolicy = settings.labelPolicy();
        this.tailer = new DiagTailer(target.diagDir(), settings.maxLineBytes(), restored.cursors(), holdOpen);
        this.model = new RunnerModel(restored.state(), settings.abandonGrace(), settings.abandonAfterSilence(),
                labelPolicy);
        this.restoredSteps = restored.steps();
        this.steps = settings.stepOutput()
                ? StepOutput.of(target.diagDir(), settings.maxLineBytes(), settings.cacheTypes(), restored.steps())
                : null;
        for (LogKind kind : LogKind.values()) {
            sources.put(kind, new SourceHealth());
        }
    }

    RunnerTarget target() {
        return target;
    }

    boolean poll(Instant now) {
        return poll(now, JobSeenListener.NONE);
    }

    /** @return whether anything changed that the state file should keep */
    boolean poll(Instant now, JobSeenListener jobSeen) {
        return apply(tailer.poll(now), now, jobSeen);
    }

    /**
     * The runner is gone for good (its pod deleted): the files held open are read to their end, then every job still
     * open is closed as abandoned, since no line of it can come any more. Counted here, each job is in what the
     * runner leaves to its type's totals exactly once.
     */
    void letGo(Instant now, JobSeenListener jobSeen) {
        apply(tailer.drain(now), now, jobSeen);
        model.gone();
        model.drainEnded().forEach(jobEnded);
        tailer.close();
    }

    private boolean apply(DiagTailer.Poll poll, Instant now, JobSeenListener jobSeen) {
        folderReadable = poll.folderReadable();
        List<LogEvent> events = new ArrayList<>(poll.events());
        // Runner and Worker logs are written concurrently: apply their events in log time (stable for ties).
        events.sort(Comparator.comparing(LogEvent::time));
        for (LogEvent event : events) {
            model.apply(event, now);
            if (event instanceof LogEvent.WorkerJob job && job.context() != null) {
                jobSeen.jobSeen(target.name(), target.type(), job.time(), job.context());
            }
            LogKind source = sourceOf(event);
            if (source != null) {
                SourceHealth health = sources.get(source);
                health.event(event.time());
            }
        }
        int openBefore = model.state().open().size();
        model.sweep(now);
        model.drainEnded().forEach(jobEnded);
        boolean read = false;
        for (Map.Entry<LogKind, DiagTailer.SourcePoll> entry : poll.sources().entrySet()) {
            SourceHealth health = sources.get(entry.getKey());
            DiagTailer.SourcePoll p = entry.getValue();
            health.polled(p.readable(), p.lines(), p.errors());
            read |= p.lines() > 0 || !p.errors().isEmpty();
        }
        if (folderReadable) {
            firstPassDone = true;
        }
        // After the logs, so a page that appears with its job is given that job.
        boolean stepsChanged = steps != null && steps.poll(jobView(model.state()));
        return read || !events.isEmpty() || model.state().open().size() != openBefore || stepsChanged;
    }

    /** The job running now: the listener's current job, else the newest job the Worker log shows running. */
    private static JobView jobView(RunnerState state) {
        String current = state.currentKey() != null && state.open().containsKey(state.currentKey())
                ? state.currentKey()
                : null;
        if (current == null) {
            for (Map.Entry<String, OpenJob> job : state.open().entrySet()) {
                if (job.getValue().abandonAt() == null) {
                    current = job.getKey();
                }
            }
        }
        return new JobView(current, state.open().keySet());
    }

    /** Which log an event came from; null for those that either can write (activity, versions in paths). */
    private static LogKind sourceOf(LogEvent event) {
        if (event instanceof LogEvent.JobActivity || event instanceof LogEvent.RunnerVersion v
                && (v.source() == LogEvent.VersionSource.BIN_PATH || v.source() == LogEvent.VersionSource.URL)) {
            return null;
        }
        return event instanceof LogEvent.WorkerJob
                || event instanceof LogEvent.JobFinished f && f.authority() == LogEvent.Authority.WORKER
                || event instanceof LogEvent.RunnerVersion v && v.source() == LogEvent.VersionSource.WORKER
                ? LogKind.WORKER
                : LogKind.RUNNER;
    }

    boolean firstPassDone() {
        return firstPassDone;
    }

    boolean folderReadable() {
        return folderReadable;
    }

    PersistedState.Runner persisted() {
        return new PersistedState.Runner(tailer.cursors(), model.state(),
                steps != null ? steps.state() : restoredSteps, target.type(),
                target.name().equals(target.id()) ? null : target.name(), target.namespace(), null);
    }

    /** The runner's state, for its samples; read under the engine's lock. */
    RunnerState state() {
        return model.state();
    }

    /** Busy or idle; null while nothing is known of the runner (no state, job or count yet). */
    Boolean busy() {
        RunnerState state = model.state();
        boolean known = state.online() != null || !state.open().isEmpty() || !state.series().isEmpty();
        return known ? model.busy() : null;
    }

    Map<LogKind, SourceHealth> sources() {
        return sources;
    }

    List<String> contextLabels() {
        return labelPolicy.enabled();
    }

    /** Null while step output is off or its folders do not exist: what has not been watched is not known. */
    StepFigures stepFigures() {
        return steps != null ? steps.figures() : null;
    }

    /** Files held open by its tailer now. */
    int held() {
        return tailer.held();
    }

    void close() {
        tailer.close();
        if (steps != null) {
            steps.close();
        }
    }
}
