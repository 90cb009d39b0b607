package dev.runnermetrics.exporter.github.model;

import static dev.runnermetrics.catalogue.Catalogue.DEPLOYMENT_LEAD_TIME;
import static dev.runnermetrics.catalogue.Catalogue.DEPLOYMENT_TIME_TO_RESTORE;

import dev.runnermetrics.catalogue.DeploymentResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
