package dev.runnermetrics.exporter.github.model;

import static dev.runnermetrics.catalogue.Catalogue.QUEUE_TIME;

import dev.runnermetrics.catalogue.DeploymentResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Queue time, completed jobs and the queued / in-progress state from workflow_job deliveries, which may arrive in
 * any order: each job's state is merged field by field, its status only moves forward (waiting → queued →
 * in_progress → completed), and each figure is taken once per job, as soon as the fields it needs are known.
 * Pure and not thread-safe: the caller serialises access.
 */
public final class JobFigures {

    public static final String NONE = "none";

    private final GithubState state;
    private final GithubSettings settings;

    public JobFigures(GithubState state, GithubSettings settings) {
        this.state = state;
        this.settings = settings;
    }

    /** Applies one delivery; returns a deployment when it completed a configured deployment job. */
    public Optional<DeploymentEvent> apply(WorkflowJobEvent e) {
        TrackedJob job = state.jobs.get(e.id());
        if (job == null) {
            job = new TrackedJob();
            state.jobs.put(e.id(), job);
            GithubState.trim(state.jobs, settings.maxTrackedJobs());
        }
        merge(job, e);
        if ("completed".equals(job.status) && job.conclusion != null && !job.completedCounted) {
            job.completedCounted = true;
            state.completed.merge(completedKey(job), 1L, Long::sum);
        }
        observeQueueTime(job);
        return deployment(e.id(), job);
    }

    private static void merge(TrackedJob job, WorkflowJobEvent e) {
        job.lastHeard = max(job.lastHeard, e.receivedAt());
        job.createdAt = first(job.createdAt, e.createdAt());
        job.startedAt = first(job.startedAt, e.startedAt());
        job.completedAt = first(job.completedAt, e.completedAt());
        job.name = first(job.name, e.name());
        job.runsOn = first(job.runsOn, e.runsOn());
        job.repository = first(job.repository, e.repository());
        job.environment = first(job.environment, e.environment());
        job.headSha = first(job.headSha, e.headSha());
        job.conclusion = first(job.conclusion, e.conclusion());
        if (e.runnerName() != null && (e.status().equals("in_progress") || e.status().equals("completed"))) {
            job.runnerName = e.runnerName();
            job.runnerGroup = first(job.runnerGroup, e.runnerGroup());
        }
        if (e.status().equals("waiting")) {
            // also sent as action "queued" with status "waiting"
            job.waitingHeard = max(job.waitingHeard, e.receivedAt());
        } else if (e.status().equals("queued")) {
            job.queuedHeard = max(job.queuedHeard, e.receivedAt());
        }
        if (rank(e.status()) > rank(job.status)) {
            job.status = e.status();
        }
    }

    private void observeQueueTime(TrackedJob job) {
        if (job.queueObserved || job.startedAt == null || job.runnerName == null) {
            return;
        }
        Instant from;
        if (job.waitingHeard != null) {
            Instant approved = approvalEnd(job);
            if (approved == null) {
                if ("completed".equals(job.status)) {
                    job.queueObserved = true; // the approval's end was never seen
                    state.dropped.merge("approval_wait_unknown", 1L, Long::sum);
                }
                return;
            }
            from = approved;
        } else if (job.createdAt == null) {
            return; // old payloads have no created_at
        } else {
            from = job.createdAt;
        }
        job.queueObserved = true;
        double seconds = Duration.between(from, job.startedAt).toMillis() / 1000.0;
        if (seconds < 0) {
            state.dropped.merge("negative_queue_time", 1L, Long::sum);
            return;
        }
        state.queueTime.computeIfAbsent(runnerKey(job, null), k -> new Histogram(QUEUE_TIME.buckets().size()))
                .observe(seconds, QUEUE_TIME.buckets());
    }

    /** The job was queued again after its wait: a queued delivery received after the last waiting one. */
    private static Instant approvalEnd(TrackedJob job) {
        return job.queuedHeard != null && job.queuedHeard.isAfter(job.waitingHeard) ? job.queuedHeard : null;
    }

    private Optional<DeploymentEvent> deployment(long id, TrackedJob job) {
        if (!"completed".equals(job.status)) {
            return Optional.empty();
        }
        DeploymentResult result = switch (job.conclusion == null ? "" : job.conclusion) {
            case "success" -> DeploymentResult.SUCCESS;
            case "failure", "timed_out" -> DeploymentResult.FAILURE;
            default -> null; // cancelled, skipped: not a deployment
        };
        Instant time = job.completedAt != null ? job.completedAt : job.lastHeard;
        return DeploymentJobRule.deployment(settings, "job:" + id, job.name, job.repository, job.environment,
                job.headSha, result, time, null);
    }

    /** Jobs counted in the queued and in-progress gauges: series key to count. */
    public void active(Instant now, Map<String, Long> queued, Map<String, Long> inProgress) {
        for (TrackedJob job : state.jobs.values()) {
            if (job.lastHeard != null && job.lastHeard.plus(settings.staleAfter()).isBefore(now)) {
                continue;
            }
            if ("queued".equals(job.status)) {
                queued.merge(SeriesKey.of(optional(job.runsOn, "runs_on"), optional(job.repository, "repository")),
                        1L, Long::sum);
            } else if ("in_progress".equals(job.status)) {
                inProgress.merge(runnerKey(job, null), 1L, Long::sum);
            }
        }
    }

    private String completedKey(TrackedJob job) {
        return runnerKey(job, job.conclusion);
    }

    /** runner_name, runner_type, runner_group[, conclusion], runs_on, repository. */
    private String runnerKey(TrackedJob job, String conclusion) {
        String name;
        String type;
        if (job.runnerName == null) {
            name = NONE;
            type = NONE;
        } else if (settings.knownRunners().containsKey(job.runnerName)) {
            name = job.runnerName;
            type = settings.knownRunners().get(job.runnerName);
        } else {
            name = LabelCap.OTHER;
            type = LabelCap.OTHER;
        }
        String group = job.runnerGroup == null ? NONE : cap("runner_group", job.runnerGroup);
        String runsOn = optional(job.runsOn, "runs_on");
        String repository = optional(job.repository, "repository");
        return conclusion == null ? SeriesKey.of(name, type, group, runsOn, repository)
                : SeriesKey.of(name, type, group, conclusion, runsOn, repository);
    }

    private String optional(String raw, String label) {
        return settings.optIn(label) ? cap(label, raw) : "";
    }

    private String cap(String label, String raw) {
        return state.labels.value(label, raw, settings.labelAllow(), settings.maxLabelValues());
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
