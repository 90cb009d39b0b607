package dev.runnermetrics.exporter.model;

import dev.runnermetrics.catalogue.JobResult;
import dev.runnermetrics.exporter.logs.LogEvent;
import dev.runnermetrics.exporter.logs.LogEvent.Authority;
import dev.runnermetrics.exporter.logs.LogEvent.StartMark;
import dev.runnermetrics.exporter.logs.WorkerLogInterpreter;
import dev.runnermetrics.exporter.metrics.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Turns the job lines of one runner's logs into jobs, each counted once. A runner runs one job at a time, so its
 * lines fall into windows, one per job: a line joins the job the runner runs now unless something in it says it is
 * another job (another job id, another Worker log, another name, or a start line the job already wrote), and the
 * reports of a job's end (up to three from the listener, one from its Worker log) are one job even when only some
 * of them name it. A job's duration runs from its earliest start line to its first end line; without a start line
 * it has none. Not thread-safe: the model serialises access.
 */
final class JobTracker {

    /**
     * How long after a counted job's last line another report of its end still belongs to it. The listener writes
     * its end lines within a second of the worker's last line; the next job takes longer than this to run.
     */
    static final Duration END_CLUSTER = Duration.ofSeconds(5);

    /** How many finished job keys are remembered to recognise a job read again. */
    static final int FINISHED_MEMORY = 4096;

    private final RunnerState state;
    private final Map<String, OpenJob> open;
    private final LinkedHashMap<String, FinishedJob> finished;
    private final Duration abandonGrace;
    private final Duration abandonAfterSilence;
    private final JobLabelPolicy labelPolicy;
    /** Jobs counted since the last {@link #drainEnded()}; taken within the same poll, so never persisted. */
    private final List<JobEnd> ended = new ArrayList<>();

    JobTracker(RunnerState state, Duration abandonGrace, Duration abandonAfterSilence, JobLabelPolicy labelPolicy) {
        this.state = state;
        this.open = state.openJobs();
        this.finished = state.finishedJobs();
        this.abandonGrace = abandonGrace;
        this.abandonAfterSilence = abandonAfterSilence;
        this.labelPolicy = labelPolicy;
    }

    void started(LogEvent.JobStarted e, Instant now) {
        expireSilent(e.time());
        if (e.jobId() != null && finished.containsKey(e.jobId())) {
            // A line of a job already counted. When it is not the job counted last, its lines are read after its
            // count (logs reaching us out of order between files): its neighbours that name no job are its own.
            if (state.lastEnded() != null && state.lastEnded().named(e.jobId())) {
                touchEnded(e.time(), e.jobId());
            } else {
                state.lastEnded(EndedJob.readLate(e.jobId(), e.time(), finished.get(e.jobId())));
            }
            return;
        }
        OpenJob job = e.jobId() != null ? openWith(e.jobId()) : null;
        if (job == null) {
            OpenJob current = current();
            if (current != null && takesStart(current, e, state.lastJobCompleted())) {
                job = current;
            }
        }
        if (job == null && endedTakesLate(e.time(), e.jobId(), null, e.name())) {
            return;
        }
        if (job == null && e.jobId() == null && state.lastJobCompleted() != null
                && e.time().isBefore(state.lastJobCompleted())) {
            // One job at a time: a start that names no job, older than a counted job's end, is an earlier job's
            // line read late (its Busy and echo come before its id in the broker flow), not a new job.
            return;
        }
        if (job == null) {
            job = open(e.time(), e.jobId(), e.name(), now);
        }
        job.fromListener();
        if (e.jobId() != null) {
            job.identified(e.jobId());
        }
        if (e.name() != null) {
            job.named(e.name());
        }
        job.reach(e.mark().ordinal(), e.time());
        job.started(e.time());
        state.current(keyOf(job));
    }

    void workerJob(LogEvent.WorkerJob e, Instant now) {
        expireSilent(e.time());
        String id = idOf(e.jobKey());
        if (finished.containsKey(e.jobKey()) || finished.containsKey(e.fileKey())) {
            touchEnded(e.time(), e.jobKey());
            return; // the Worker log of a job already counted
        }
        OpenJob job = id != null ? openWith(id) : null;
        if (job == null) {
            job = openWith(e.fileKey());
        }
        if (job == null) {
            OpenJob current = current();
            if (current != null && takesWorker(current, e)) {
                job = current;
            }
        }
        String name = e.context() != null ? e.context().displayName() : null;
        if (job == null && endedTakesLate(e.time(), id, e.fileKey(), name)) {
            return;
        }
        if (job == null) {
            job = open(e.time(), id, name, now);
        }
        if (id != null) {
            job.identified(id);
        }
        job.inWorkerLog(e.fileKey());
        // The listener starts the worker once the job's first renewal succeeded: its earlier lines are behind it.
        job.reach(StartMark.RENEWED.ordinal(), e.time());
        job.started(e.time());
        if (e.context() != null) {
            job.context(e.context());
        }
        state.current(keyOf(job));
    }

    void finished(LogEvent.JobFinished e, Instant now) {
        expireSilent(e.time());
        String key = e.jobKey();
        JobResult result = e.result().jobResult();
        if (key != null) {
            FinishedJob done = finished.get(key);
            if (done != null) {
                if (state.lastEnded() == null || !state.lastEnded().named(key)) {
                    // Another report of a job counted before the last one (its logs read out of order): the reports
                    // that name no job right after it (the console's echo) are its own, not the last job's.
                    state.lastEnded(new EndedJob(idOf(key), workerOf(key), null, e.time(), e.time(), null,
                            done.result(), done.authority(), false, true, null));
                }
                conflict(done, result, e.authority(), true);
                touchEnded(e.time(), key);
                return;
            }
        }
        OpenJob job = key != null ? openWith(key) : null;
        if (job == null) {
            OpenJob current = current();
            if (current != null && takesEnd(current, key, e.name())
                    && (current.start() == null || !e.time().isBefore(current.start()))) {
                // An end older than the running job's start is an earlier job's, read late.
                job = current;
            }
        }
        if (job == null && endedTakesEnd(e)) {
            FinishedJob done = new FinishedJob(lastEnded().result(), lastEnded().authority());
            conflict(done, result, e.authority(), true);
            if (key != null) {
                remember(key, done);
            }
            state.lastEnded(state.lastEnded().seen(e.time(), idOf(key), workerOf(key),
                    e.authority() == Authority.CONSOLE));
            return;
        }
        if (job == null && key == null && endedEarlier(e.time())) {
            return;
        }
        if (job == null && key == null) {
            job = interrupted(e.time(), e.name());
        }
        if (job == null) {
            // Its start was not seen: counted, no duration. It ended before a job begun after its end line.
            job = open(null, e.time(), idOf(key), e.name(), now);
            job.seen(e.time());
        }
        if (idOf(key) != null) {
            job.identified(key);
        }
        if (workerOf(key) != null) {
            job.inWorkerLog(key);
        }
        if (job.name() == null) {
            job.named(e.name());
        }
        close(keyOf(job), job, result, e.authority(), e.time());
    }

    void activity(LogEvent.JobActivity e) {
        expireSilent(e.time());
        OpenJob job = e.jobKey() == null ? current() : openWith(e.jobKey());
        if (job != null) {
            job.seen(e.time());
        } else {
            touchEnded(e.time(), e.jobKey());
        }
    }

    /** The runner said it moved on (idle, restarted, stopped): its listener's jobs end unless a result comes. */
    void movedOn(Instant now) {
        for (OpenJob job : open.values()) {
            if (job.isFromListener()) {
                scheduleAbandon(job, now);
            }
        }
    }

    /**
     * Closes the jobs silent for longer than the limit before a line at this log time: a history read in one go
     * (first start, catching up after downtime) sees in log time what a running exporter sees on its clock.
     */
    private void expireSilent(Instant logTime) {
        closeAbandoned(job -> silentBefore(job, logTime));
    }

    /** Closes jobs whose abandonment is due: the grace after the runner moved on, or long silence. */
    void sweep(Instant now) {
        closeAbandoned(job -> job.abandonAt() != null && !now.isBefore(job.abandonAt()) || silentBefore(job, now));
    }

    /** The runner is gone for good: no line of its open jobs can come any more. */
    void gone() {
        closeAbandoned(job -> true);
    }

    private boolean silentBefore(OpenJob job, Instant time) {
        return job.lastSeen() != null && job.lastSeen().plus(abandonAfterSilence).isBefore(time);
    }

    private void closeAbandoned(Predicate<OpenJob> due) {
        List<String> keys = new ArrayList<>();
        open.forEach((key, job) -> {
            if (due.test(job)) {
                keys.add(key);
            }
        });
        for (String key : keys) {
            close(key, open.get(key), JobResult.ABANDONED, Authority.LISTENER, null);
        }
    }

    boolean busy() {
        return open.values().stream().anyMatch(job -> job.abandonAt() == null);
    }

    List<JobEnd> drainEnded() {
        List<JobEnd> out = List.copyOf(ended);
        ended.clear();
        return out;
    }

    /** Whether a start line belongs to the job the runner runs now. */
    private static boolean takesStart(OpenJob job, LogEvent.JobStarted e, Instant lastCompleted) {
        if (job.abandonAt() != null) {
            return false; // the runner moved on from it
        }
        if (e.jobId() != null && job.id() != null) {
            return job.id().equals(e.jobId());
        }
        if (e.name() != null && job.name() != null && !job.name().equals(e.name())) {
            return false;
        }
        if (lastCompleted != null && e.time().isBefore(lastCompleted) && job.start() != null
                && !job.start().isBefore(lastCompleted)) {
            // One job at a time: a line older than a counted job's end is no line of a job begun after that end
            // (the earlier job's, read late), whatever its stage.
            return false;
        }
        int stage = e.mark().ordinal();
        if (stage == job.stage()) {
            return e.time().equals(job.stageAt()); // the same line copied (ARC's stdout), not the next job's
        }
        if (stage < job.stage() && job.stageAt() != null && !e.time().isAfter(job.stageAt())) {
            // An earlier line of this job read after a later one (its Worker log reached us before its Runner
            // lines): one job at a time, so the next job's start is never older than this job's.
            return true;
        }
        return stage > job.stage();
    }

    private static boolean takesWorker(OpenJob job, LogEvent.WorkerJob e) {
        if (job.abandonAt() != null) {
            return false;
        }
        if (job.workerKey() != null) {
            return job.workerKey().equals(e.fileKey()); // one Worker log per job
        }
        String id = idOf(e.jobKey());
        if (id != null && job.id() != null && !job.id().equals(id)) {
            return false;
        }
        String name = e.context() != null ? e.context().displayName() : null;
        return name == null || job.name() == null || job.name().equals(name);
    }

    /** Whether an end report with this key (job id, Worker file, or none) and name can be about this job. */
    private static boolean takesEnd(OpenJob job, String key, String name) {
        return agree(idOf(key), job.id()) && agree(workerOf(key), job.workerKey()) && agree(name, job.name());
    }

    /**
     * Whether an end report is another report of the job counted last. A job closed as abandoned takes a late report
     * of its end as well (its result came after the grace), so the report is not counted as another job.
     */
    private boolean endedTakesEnd(LogEvent.JobFinished e) {
        EndedJob last = lastEnded();
        if (last == null || last.end() == null && last.lastSeen() == null) {
            return false;
        }
        if (e.authority() == Authority.CONSOLE && last.consoleEndAt() != null) {
            // The console echoes a job's end once; the same line again (ARC's stdout copy) is no other job.
            return e.time().equals(last.consoleEndAt()) && Objects.equals(e.name(), last.name());
        }
        if (!matches(last, e.jobKey(), e.name())) {
            return false;
        }
        if (last.start() != null && e.time().isBefore(last.start())) {
            return false; // an earlier job's end, read after this one was counted
        }
        Instant newest = last.end() == null || last.lastSeen() != null && last.lastSeen().isAfter(last.end())
                ? last.lastSeen() : last.end();
        return !e.time().isAfter(newest.plus(END_CLUSTER));
    }

    /**
     * The job counted last. A state file from before it was kept names only its key ({@code currentKey}, finished):
     * it is rebuilt from that, ending at the last completion, so its other end reports are not taken as a new job.
     */
    private EndedJob lastEnded() {
        if (state.lastEnded() == null && state.currentKey() != null && open.isEmpty()) {
            FinishedJob done = finished.get(state.currentKey());
            if (done != null && state.lastJobCompleted() != null) {
                // Keys without a job id were made up: "job:" for a start without one, "console:" by older versions.
                String id = idOf(state.currentKey());
                boolean madeUp = id != null && (id.startsWith("job:") || id.startsWith("console:"));
                Instant completed = state.lastJobCompleted();
                state.lastEnded(new EndedJob(madeUp ? null : id, null, null, completed, completed, null,
                        done.result(), done.authority(), false, false, null));
            }
        }
        return state.lastEnded();
    }

    /**
     * The open job an end report that names no job belongs to although the runner seemed to move on from it: the
     * latest begun before the report, when no job known began between the two (a later job's Worker log was read
     * before this job's end lines).
     */
    private OpenJob interrupted(Instant time, String name) {
        OpenJob found = null;
        for (OpenJob job : open.values()) {
            if (job.start() != null && !job.start().isAfter(time) && takesEnd(job, null, name)
                    && (found == null || job.start().isAfter(found.start()))) {
                found = job;
            }
        }
        if (found == null) {
            return null;
        }
        for (OpenJob job : open.values()) {
            if (job != found && job.start() != null && job.start().isAfter(found.start())
                    && !job.start().isAfter(time)) {
                return null;
            }
        }
        EndedJob last = state.lastEnded();
        Instant lastStart = last == null ? null : last.start();
        boolean laterEnded = lastStart != null && lastStart.isAfter(found.start()) && !lastStart.isAfter(time)
                || state.lastJobCompleted() != null && state.lastJobCompleted().isAfter(found.start())
                        && !state.lastJobCompleted().isAfter(time);
        return laterEnded ? null : found;
    }

    /**
     * Whether an end report that names no job is the report of a job counted before the last one: one ended within
     * {@link #END_CLUSTER} of it (the listener's reports follow the Worker's result within seconds; the next job's end
     * comes later than that). Its other logs were read first, and later jobs counted, before this line was read.
     */
    private boolean endedEarlier(Instant time) {
        for (FinishedJob done : finished.values()) {
            if (done.end() != null && !time.isBefore(done.end()) && !time.isAfter(done.end().plus(END_CLUSTER))) {
                return true;
            }
        }
        return false;
    }

    /** A line of the job counted last that comes no later than its end (lines of one second sort either way). */
    private boolean endedTakesLate(Instant time, String id, String workerKey, String name) {
        EndedJob last = state.lastEnded();
        if (last == null || last.end() == null
                || time.isAfter(last.readLate() ? last.lastSeen().plus(END_CLUSTER) : last.end())) {
            return false;
        }
        if (!agree(id, last.id()) || !agree(workerKey, last.workerKey()) || !agree(name, last.name())) {
            return false;
        }
        state.lastEnded(last.seen(time, id, workerKey, false));
        return true;
    }

    private static boolean matches(EndedJob last, String key, String name) {
        return agree(idOf(key), last.id()) && agree(workerOf(key), last.workerKey()) && agree(name, last.name());
    }

    /** Two reports can be about one job unless both know a value and the values differ. */
    private static boolean agree(String a, String b) {
        return a == null || b == null || a.equals(b);
    }

    /** Keeps the job counted last alive while its Worker log is still being written. */
    private void touchEnded(Instant time, String key) {
        if (state.lastEnded() != null && state.lastEnded().named(key)) {
            state.lastEnded(state.lastEnded().seen(time, null, null, false));
        }
    }

    /**
     * Two logs that disagree on a job's result: the first one stays counted, and the job counts once as a conflict
     * however many of its reports disagree (the job counted last remembers it; an older one cannot).
     */
    private void conflict(FinishedJob done, JobResult result, Authority authority, boolean lastEnded) {
        if (done.result() == result || done.authority() == authority || done.result() == JobResult.ABANDONED) {
            return; // abandoned is no log's word on the result: a late result disagrees with nothing
        }
        if (lastEnded) {
            if (state.lastEnded().conflicted()) {
                return;
            }
            state.lastEnded(state.lastEnded().withConflict());
        }
        state.countConflict();
    }

    /** A new job: the runner runs one at a time, so any other it was running is over unless its result comes. */
    private OpenJob open(Instant start, String id, String name, Instant now) {
        return open(start, start, id, name, now);
    }

    /** @param seenAt the new job's earliest line known: its start, or its end line when no start was seen */
    private OpenJob open(Instant start, Instant seenAt, String id, String name, Instant now) {
        for (OpenJob other : open.values()) {
            if (seenAt == null || other.start() == null || !other.start().isAfter(seenAt)) {
                scheduleAbandon(other, now);
            } // else the new job is an earlier one read late (it ended before the other began): the other runs on
        }
        OpenJob job = new OpenJob(start);
        String base = id != null ? id : "job:" + (start != null ? start : now) + ":" + (name == null ? "" : name);
        String key = base;
        for (int n = 2; open.containsKey(key) || finished.containsKey(key); n++) {
            key = base + "#" + n;
        }
        open.put(key, job);
        state.current(key);
        return job;
    }

    private OpenJob current() {
        return state.currentKey() == null ? null : open.get(state.currentKey());
    }

    private OpenJob openWith(String key) {
        if (key == null) {
            return null;
        }
        OpenJob byKey = open.get(key);
        if (byKey != null) {
            return byKey;
        }
        for (OpenJob job : open.values()) {
            if (key.equals(job.id()) || key.equals(job.workerKey())) {
                return job;
            }
        }
        return null;
    }

    private String keyOf(OpenJob job) {
        for (Map.Entry<String, OpenJob> entry : open.entrySet()) {
            if (entry.getValue() == job) {
                return entry.getKey();
            }
        }
        throw new IllegalStateException("job not open");
    }

    private void scheduleAbandon(OpenJob job, Instant now) {
        job.abandonAfter(now.plus(abandonGrace)); // its Worker log may still bring the result
    }

    /** Counts a job once. {@code end} is null when the end time is unknown (abandoned). */
    private void close(String key, OpenJob job, JobResult result, Authority authority, Instant end) {
        open.remove(key);
        if (key.equals(state.currentKey())) {
            // An earlier job read late is over: the job it interrupted, begun after it, is the running one again.
            open.entrySet().stream()
                    .filter(other -> other.getValue().abandonAt() == null && other.getValue().start() != null
                            && job.start() != null && other.getValue().start().isAfter(job.start()))
                    .findFirst().ifPresent(other -> state.current(other.getKey()));
        }
        SeriesKey seriesKey = JobSeries.key(result.label(),
                label("repository", job.repository()),
                label("workflow", job.workflow()),
                label("job", job.name()));
        Double seconds = end != null && job.start() != null && !end.isBefore(job.start())
                && result != JobResult.ABANDONED ? Duration.between(job.start(), end).toMillis() / 1000.0 : null;
        state.jobSeries().computeIfAbsent(seriesKey, k -> JobSeries.empty()).count(seconds);
        if (end != null) {
            state.completedAt(end);
        }
        FinishedJob done = new FinishedJob(result, authority, end);
        remember(key, done);
        if (job.id() != null) {
            remember(job.id(), done);
        }
        if (job.workerKey() != null) {
            remember(job.workerKey(), done);
        }
        Instant seen = job.lastSeen();
        Instant lastSeen = seen == null || end != null && end.isAfter(seen) ? end : seen;
        state.lastEnded(new EndedJob(job.id(), job.workerKey(), job.name(), end, lastSeen,
                authority == Authority.CONSOLE ? end : null, result, authority, false, false, job.start()));
        OpenJob.Context context = job.context();
        ended.add(new JobEnd(job.id() != null ? job.id() : key, job.name(), context.seen(), context.repository(),
                context.environment(), context.sha(), context.headCommitTimestamp(), result, end));
    }

    private void remember(String key, FinishedJob done) {
        finished.put(key, done);
        Iterator<String> oldest = finished.keySet().iterator();
        while (finished.size() > FINISHED_MEMORY && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    private String label(String name, String raw) {
        return labelPolicy.value(name, raw, state.labelValuesGiven(), state.labelOverflowCounts());
    }

    /** The job id a key names; null for a Worker file's key or none. */
    private static String idOf(String key) {
        return key == null || WorkerLogInterpreter.isFallbackKey(key) ? null : key;
    }

    private static String workerOf(String key) {
        return key != null && WorkerLogInterpreter.isFallbackKey(key) ? key : null;
    }
}
