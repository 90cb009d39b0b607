package dev.runnermetrics.exporter.github.dora;

import static dev.runnermetrics.catalogue.Catalogue.DEPLOYMENT_LEAD_TIME;
import static dev.runnermetrics.catalogue.Catalogue.DEPLOYMENT_TIME_TO_RESTORE;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.runnermetrics.exporter.github.jobs.LabelCap;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the DORA figures keep, and the persisted form of the deployments from Worker logs (their part of the state
 * file). The webhook hub persists the same parts in its own file beside its workflow-job figures, sharing the
 * dropped counts and label values with them. A part missing from a file keeps its empty default; an explicit null
 * makes the state incomplete.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class DoraState {

    public static final int FORMAT = 1;

    private int format = FORMAT;
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

    public DoraState() {
        // empty; also for Jackson
    }

    /** A view on parts kept elsewhere (the hub's file): the figures change them in place. */
    public DoraState(Map<String, Long> dropped, LabelCap labels, Map<String, Environment> environments,
            LinkedHashSet<String> deploymentsSeen, LinkedHashMap<String, Instant> commitTimes,
            LinkedHashMap<String, List<PendingLeadTime>> pendingLeadTimes) {
        this.dropped = dropped;
        this.labels = labels;
        this.environments = environments;
        this.deploymentsSeen = deploymentsSeen;
        this.commitTimes = commitTimes;
        this.pendingLeadTimes = pendingLeadTimes;
    }

    int format() {
        return format;
    }

    Map<String, Long> droppedCounts() {
        return dropped;
    }

    LabelCap labels() {
        return labels;
    }

    Map<String, Environment> environmentMap() {
        return environments;
    }

    LinkedHashSet<String> seen() {
        return deploymentsSeen;
    }

    LinkedHashMap<String, Instant> commits() {
        return commitTimes;
    }

    LinkedHashMap<String, List<PendingLeadTime>> pending() {
        return pendingLeadTimes;
    }

    /** Observations not made, by reason, read-only. */
    public Map<String, Long> dropped() {
        return java.util.Collections.unmodifiableMap(dropped);
    }

    /** Figures by series key (repository, environment), read-only. */
    public Map<String, Environment> environments() {
        return java.util.Collections.unmodifiableMap(environments);
    }

    /** Successful deployments waiting for their commit time, by sha, read-only. */
    public Map<String, List<PendingLeadTime>> pendingLeadTimes() {
        return java.util.Collections.unmodifiableMap(pendingLeadTimes);
    }

    /** Whether a state read from a file has every part (a file cut short or edited by hand may not). */
    public boolean complete() {
        return format == FORMAT && partsComplete(dropped, labels, environments, deploymentsSeen, commitTimes,
                pendingLeadTimes);
    }

    /** Whether the DORA parts are all there, each histogram with the catalogue's buckets. */
    public static boolean partsComplete(Map<String, Long> dropped, LabelCap labels,
            Map<String, Environment> environments, LinkedHashSet<String> deploymentsSeen,
            LinkedHashMap<String, Instant> commitTimes, LinkedHashMap<String, List<PendingLeadTime>> pending) {
        if (dropped == null || labels == null || labels.seen() == null || labels.overflow() == null
                || environments == null || deploymentsSeen == null || commitTimes == null || pending == null) {
            return false;
        }
        for (Environment env : environments.values()) {
            if (env == null || env.leadTime() == null || env.timeToRestore() == null
                    || env.leadTime().size() != DEPLOYMENT_LEAD_TIME.buckets().size() + 1
                    || env.timeToRestore().size() != DEPLOYMENT_TIME_TO_RESTORE.buckets().size() + 1) {
                return false;
            }
        }
        return true;
    }
}
