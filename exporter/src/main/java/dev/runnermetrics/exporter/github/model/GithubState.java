package dev.runnermetrics.exporter.github.model;

import static dev.runnermetrics.catalogue.Catalogue.DEPLOYMENT_LEAD_TIME;
import static dev.runnermetrics.catalogue.Catalogue.DEPLOYMENT_TIME_TO_RESTORE;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Everything the webhook figures keep; plain fields, persisted as one JSON file. */
public final class GithubState {

    public static final int FORMAT = 1;

    public int format = FORMAT;
    /** Tracked workflow jobs by workflow_job.id, oldest first (evicted first). */
    public LinkedHashMap<Long, TrackedJob> jobs = new LinkedHashMap<>();
    /** Series key (runner_name, runner_type, runner_group, runs_on, repository) to queue-time histogram. */
    public Map<String, Histogram> queueTime = new TreeMap<>();
    /** Series key (runner_name, runner_type, runner_group, conclusion, runs_on, repository) to completed jobs. */
    public Map<String, Long> completed = new TreeMap<>();
    public Map<String, Long> dropped = new TreeMap<>();
    public LabelCap labels = new LabelCap();

    /** Series key (repository, environment) to DORA figures. */
    public Map<String, Environment> environments = new TreeMap<>();
    /** Deployments already counted (deployment status or job ids), oldest first. */
    public LinkedHashSet<String> deploymentsSeen = new LinkedHashSet<>();
    /** Commit time by sha, learned from workflow_run and push events, oldest first. */
    public LinkedHashMap<String, Instant> commitTimes = new LinkedHashMap<>();
    /** Successful deployments waiting for their commit time, by sha. */
    public LinkedHashMap<String, List<PendingLeadTime>> pendingLeadTimes = new LinkedHashMap<>();

    /** Whether a state read from a file has every part (a file cut short or edited by hand may not). */
    public boolean complete() {
        if (jobs == null || queueTime == null || completed == null || dropped == null || labels == null
                || labels.seen == null || labels.overflow == null || environments == null || deploymentsSeen == null
                || commitTimes == null || pendingLeadTimes == null) {
            return false;
        }
        for (Environment env : environments.values()) {
            if (env == null || env.leadTime == null || env.timeToRestore == null || env.leadTime.buckets == null
                    || env.timeToRestore.buckets == null
                    || env.leadTime.buckets.length != DEPLOYMENT_LEAD_TIME.buckets().size() + 1
                    || env.timeToRestore.buckets.length != DEPLOYMENT_TIME_TO_RESTORE.buckets().size() + 1) {
                return false;
            }
        }
        return true;
    }

    /** DORA figures of one repository and environment. */
    public static final class Environment {
        public long successes;
        public long failures;
        public Histogram leadTime;
        public Histogram timeToRestore;
        /** First failure since the last success; null while healthy. */
        public Instant failingSince;
        public Instant lastSuccess;

        Environment() {
        }

        Environment(int leadBounds, int restoreBounds) {
            leadTime = new Histogram(leadBounds);
            timeToRestore = new Histogram(restoreBounds);
        }
    }

    /** A successful deployment whose commit time was not known yet. */
    public static final class PendingLeadTime {
        public String series;
        public Instant deployedAt;

        PendingLeadTime() {
        }

        PendingLeadTime(String series, Instant deployedAt) {
            this.series = series;
            this.deployedAt = deployedAt;
        }
    }

    static <K, V> void trim(Map<K, V> map, int max) {
        var it = map.entrySet().iterator();
        while (map.size() > max && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    static <T> void trim(LinkedHashSet<T> set, int max) {
        var it = set.iterator();
        while (set.size() > max && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    static List<PendingLeadTime> newList() {
        return new ArrayList<>();
    }
}
