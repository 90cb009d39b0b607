package dev.runnermetrics.exporter.github.dora;

import static dev.runnermetrics.catalogue.Catalogue.DEPLOYMENTS;
import static dev.runnermetrics.catalogue.Catalogue.DEPLOYMENT_LEAD_TIME;
import static dev.runnermetrics.catalogue.Catalogue.DEPLOYMENT_TIME_TO_RESTORE;
import static dev.runnermetrics.catalogue.Catalogue.GITHUB_OBSERVATIONS_DROPPED;

import dev.runnermetrics.catalogue.DeploymentResult;
import dev.runnermetrics.exporter.github.jobs.CompletedJob;
import dev.runnermetrics.exporter.github.jobs.GithubSettings;
import dev.runnermetrics.exporter.metrics.SeriesKey;
import dev.runnermetrics.exporter.metrics.Labels;
import dev.runnermetrics.exporter.metrics.Samples;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    private final DoraState state;
    private final GithubSettings settings;

    public DoraCalculator(DoraState state, GithubSettings settings) {
        this.state = state;
        this.settings = settings;
    }

    /**
     * A completed workflow job, which is a deployment when it is a configured deployment job with a final result
     * ({@link DeploymentJobRule}); @return whether it was counted
     */
    public boolean workflowJob(CompletedJob job) {
        DeploymentResult result = switch (job.conclusion() == null ? "" : job.conclusion()) {
            case "success" -> DeploymentResult.SUCCESS;
            case "failure", "timed_out" -> DeploymentResult.FAILURE;
            default -> null; // cancelled, skipped: not a deployment
        };
        Optional<DeploymentEvent> d = DeploymentJobRule.deployment(settings, "job:" + job.id(), job.name(),
                job.repository(), job.environment(), job.headSha(), result, job.time(), null);
        return d.isPresent() && deployment(d.get());
    }

    /** A commit's time, from workflow_run.head_commit or push.head_commit; settles pending lead times. */
    public void commit(String sha, Instant time) {
        if (sha == null || sha.isEmpty() || time == null) {
            return;
        }
        state.commits().remove(sha);
        state.commits().put(sha, time);
        trim(state.commits(), MAX_COMMITS);
        List<PendingLeadTime> pending = state.pending().remove(sha);
        if (pending != null) {
            for (PendingLeadTime p : pending) {
                Environment env = state.environmentMap().get(p.series());
                if (env != null) {
                    observeLeadTime(env, time, p.deployedAt());
                }
            }
        }
    }

    /** @return whether it was counted (false for a deployment already counted) */
    public boolean deployment(DeploymentEvent d) {
        if (d.key() != null && !state.seen().add(d.key())) {
            return false;
        }
        trim(state.seen(), MAX_SEEN);
        String series = SeriesKey.of(
                state.labels().value("repository", d.repository(), settings.labelAllow(), settings.maxLabelValues()),
                state.labels().value("environment", d.environment(), settings.labelAllow(),
                        settings.maxLabelValues())).text();
        Environment env = state.environmentMap().computeIfAbsent(series,
                k -> new Environment(DEPLOYMENT_LEAD_TIME.buckets(), DEPLOYMENT_TIME_TO_RESTORE.buckets()));
        if (d.result() == DeploymentResult.FAILURE) {
            env.failed();
            if (env.lastSuccess() != null && d.time().isBefore(env.lastSuccess())
                    && (env.failingSince() == null || env.failingSince().isAfter(env.lastSuccess()))) {
                // Reported late: a success after it already restored the service.
                observeRestore(env, d.time(), env.lastSuccess());
            } else if (env.failingSince() == null || d.time().isBefore(env.failingSince())) {
                env.failingSince(d.time());
            }
            return true;
        }
        env.succeeded();
        if (env.failingSince() != null && !d.time().isBefore(env.failingSince())) {
            observeRestore(env, env.failingSince(), d.time());
            env.failingSince(null);
        }
        if (env.lastSuccess() == null || d.time().isAfter(env.lastSuccess())) {
            env.lastSuccess(d.time());
        }
        Instant commitTime = d.commitTime() != null ? d.commitTime()
                : d.sha() == null ? null : state.commits().get(d.sha());
        if (commitTime != null) {
            observeLeadTime(env, commitTime, d.time());
        } else if (d.sha() != null && !d.sha().isEmpty()) {
            state.pending().computeIfAbsent(d.sha(), k -> new ArrayList<>())
                    .add(new PendingLeadTime(series, d.time()));
            trim(state.pending(), MAX_PENDING);
        }
        return true;
    }

    /** Counts an observation that could not be made, by reason. */
    public void dropped(String reason) {
        state.droppedCounts().merge(reason, 1L, Long::sum);
    }

    /** Deployments, lead times and times to restore per repository and environment, and the dropped counts. */
    public void expose(Samples samples) {
        state.environmentMap().forEach((key, env) -> {
            List<String> v = SeriesKey.parse(key).values();
            Map<String, String> labels = Map.of("repository", v.get(0), "environment", v.get(1));
            for (DeploymentResult r : DeploymentResult.values()) {
                samples.value(DEPLOYMENTS, Labels.on(DEPLOYMENTS).with(labels).with("result", r.label()).build(),
                        r == DeploymentResult.SUCCESS ? env.successes() : env.failures());
            }
            samples.histogram(DEPLOYMENT_LEAD_TIME, labels, env.leadTime().buckets(), env.leadTime().sum(),
                    env.leadTime().count());
            samples.histogram(DEPLOYMENT_TIME_TO_RESTORE, labels, env.timeToRestore().buckets(),
                    env.timeToRestore().sum(), env.timeToRestore().count());
        });
        state.droppedCounts().forEach((reason, n) -> samples.value(GITHUB_OBSERVATIONS_DROPPED,
                Map.of("reason", reason), n));
    }

    private void observeLeadTime(Environment env, Instant commit, Instant deployed) {
        double seconds = Duration.between(commit, deployed).toMillis() / 1000.0;
        if (seconds < 0) {
            state.droppedCounts().merge("negative_lead_time", 1L, Long::sum);
            return;
        }
        env.leadTime().observe(seconds, DEPLOYMENT_LEAD_TIME.buckets());
    }

    private static void observeRestore(Environment env, Instant failed, Instant restored) {
        env.timeToRestore().observe(Duration.between(failed, restored).toMillis() / 1000.0,
                DEPLOYMENT_TIME_TO_RESTORE.buckets());
    }

    private static <K, V> void trim(Map<K, V> map, int max) {
        var it = map.entrySet().iterator();
        while (map.size() > max && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private static <T> void trim(LinkedHashSet<T> set, int max) {
        var it = set.iterator();
        while (set.size() > max && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
