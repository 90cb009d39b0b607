package dev.runnermetrics.exporter.github.dora;

import dev.runnermetrics.catalogue.DeploymentResult;
import java.time.Instant;

/**
 * One finished deployment.
 *
 * @param key        identifies the deployment so a repeated report counts once (deployment status or job id)
 * @param sha        the deployed commit, for the lead time; may be null
 * @param commitTime when the event itself carries the commit time (head_commit.timestamp); else null
 */
public record DeploymentEvent(String key, String repository, String environment, String sha,
        DeploymentResult result, Instant time, Instant commitTime) {
}
