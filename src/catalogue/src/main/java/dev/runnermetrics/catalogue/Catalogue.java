package dev.runnermetrics.catalogue;

import static dev.runnermetrics.catalogue.MetricType.COUNTER;
import static dev.runnermetrics.catalogue.MetricType.GAUGE;
import static dev.runnermetrics.catalogue.MetricType.HISTOGRAM;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every metric the project exposes, declared once. The exporter emits exactly these families and the dashboard
 * generator builds its queries from them; a query naming anything else fails the build.
 */
public final class Catalogue {

    /** Labels on every series, so one Prometheus can hold many runners. */
    public static final List<String> RUNNER_LABELS = List.of("runner_name", "runner_type");

    /**
     * Labels per-runner series carry only in node mode with the Kubernetes API on: the runner pod's namespace. Not
     * {@code namespace}, which a PodMonitor or kubernetes_sd relabelling adds for the exporter's own pod.
     */
    public static final List<String> NODE_LABELS = List.of("runner_namespace");

    /** Labels users may switch on for job metrics; each is capped in distinct values by the exporter. */
    public static final List<String> JOB_CONTEXT_LABELS = List.of("repository", "workflow", "job");

    /** CI jobs last seconds to hours; GitHub stops self-hosted jobs after 5 days but hardly any pass 6 hours. */
    public static final List<Double> JOB_DURATION_BUCKETS =
            List.of(5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0, 14400.0, 21600.0);

    public static final MetricSpec RUNNER_STATUS = gauge("github_runner_status", "",
            "Whether the runner listener is connected to GitHub (1 online, 0 offline), from its last state in its own "
                    + "log. Absent until the log shows a state.");

    public static final MetricSpec RUNNER_BUSY = gauge("github_runner_busy", "",
            "Whether the runner is running a job (1 busy, 0 idle).");

    public static final MetricSpec RUNNER_INFO = new MetricSpec("github_runner_info", GAUGE, "",
            "Runner build information; always 1.", true, List.of("version", "os", "arch"), List.of(), List.of());

    public static final MetricSpec RUNNER_UPTIME = gauge("github_runner_uptime_seconds", "seconds",
            "Seconds since the running runner listener process started, from its log. Absent while it is stopped.");

    public static final MetricSpec JOBS = new MetricSpec("github_runner_jobs", COUNTER, "",
            "Jobs this runner finished, by result (success, failure, cancelled, skipped, abandoned).",
            true, List.of("result"), JOB_CONTEXT_LABELS, List.of());

    public static final MetricSpec JOB_DURATION = new MetricSpec("github_runner_job_duration_seconds", HISTOGRAM,
            "seconds", "Time from the runner receiving a job to the job finishing, from log timestamps. Jobs whose "
                    + "start was not seen are counted in github_runner_jobs_total only.",
            true, List.of("result"), JOB_CONTEXT_LABELS, JOB_DURATION_BUCKETS);

    public static final MetricSpec LISTENER_ERRORS = new MetricSpec("github_runner_listener_errors", COUNTER, "",
            "Problems the runner listener reported in its own log, one per failure however many lines it wrote about "
                    + "it, by reason (version_deprecated, auth_failed, session_conflict, runner_not_found, connection, "
                    + "listener_exit, self_update, other).",
            true, List.of("reason"), List.of(), List.of());

    public static final MetricSpec LISTENER_LAST_ERROR = new MetricSpec(
            "github_runner_listener_last_error_timestamp_seconds", GAUGE, "seconds",
            "Log time of the runner listener's newest problem of each reason. Absent for reasons not seen.",
            true, List.of("reason"), List.of(), List.of());

    public static final MetricSpec LAST_JOB_COMPLETED = gauge("github_runner_last_job_completed_timestamp_seconds",
            "seconds", "Unix time at which the runner last finished a job.");

    /** Deploy-to-production lead times and restores span minutes to weeks (DORA's levels: hour, day, week, month). */
    public static final List<Double> DORA_DURATION_BUCKETS = List.of(300.0, 900.0, 1800.0, 3600.0, 10800.0,
            21600.0, 43200.0, 86400.0, 172800.0, 604800.0, 1209600.0, 2592000.0);

    public static final MetricSpec DEPLOYMENTS = new MetricSpec("github_deployments", COUNTER, "",
            "Deployments by repository, environment and result (success, failure), from GitHub deployment "
                    + "statuses or configured deployment jobs.",
            false, List.of("repository", "environment", "result"), List.of(), List.of());

    public static final MetricSpec DEPLOYMENT_LEAD_TIME = new MetricSpec("github_deployment_lead_time_seconds",
            HISTOGRAM, "seconds", "DORA lead time for changes: commit time of the deployed sha to its successful "
                    + "deployment.",
            false, List.of("repository", "environment"), List.of(), DORA_DURATION_BUCKETS);

    public static final MetricSpec DEPLOYMENT_TIME_TO_RESTORE = new MetricSpec(
            "github_deployment_time_to_restore_seconds", HISTOGRAM, "seconds",
            "DORA time to restore service: a failed deployment to the next successful one of the same repository "
                    + "and environment.",
            false, List.of("repository", "environment"), List.of(), DORA_DURATION_BUCKETS);

    public static final MetricSpec CACHE_REQUESTS = new MetricSpec("github_runner_cache_requests", COUNTER, "",
            "Cache restores seen in the jobs' step output, by cache type (actions_cache, buildkit, apt, npm, ...) "
                    + "and result (hit: the primary key; partial: restored through a restore key or a key prefix; "
                    + "miss).",
            true, List.of("cache_type", "result"), List.of(), List.of());

    public static final MetricSpec SOURCE_UP = new MetricSpec("runner_metrics_source_up", GAUGE, "",
            "Whether the exporter can read this source of the runner (1) or not (0).",
            true, List.of("source"), List.of(), List.of());

    public static final MetricSpec SOURCE_LINES = new MetricSpec("runner_metrics_source_lines_read", COUNTER, "",
            "Log lines the exporter read from this source.", true, List.of("source"), List.of(), List.of());

    public static final MetricSpec SOURCE_ERRORS = new MetricSpec("runner_metrics_source_parse_errors", COUNTER, "",
            "Input the exporter skipped because it could not parse it, by reason "
                    + "(line_too_long, bad_timestamp, bad_json; not_regular_file: a log that is a symbolic link or "
                    + "no regular file, not read, counted once).",
            true, List.of("source", "reason"), List.of(), List.of());

    public static final MetricSpec SOURCE_LAST_EVENT = new MetricSpec(
            "runner_metrics_source_last_event_timestamp_seconds", GAUGE, "seconds",
            "Log timestamp of the newest runner event the exporter took from this source.",
            true, List.of("source"), List.of(), List.of());

    public static final MetricSpec RESULT_CONFLICTS = new MetricSpec("runner_metrics_job_result_conflicts", COUNTER,
            "", "Jobs whose Worker log and Runner log disagreed on the result; the first result seen was counted.",
            true, List.of(), List.of(), List.of());

    public static final MetricSpec LABEL_OVERFLOW = new MetricSpec("runner_metrics_label_values_overflow", COUNTER, "",
            "Job context label values folded into \"other\" because the distinct-value cap was reached; "
                    + "label=\"runner_name\" (node mode): pods written in their type's series because "
                    + "node-series-per-runner pods were already written per pod.",
            true, List.of("label"), List.of(), List.of());

    public static final MetricSpec STATE_SAVE_FAILURES = new MetricSpec("runner_metrics_state_save_failures", COUNTER,
            "", "Failed attempts to write the state file; the exporter keeps serving and retries.",
            true, List.of(), List.of(), List.of());

    public static final MetricSpec STEP_PAGES_SEEN = new MetricSpec("runner_metrics_step_pages_seen", COUNTER, "",
            "Step output files (the runner's _diag/pages and _diag/blocks) the exporter found.",
            true, List.of(), List.of(), List.of());

    public static final MetricSpec STEP_PAGES_READ = new MetricSpec("runner_metrics_step_pages_read", COUNTER, "",
            "Step output files the exporter had read to their end when the runner deleted them.",
            true, List.of(), List.of(), List.of());

    public static final MetricSpec STEP_PAGES_MISSED = new MetricSpec("runner_metrics_step_pages_missed", COUNTER,
            "", "Step output files the runner deleted before the exporter could read all of them, or that were "
                    + "symbolic links (not followed); cache restores in the unread part are not counted.",
            true, List.of(), List.of(), List.of());

    /** Labels of the workflow_job figures that users may switch on; each is capped in distinct values. */
    public static final List<String> GITHUB_JOB_OPTIONAL_LABELS = List.of("runs_on", "repository");

    /** Jobs wait seconds for a warm runner, minutes to hours for a busy or scaled-to-zero fleet. */
    public static final List<Double> QUEUE_TIME_BUCKETS = List.of(1.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0,
            1800.0, 3600.0, 7200.0, 14400.0, 28800.0, 86400.0);

    public static final MetricSpec QUEUE_TIME = new MetricSpec("github_runner_queue_time_seconds", HISTOGRAM,
            "seconds", "Time a workflow job waited for a runner, from GitHub workflow_job webhooks (in a sidecar, "
                    + "from the REST API's jobs of the run attempt): created_at (or, after an environment approval, "
                    + "the job being queued again) to started_at. runner_name and runner_type are \"other\" for "
                    + "runners that are not ours.",
            true, List.of("runner_group"), GITHUB_JOB_OPTIONAL_LABELS, QUEUE_TIME_BUCKETS);

    public static final MetricSpec WORKFLOW_JOBS_COMPLETED = new MetricSpec("github_runner_workflow_jobs_completed",
            COUNTER, "", "Workflow jobs GitHub reported completed (workflow_job webhooks), by conclusion (success, "
                    + "failure, cancelled, skipped, timed_out, ...); runner_name \"none\" when no runner took it.",
            true, List.of("runner_group", "conclusion"), GITHUB_JOB_OPTIONAL_LABELS, List.of());

    public static final MetricSpec WORKFLOW_JOBS_QUEUED = new MetricSpec("github_runner_workflow_jobs_queued",
            GAUGE, "", "Workflow jobs queued and waiting for a runner now, from workflow_job webhooks (jobs waiting "
                    + "for an environment approval are not counted); runner_name and runner_type are \"none\".",
            true, List.of(), GITHUB_JOB_OPTIONAL_LABELS, List.of());

    public static final MetricSpec WORKFLOW_JOBS_IN_PROGRESS = new MetricSpec(
            "github_runner_workflow_jobs_in_progress", GAUGE, "",
            "Workflow jobs running now, from workflow_job webhooks.",
            true, List.of("runner_group"), GITHUB_JOB_OPTIONAL_LABELS, List.of());

    public static final MetricSpec GITHUB_OBSERVATIONS_DROPPED = new MetricSpec(
            "runner_metrics_github_observations_dropped", COUNTER, "",
            "Queue times, lead times or deployment jobs (from GitHub webhooks, the REST API client or Worker logs) "
                    + "not observed, by reason (negative_queue_time, approval_wait_unknown, negative_lead_time; from "
                    + "Worker logs: commit_time_unknown, commit_time_malformed, job_message_missing).",
            false, List.of("reason"), List.of(), List.of());

    /** Exporter-level (a hub has one receiver, not one per runner), so without runner labels. */
    public static final MetricSpec WEBHOOK_DELIVERIES = new MetricSpec("runner_metrics_webhook_deliveries", COUNTER,
            "", "GitHub webhook deliveries received at /webhooks/github, by event (workflow_job, workflow_run, "
                    + "deployment, deployment_status, push, ping, other) and outcome (accepted, duplicate, ignored, "
                    + "rejected_signature, too_large, malformed, queue_full).",
            false, List.of("event", "outcome"), List.of(), List.of());

    public static final MetricSpec WEBHOOK_PROCESSING_FAILURES = new MetricSpec(
            "runner_metrics_webhook_processing_failures", COUNTER, "",
            "Accepted GitHub webhook deliveries whose processing failed (logged); their figures are missing.",
            false, List.of(), List.of(), List.of());

    /**
     * The fleet as GitHub's REST API lists it (the optional API client). Not per-runner in the catalogue's sense: any
     * runner of the org or repository appears, ours or not, so runner_type is unknown and absent.
     */
    public static final MetricSpec FLEET_RUNNER_ONLINE = new MetricSpec("github_fleet_runner_online", GAUGE, "",
            "Runners of the organisation or repository that GitHub lists as online (1 per runner; names beyond the "
                    + "cap are summed under \"other\"), from the REST API. Absent until the first successful poll.",
            false, List.of("runner_name", "os"), List.of(), List.of());

    public static final MetricSpec FLEET_RUNNER_BUSY = new MetricSpec("github_fleet_runner_busy", GAUGE, "",
            "Runners of the organisation or repository that GitHub lists as busy running a job (1 per runner; names "
                    + "beyond the cap are summed under \"other\"), from the REST API.",
            false, List.of("runner_name", "os"), List.of(), List.of());

    public static final MetricSpec GITHUB_API_REQUESTS = new MetricSpec("runner_metrics_github_api_requests",
            COUNTER, "", "Requests the exporter made to GitHub's REST API, by endpoint (runners, jobs, access_token) "
                    + "and outcome (ok, not_modified, rate_limited, unauthorized, forbidden, not_found, "
                    + "client_error, server_error, network_error).",
            false, List.of("endpoint", "outcome"), List.of(), List.of());

    public static final MetricSpec GITHUB_API_RATE_LIMIT_REMAINING = new MetricSpec(
            "runner_metrics_github_api_rate_limit_remaining", GAUGE, "",
            "Requests left in the current rate-limit window of the exporter's GitHub token (X-RateLimit-Remaining of "
                    + "the last answer). Absent until GitHub sent it.",
            false, List.of(), List.of(), List.of());

    public static final MetricSpec GITHUB_API_LOOKUPS_FAILED = new MetricSpec(
            "runner_metrics_github_api_queue_time_lookups_failed", COUNTER, "",
            "Jobs seen in a Worker log whose queue time the REST API client could not fetch, by reason (queue_full, "
                    + "incomplete_job_message, request_failed, job_not_found, not_started).",
            false, List.of("reason"), List.of(), List.of());

    // The exporter process itself, under the names every Prometheus client library's process collector uses.
    public static final MetricSpec PROCESS_CPU = new MetricSpec("process_cpu_seconds", COUNTER, "seconds",
            "CPU time the exporter process used, user and system, from /proc/self/stat.",
            false, List.of(), List.of(), List.of());

    public static final MetricSpec PROCESS_RESIDENT_MEMORY = new MetricSpec("process_resident_memory_bytes", GAUGE,
            "bytes", "Resident memory of the exporter process (VmRSS of /proc/self/status).",
            false, List.of(), List.of(), List.of());

    public static final MetricSpec PROCESS_START_TIME = new MetricSpec("process_start_time_seconds", GAUGE,
            "seconds", "Unix time at which the exporter process started.", false, List.of(), List.of(), List.of());

    public static final MetricSpec PROCESS_OPEN_FDS = new MetricSpec("process_open_fds", GAUGE, "",
            "File descriptors the exporter process holds open.", false, List.of(), List.of(), List.of());

    public static final MetricSpec PROCESS_MAX_FDS = new MetricSpec("process_max_fds", GAUGE, "",
            "The exporter process's limit on open file descriptors (its soft RLIMIT_NOFILE).",
            false, List.of(), List.of(), List.of());

    public static final List<MetricSpec> ALL = List.of(
            // The runners' own families first: the exposition lists families in this order.
            RUNNER_STATUS, RUNNER_BUSY, RUNNER_INFO, RUNNER_UPTIME, JOBS, JOB_DURATION, LAST_JOB_COMPLETED,
            LISTENER_ERRORS, LISTENER_LAST_ERROR, CACHE_REQUESTS,
            SOURCE_UP, SOURCE_LINES, SOURCE_ERRORS, SOURCE_LAST_EVENT, RESULT_CONFLICTS, LABEL_OVERFLOW,
            STATE_SAVE_FAILURES, STEP_PAGES_SEEN, STEP_PAGES_READ, STEP_PAGES_MISSED,
            DEPLOYMENTS, DEPLOYMENT_LEAD_TIME, DEPLOYMENT_TIME_TO_RESTORE,
            QUEUE_TIME, WORKFLOW_JOBS_COMPLETED, WORKFLOW_JOBS_QUEUED, WORKFLOW_JOBS_IN_PROGRESS,
            GITHUB_OBSERVATIONS_DROPPED,
            WEBHOOK_DELIVERIES, WEBHOOK_PROCESSING_FAILURES,
            FLEET_RUNNER_ONLINE, FLEET_RUNNER_BUSY, GITHUB_API_REQUESTS, GITHUB_API_RATE_LIMIT_REMAINING,
            GITHUB_API_LOOKUPS_FAILED,
            PROCESS_CPU, PROCESS_RESIDENT_MEMORY, PROCESS_START_TIME, PROCESS_OPEN_FDS, PROCESS_MAX_FDS);

    /** What each family is about (docs/METRICS.md sections); every family of {@link #ALL} is in exactly one. */
    public static final Map<Subject, List<MetricSpec>> SUBJECTS = subjects();

    private static final Map<String, MetricSpec> BY_SAMPLE_NAME = indexBySampleName();

    private Catalogue() {
    }

    /** The family a sample name (as written in PromQL) belongs to, if it is declared. */
    public static Optional<MetricSpec> bySampleName(String sampleName) {
        return Optional.ofNullable(BY_SAMPLE_NAME.get(sampleName));
    }

    /** The subject a family is declared under, if any. */
    public static Optional<Subject> subject(MetricSpec spec) {
        return SUBJECTS.entrySet().stream().filter(e -> e.getValue().contains(spec)).map(Map.Entry::getKey)
                .findFirst();
    }

    private static Map<Subject, List<MetricSpec>> subjects() {
        Map<Subject, List<MetricSpec>> subjects = new EnumMap<>(Subject.class);
        subjects.put(Subject.RUNNER, List.of(RUNNER_STATUS, RUNNER_BUSY, RUNNER_INFO, RUNNER_UPTIME, JOBS,
                JOB_DURATION, LAST_JOB_COMPLETED, LISTENER_ERRORS, LISTENER_LAST_ERROR, CACHE_REQUESTS));
        subjects.put(Subject.GITHUB_JOBS, List.of(QUEUE_TIME, WORKFLOW_JOBS_COMPLETED, WORKFLOW_JOBS_QUEUED,
                WORKFLOW_JOBS_IN_PROGRESS));
        subjects.put(Subject.DEPLOYMENTS, List.of(DEPLOYMENTS, DEPLOYMENT_LEAD_TIME, DEPLOYMENT_TIME_TO_RESTORE));
        subjects.put(Subject.EXPORTER, List.of(SOURCE_UP, SOURCE_LINES, SOURCE_ERRORS, SOURCE_LAST_EVENT,
                RESULT_CONFLICTS, LABEL_OVERFLOW, STATE_SAVE_FAILURES, STEP_PAGES_SEEN, STEP_PAGES_READ,
                STEP_PAGES_MISSED));
        subjects.put(Subject.GITHUB_FLEET, List.of(FLEET_RUNNER_ONLINE, FLEET_RUNNER_BUSY));
        subjects.put(Subject.GITHUB_INTAKE, List.of(WEBHOOK_DELIVERIES, WEBHOOK_PROCESSING_FAILURES,
                GITHUB_OBSERVATIONS_DROPPED, GITHUB_API_REQUESTS, GITHUB_API_RATE_LIMIT_REMAINING,
                GITHUB_API_LOOKUPS_FAILED));
        subjects.put(Subject.PROCESS, List.of(PROCESS_CPU, PROCESS_RESIDENT_MEMORY, PROCESS_START_TIME,
                PROCESS_OPEN_FDS, PROCESS_MAX_FDS));
        return Collections.unmodifiableMap(subjects);
    }

    private static MetricSpec gauge(String name, String unit, String help) {
        return new MetricSpec(name, GAUGE, unit, help, true, List.of(), List.of(), List.of());
    }

    private static Map<String, MetricSpec> indexBySampleName() {
        Map<String, MetricSpec> index = new LinkedHashMap<>();
        for (MetricSpec spec : ALL) {
            for (String sample : spec.sampleNames()) {
                if (index.put(sample, spec) != null) {
                    throw new IllegalStateException("sample name declared twice: " + sample);
                }
            }
        }
        return Map.copyOf(index);
    }
}
