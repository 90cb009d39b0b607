package dev.runnermetrics.exporter.github.dora;

import dev.runnermetrics.catalogue.DeploymentResult;
import dev.runnermetrics.exporter.github.jobs.GithubSettings;
import java.time.Instant;
import java.util.Optional;

/**
 * DevLake's rule for jobs that deploy, shared by workflow_job webhooks and Worker logs: a finished job whose name
 * matches the deployment-job pattern, in an environment matching the production pattern (a job without an
 * environment is matched on its name), with a final result. Cancelled or skipped jobs are no deployment.
 */
final class DeploymentJobRule {

    /** The environment label of a deployment job that names no environment. */
    static final String NO_ENVIRONMENT = "unknown";

    private DeploymentJobRule() {
    }

    static boolean isDeploymentJob(GithubSettings settings, String name) {
        return settings.deploymentJob().isPresent() && name != null
                && settings.deploymentJob().get().matcher(name).matches();
    }

    /** @param result null for a result that is not a deployment's (cancelled, skipped, abandoned) */
    static Optional<DeploymentEvent> deployment(GithubSettings settings, String key, String name, String repository,
            String environment, String sha, DeploymentResult result, Instant time, Instant commitTime) {
        if (!isDeploymentJob(settings, name) || result == null) {
            return Optional.empty();
        }
        String where = environment != null ? environment : name;
        if (!settings.production().matcher(where).matches()) {
            return Optional.empty();
        }
        return Optional.of(new DeploymentEvent(key, repository, environment != null ? environment : NO_ENVIRONMENT,
                sha, result, time, commitTime));
    }
}
