package dev.runnermetrics.exporter.github.webhook;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.runnermetrics.exporter.github.dora.DoraState;
import dev.runnermetrics.exporter.github.dora.Environment;
import dev.runnermetrics.exporter.github.dora.PendingLeadTime;
import dev.runnermetrics.exporter.metrics.Histogram;
import dev.runnermetrics.exporter.github.jobs.LabelCap;
import dev.runnermetrics.exporter.github.jobs.TrackedJob;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The persisted form of the webhook figures ({@value GithubStateStore#FILE_NAME}): the workflow-job figures and the
 * DORA figures side by side, sharing the dropped counts and the label values given out. The figures change these
 * parts in place ({@link GithubFigures} hands them over); everyone else reads. A part missing from a file keeps its
 * empty default (older files); an explicit null makes the state incomplete.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class GithubState {

    public static final int FORMAT = 1;

    private int format = FORMAT;
    /** Tracked workflow jobs by workflow_job.id, oldest first (evicted first). */
    private LinkedHashMap<Long, TrackedJob> jobs = new LinkedHashMap<>();
    /** Series key (runner_name, runner_type, runner_group, runs_on, repository) to queue-time histogram. */
    private Map<String, Histogram> queueTime = new TreeMap<>();
    /** Series key (runner_name, runner_type, runner_group, conclusion, runs_on, repository) to completed jobs. */
    private Map<String, Long> completed = new TreeMap<>();
    private Map<String, Long> dropped = new TreeMap<>();
    private LabelCap labels = new LabelCap();

    /** Series key (repository, environment) to DORA figures. */
    private Map<String, Environment> environments = new TreeMap<>();
    /** Deployments already counted (deployment status or job ids), oldest first. */
    private LinkedHashSet<String> deploymentsSeen = new LinkedHashSet<>();
    /** Commit time by sha, learned from workflow_run and push events, oldest first. */
    private LinkedHashMap<String, Instant> commitTimes = new LinkedHashMap<>();
    /** Successful deployments waiting for their commit time, by sha. */
    private LinkedHashMap<String, List<PendingLeadTime>> pendingLeadTimes = new LinkedHashMap<>();

    public GithubState() {
        // empty; also for Jackson
    }

    int format() {
        return format;
    }

    /** Tracked workflow jobs, read-only. */
    public Map<Long, TrackedJob> jobs() {
        return Collections.unmodifiableMap(jobs);
    }

    /** Queue-time histograms by series key, read-only. */
    public Map<String, Histogram> queueTime() {
        return Collections.unmodifiableMap(queueTime);
    }

    /** Completed jobs by series key, read-only. */
    public Map<String, Long> completed() {
        return Collections.unmodifiableMap(completed);
    }

    /** Observations not made, by reason, read-only. */
    public Map<String, Long> dropped() {
        return Collections.unmodifiableMap(dropped);
    }

    /** DORA figures by series key (repository, environment), read-only. */
    public Map<String, Environment> environments() {
        return Collections.unmodifiableMap(environments);
    }

    LinkedHashMap<Long, TrackedJob> jobParts() {
        return jobs;
    }

    Map<String, Histogram> queueTimeParts() {
        return queueTime;
    }

    Map<String, Long> completedParts() {
        return completed;
    }

    Map<String, Long> droppedParts() {
        return dropped;
    }

    LabelCap labels() {
        return labels;
    }

    Map<String, List<PendingLeadTime>> pendingLeadTimes() {
        return pendingLeadTimes;
    }

    /** The DORA parts as the DORA figures keep them, sharing these maps. */
    DoraState dora() {
        return new DoraState(dropped, labels, environments, deploymentsSeen, commitTimes, pendingLeadTimes);
    }

    /** Whether a state read from a file has every part (a file cut short or edited by hand may not). */
    public boolean complete() {
        return jobs != null && queueTime != null && completed != null
                && DoraState.partsComplete(dropped, labels, environments, deploymentsSeen, commitTimes,
                        pendingLeadTimes);
    }
}
