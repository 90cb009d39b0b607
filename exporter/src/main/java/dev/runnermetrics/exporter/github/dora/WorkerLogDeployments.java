package dev.runnermetrics.exporter.github.dora;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runnermetrics.catalogue.DeploymentResult;
import dev.runnermetrics.exporter.github.jobs.GithubSettings;
import dev.runnermetrics.exporter.feature.JobFeature;
import dev.runnermetrics.exporter.metrics.Samples;
import dev.runnermetrics.exporter.model.JobEnd;
import dev.runnermetrics.exporter.state.FeatureJson;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Deployments seen in a runner's Worker logs (sidecar mode), with the hub's settings and DORA calculator: a
 * finished job that {@link DeploymentJobRule} calls a deployment counts once (the runner model hands each job over
 * once; the key is remembered too). Lead time runs from the job message's {@code head_commit.timestamp} to the
 * job's result; without it the lead time is dropped and counted, as a sidecar has no other source of commit times.
 * A job feature: its figures are saved in the state file with the offsets of the jobs they came from. Pure and not
 * thread-safe: the engine serialises access.
 */
public final class WorkerLogDeployments implements JobFeature {

    /** Its part of the state file. */
    public static final String STATE_KEY = "deployments";

    static final String KEY_PREFIX = "worker-job:";
    static final String COMMIT_TIME_UNKNOWN = "commit_time_unknown";
    static final String COMMIT_TIME_MALFORMED = "commit_time_malformed";
    static final String JOB_MESSAGE_MISSING = "job_message_missing";

    private final GithubSettings settings;
    private final DoraState state;
    private final DoraCalculator dora;
    private long changes;

    public WorkerLogDeployments(GithubSettings settings, DoraState state) {
        this.settings = settings;
        this.state = state;
        this.dora = new DoraCalculator(state, settings);
    }

    /** Whether deployment jobs are configured at all. */
    public static boolean configured(GithubSettings settings) {
        return settings.deploymentJob().isPresent();
    }

    /** Restores the feature from its part of the state file, when deployment jobs are configured. */
    public static JobFeature.Factory factory(GithubSettings settings) {
        return new JobFeature.Factory() {
            @Override
            public String stateKey() {
                return STATE_KEY;
            }

            @Override
            public void check(JsonNode saved) throws IOException {
                if (saved != null) {
                    DoraState state = FeatureJson.fromJson(saved, DoraState.class);
                    if (!state.complete()) {
                        throw new IOException("deployment figures are incomplete");
                    }
                }
            }

            @Override
            public JobFeature restore(JsonNode saved) {
                try {
                    return new WorkerLogDeployments(settings,
                            saved == null ? new DoraState() : FeatureJson.fromJson(saved, DoraState.class));
                } catch (IOException e) {
                    throw new IllegalStateException("checked part unreadable", e);
                }
            }
        };
    }

    @Override
    public String stateKey() {
        return STATE_KEY;
    }

    @Override
    public DoraState state() {
        return state;
    }

    @Override
    public long changes() {
        return changes;
    }

    @Override
    public void jobEnded(JobEnd job) {
        if (take(job)) {
            changes++;
        }
    }

    /** @return whether the figures changed */
    public boolean take(JobEnd job) {
        if (!DeploymentJobRule.isDeploymentJob(settings, job.name())) {
            return false;
        }
        DeploymentResult result = switch (job.result()) {
            case SUCCESS -> DeploymentResult.SUCCESS;
            case FAILURE -> DeploymentResult.FAILURE;
            default -> null; // cancelled, skipped, abandoned (result unknown): not a deployment
        };
        if (result == null) {
            return false;
        }
        if (!job.contextSeen()) {
            // Read from the middle of its Worker log: its environment is unknown, so it cannot be classified.
            dora.dropped(JOB_MESSAGE_MISSING);
            return true;
        }
        String problem = null;
        Instant commitTime = null;
        if (job.headCommitTimestamp() == null) {
            problem = COMMIT_TIME_UNKNOWN;
        } else {
            try {
                commitTime = OffsetDateTime.parse(job.headCommitTimestamp()).toInstant();
            } catch (DateTimeParseException e) {
                problem = COMMIT_TIME_MALFORMED;
            }
        }
        // No sha: nothing would ever tell a sidecar the commit time later.
        var deployment = DeploymentJobRule.deployment(settings, KEY_PREFIX + job.key(), job.name(),
                job.repository(), job.environment(), null, result, job.end(), commitTime);
        if (deployment.isEmpty() || !dora.deployment(deployment.get())) {
            return false;
        }
        if (result == DeploymentResult.SUCCESS && problem != null) {
            dora.dropped(problem);
        }
        return true;
    }

    /** The DORA figures derived so far. */
    @Override
    public void expose(Samples samples) {
        dora.expose(samples);
    }
}
