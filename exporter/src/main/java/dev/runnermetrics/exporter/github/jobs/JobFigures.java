package dev.runnermetrics.exporter.github.jobs;

import static dev.runnermetrics.catalogue.Catalogue.WORKFLOW_JOBS_COMPLETED;
import static dev.runnermetrics.catalogue.Catalogue.WORKFLOW_JOBS_IN_PROGRESS;
import static dev.runnermetrics.catalogue.Catalogue.WORKFLOW_JOBS_QUEUED;

import dev.runnermetrics.exporter.metrics.Histogram;
import dev.runnermetrics.exporter.metrics.Samples;
import dev.runnermetrics.exporter.metrics.SeriesKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Queue time, completed jobs and the queued / in-progress state from workflow_job deliveries, which may arrive in
 * any order: each job's state is merged field by field, its status only moves forward (waiting → queued →
 * in_progress → completed), and each figure is taken once per job, as soon as the fields it needs are known.
 * Pure and not thread-safe: the caller serialises access. The maps are the caller's, persisted in its own form.
 */
public final class JobFigures {

    public static final String NONE = "none";

    private final GithubSettings settings;
    private final LinkedHashMap<Long, TrackedJob> jobs;
    private final Map<String, Long> completed;
    private final QueueTimes queueTimes;

    /**
     * @param jobs      tracked workflow jobs by workflow_job.id, oldest first (evicted first)
     * @param queueTime series key (runner_name, runner_type, runner_group, runs_on, repository) → histogram
     * @param completed series key (runner_name, runner_type, runner_group, conclusion, runs_on, repository) → jobs
     * @param dropped   observations not made, by reason (shared with the DORA figures)
     * @param labels    label values given out (shared with the DORA figures)
     */
    public JobFigures(GithubSettings settings, LinkedHashMap<Long, TrackedJob> jobs, Map<String, Histogram> queueTime,
            Map<String, Long> completed, Map<String, Long> dropped, LabelCap labels) {
        this.settings = settings;
        this.jobs = jobs;
        this.completed = completed;
        this.queueTimes = new QueueTimes(settings, queueTime, labels, dropped);
    }

    /** Applies one delivery; returns the job when it is completed (each delivery of a completed job returns it). */
    public Optional<CompletedJob> apply(WorkflowJobEvent e) {
        TrackedJob job = jobs.get(e.id());
        if (job == null) {
            jobs.put(e.id(), TrackedJob.NEW);
            trim(jobs, settings.maxTrackedJobs());
            job = TrackedJob.NEW;
        }
        job = merge(job, e);
        if ("completed".equals(job.status()) && job.conclusion() != null && !job.completedCounted()) {
            job = job.withCompletedCounted();
            completed.merge(runnerKey(job, job.conclusion()), 1L, Long::sum);
        }
        job = observeQueueTime(job);
        if (jobs.containsKey(e.id())) {
            jobs.put(e.id(), job); // kept in place: a LinkedHashMap keeps the first insertion's order
        }
        if (!"completed".equals(job.status())) {
            return Optional.empty();
        }
        return Optional.of(new CompletedJob(e.id(), job.name(), job.repository(), job.environment(), job.headSha(),
                job.conclusion(), job.completedAt() != null ? job.completedAt() : job.lastHeard()));
    }

    private static TrackedJob merge(TrackedJob job, WorkflowJobEvent e) {
        boolean running = e.status().equals("in_progress") || e.status().equals("completed");
        boolean runner = e.runnerName() != null && running;
        return new TrackedJob(
                rank(e.status()) > rank(job.status()) ? e.status() : job.status(),
                first(job.createdAt(), e.createdAt()),
                first(job.startedAt(), e.startedAt()),
                first(job.completedAt(), e.completedAt()),
                // waiting is also sent as action "queued" with status "waiting"
                e.status().equals("waiting") ? max(job.waitingHeard(), e.receivedAt()) : job.waitingHeard(),
                e.status().equals("queued") ? max(job.queuedHeard(), e.receivedAt()) : job.queuedHeard(),
                runner ? e.runnerName() : job.runnerName(),
                runner ? first(job.runnerGroup(), e.runnerGroup()) : job.runnerGroup(),
                first(job.runsOn(), e.runsOn()),
                first(job.repository(), e.repository()),
                first(job.name(), e.name()),
                first(job.environment(), e.environment()),
                first(job.headSha(), e.headSha()),
                first(job.conclusion(), e.conclusion()),
                job.queueObserved(),
                job.completedCounted(),
                max(job.lastHeard(), e.receivedAt()));
    }

    private TrackedJob observeQueueTime(TrackedJob job) {
        if (job.queueObserved() || job.startedAt() == null || job.runnerName() == null) {
            return job;
        }
        Instant from;
        if (job.waitingHeard() != null) {
            Instant approved = approvalEnd(job);
            if (approved == null) {
                if ("completed".equals(job.status())) {
                    queueTimes.dropped(QueueTimes.APPROVAL_WAIT_UNKNOWN); // the approval's end was never seen
                    return job.withQueueObserved();
                }
                return job;
            }
            from = approved;
        } else if (job.createdAt() == null) {
            return job; // old payloads have no created_at
        } else {
            from = job.createdAt();
        }
        queueTimes.observe(runnerName(job), runnerType(job), job.runnerGroup(), job.runsOn(), job.repository(),
                from, job.startedAt());
        return job.withQueueObserved();
    }

    /** The job was queued again after its wait: a queued delivery received after the last waiting one. */
    private static Instant approvalEnd(TrackedJob job) {
        return job.queuedHeard() != null && job.queuedHeard().isAfter(job.waitingHeard()) ? job.queuedHeard() : null;
    }

    /** Jobs counted in the queued and in-progress gauges: series key to count. */
    private void active(Instant now, Map<String, Long> queued, Map<String, Long> inProgress) {
        for (TrackedJob job : jobs.values()) {
            if (job.lastHeard() != null && job.lastHeard().plus(settings.staleAfter()).isBefore(now)) {
                continue;
            }
            if ("queued".equals(job.status())) {
                queued.merge(SeriesKey.of(queueTimes.optional(job.runsOn(), "runs_on"),
                        queueTimes.optional(job.repository(), "repository")).text(), 1L, Long::sum);
            } else if ("in_progress".equals(job.status())) {
                inProgress.merge(runnerKey(job, null), 1L, Long::sum);
            }
        }
    }

    /** The workflow-job figures as they are at {@code now} (queued and running jobs depend on it). */
    public void expose(Samples samples, Instant now) {
        queueTimes.expose(samples);
        completed.forEach((key, n) -> samples.value(WORKFLOW_JOBS_COMPLETED,
                settings.jobLabels(SeriesKey.parse(key).values(), true), n));
        Map<String, Long> queued = new TreeMap<>();
        Map<String, Long> inProgress = new TreeMap<>();
        active(now, queued, inProgress);
        if (!jobs.isEmpty() && settings.optionalLabels().isEmpty()) {
            // Once workflow jobs are heard of, "none queued" is a known 0.
            queued.putIfAbsent(SeriesKey.of("", "").text(), 0L);
        }
        queued.forEach((key, n) -> {
            List<String> v = SeriesKey.parse(key).values();
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("runner_name", NONE); // not on a runner yet
            labels.put("runner_type", NONE);
            labels.putAll(settings.optInLabels(v.get(0), v.get(1)));
            samples.value(WORKFLOW_JOBS_QUEUED, labels, n);
        });
        inProgress.forEach((key, n) -> samples.value(WORKFLOW_JOBS_IN_PROGRESS,
                settings.jobLabels(SeriesKey.parse(key).values(), false), n));
    }

    /** runner_name, runner_type, runner_group[, conclusion], runs_on, repository. */
    private String runnerKey(TrackedJob job, String conclusion) {
        return queueTimes.key(runnerName(job), runnerType(job), job.runnerGroup(), conclusion, job.runsOn(),
                job.repository());
    }

    /** Our runners by name, others "other", none yet "none". */
    private String runnerName(TrackedJob job) {
        if (job.runnerName() == null) {
            return NONE;
        }
        return settings.knownRunners().containsKey(job.runnerName()) ? job.runnerName() : LabelCap.OTHER;
    }

    private String runnerType(TrackedJob job) {
        if (job.runnerName() == null) {
            return NONE;
        }
        String type = settings.knownRunners().get(job.runnerName());
        return type != null ? type : LabelCap.OTHER;
    }

    /** Forgets the oldest entries beyond {@code max}. */
    static <K, V> void trim(Map<K, V> map, int max) {
        var it = map.entrySet().iterator();
        while (map.size() > max && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private static int rank(String status) {
        if (status == null) {
            return -1;
        }
        return switch (status) {
            case "waiting" -> 0;
            case "queued", "pending", "requested" -> 1;
            case "in_progress" -> 2;
            case "completed" -> 3;
            default -> -1;
        };
    }

    private static <T> T first(T known, T incoming) {
        return known != null ? known : incoming;
    }

    private static Instant max(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
