package dev.runnermetrics.exporter.github.model;

import static dev.runnermetrics.catalogue.Catalogue.DEPLOYMENTS;
import static dev.runnermetrics.catalogue.Catalogue.DEPLOYMENT_LEAD_TIME;
import static dev.runnermetrics.catalogue.Catalogue.DEPLOYMENT_TIME_TO_RESTORE;
import static dev.runnermetrics.catalogue.Catalogue.GITHUB_OBSERVATIONS_DROPPED;

import dev.runnermetrics.catalogue.DeploymentResult;
import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.exporter.metrics.Labels;
import dev.runnermetrics.exporter.metrics.Samples;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * DORA figures from finished deployments, per repository and environment:
 * <ul>
 * <li>deployments by result;</li>
 * <li>lead time for changes: commit time of the deployed sha → its successful deployment (observed when the commit
 * time is known, also when it arrives after the deployment);</li>
 * <li>time to restore: the first failed deployment after a success → the next successful deployment.</li>
 * </ul>
 * Pure and not thread-safe: the caller serialises access.
 */
public final class DoraCalculator {

    static final int MAX_SEEN = 10_000;
    static final int MAX_COMMITS = 10_000;
    static final int MAX_PENDING = 1_000;

    private final GithubState state;
    private final Pattern allow;
    private final int maxLabelValues;

    public DoraCalculator(GithubState state, Pattern allow, int maxLabelValues) {
        this.state = state;
        this.allow = allow;
        this.maxLabelValues = maxLabelValues;
    }

    /** A commit's time, from workflow_run.head_commit or push.head_commit; settles pending lead times. */
    public void commit(String sha, Instant time) {
        if (sha == null || sha.isEmpty() || time == null) {
            return;
        }
        state.commitTimes.remove(sha);
        state.commitTimes.put(sha, time);
        GithubState.trim(state.commitTimes, MAX_COMMITS);
        List<GithubState.PendingLeadTime> pending = state.pendingLeadTimes.remove(sha);
        if (pending != null) {
            for (GithubState.PendingLeadTime p : pending) {
                GithubState.Environment env = state.environments.get(p.series);
                if (env != null) {
                    observeLeadTime(env, time, p.deployedAt);
                }
            }
        }
    }

    /** @return whether it was counted (false for a deployment already counted) */
    public boolean deployment(DeploymentEvent d) {
        if (d.key() != null && !state.deploymentsSeen.add(d.key())) {
            return false;
        }
        GithubState.trim(state.deploymentsSeen, MAX_SEEN);
        String series = SeriesKey.of(
                state.labels.value("repository", d.repository(), allow, maxLabelValues),
                state.labels.value("environment", d.environment(), allow, maxLabelValues));
        GithubState.Environment env = state.environments.computeIfAbsent(series,
                k -> new GithubState.Environment(DEPLOYMENT_LEAD_TIME.buckets().size(),
                        DEPLOYMENT_TIME_TO_RESTORE.buckets().size()));
        if (d.result() == DeploymentResult.FAILURE) {
            env.failures++;
            if (env.lastSuccess != null && d.time().isBefore(env.lastSuccess)
                    && (env.failingSince == null || env.failingSince.isAfter(env.lastSuccess))) {
                // Reported late: a success after it already restored the service.
                observeRestore(env, d.time(), env.lastSuccess);
            } else if (env.failingSince == null || d.time().isBefore(env.failingSince)) {
                env.failingSince = d.time();
            }
            return true;
        }
        env.successes++;
        if (env.failingSince != null && !d.time().isBefore(env.failingSince)) {
            observeRestore(env, env.failingSince, d.time());
            env.failingSince = null;
        }
        if (env.lastSuccess == null || d.time().isAfter(env.lastSuccess)) {
            env.lastSuccess = d.time();
        }
        Instant commitTime = d.commitTime() != null ? d.commitTime()
                : d.sha() == null ? null : state.commitTimes.get(d.sha());
        if (commitTime != null) {
            observeLeadTime(env, commitTime, d.time());
        } else if (d.sha() != null && !d.sha().isEmpty()) {
            state.pendingLeadTimes.computeIfAbsent(d.sha(), k -> GithubState.newList())
                    .add(new GithubState.PendingLeadTime(series, d.time()));
            GithubState.trim(state.pendingLeadTimes, MAX_PENDING);
        }
        return true;
    }

    /** Counts an observation that could not be made, by reason. */
    public void dropped(String reason) {
        state.dropped.merge(reason, 1L, Long::sum);
    }

    /** Deployments, lead times and times to restore per repository and environment, and the dropped counts. */
    /** The DORA figures of this state. */
    static void expose(GithubState state, Samples samples) {
        state.environments.forEach((key, env) -> {
            List<String> v = SeriesKey.split(key);
            Map<String, String> labels = Map.of("repository", v.get(0), "environment", v.get(1));
            for (DeploymentResult r : DeploymentResult.values()) {
                samples.value(DEPLOYMENTS, Labels.on(DEPLOYMENTS).with(labels).with("result", r.label()).build(),
                        r == DeploymentResult.SUCCESS ? env.successes : env.failures);
            }
            samples.histogram(DEPLOYMENT_LEAD_TIME, labels, env.leadTime.buckets, env.leadTime.sum,
                    env.leadTime.count);
            samples.histogram(DEPLOYMENT_TIME_TO_RESTORE, labels, env.timeToRestore.buckets,
                    env.timeToRestore.sum, env.timeToRestore.count);
        });
        state.dropped.forEach((reason, n) -> samples.value(GITHUB_OBSERVATIONS_DROPPED, Map.of("reason", reason), n));
    }

    private void observeLeadTime(GithubState.Environment env, Instant commit, Instant deployed) {
        double seconds = Duration.between(commit, deployed).toMillis() / 1000.0;
        if (seconds < 0) {
            state.dropped.merge("negative_lead_time", 1L, Long::sum);
            return;
        }
        env.leadTime.observe(seconds, DEPLOYMENT_LEAD_TIME.buckets());
    }

    private static void observeRestore(GithubState.Environment env, Instant failed, Instant restored) {
        env.timeToRestore.observe(Duration.between(failed, restored).toMillis() / 1000.0,
                DEPLOYMENT_TIME_TO_RESTORE.buckets());
    }
}
