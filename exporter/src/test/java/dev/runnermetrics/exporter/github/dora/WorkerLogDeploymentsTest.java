package dev.runnermetrics.exporter.github.dora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.catalogue.JobResult;
import dev.runnermetrics.exporter.model.JobEnd;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import dev.runnermetrics.exporter.github.jobs.GithubSettings;
import dev.runnermetrics.exporter.metrics.SeriesKey;
import org.junit.jupiter.api.Test;

/** Finished jobs from Worker logs turned into DORA figures, worked out by hand. */
class WorkerLogDeploymentsTest {

    private static final String REPO = "example-org/shop";
    private static final GithubSettings SETTINGS = new GithubSettings(Map.of(), List.of(), Pattern.compile(".*"), 50,
            Optional.of(Pattern.compile("(?i)deploy.*")), GithubSettings.DEFAULT_PRODUCTION, 100, Duration.ofDays(6));

    private final DoraState state = new DoraState();
    private final WorkerLogDeployments deployments = new WorkerLogDeployments(SETTINGS, state);

    private static JobEnd job(String key, String name, String environment, String headCommit, JobResult result,
            String end) {
        return new JobEnd(key, name, true, REPO, environment, "sha-" + key, headCommit, result,
                Instant.parse("2026-04-11T" + end + "Z"));
    }

    private Environment production() {
        return state.environments().get(SeriesKey.of(REPO, "production").text());
    }

    @Test
    void failureThenSuccessGivesRestoreAndLeadTimeFromTheHeadCommitInItsOwnOffset() {
        assertTrue(deployments.take(job("A", "deploy", "production", "2026-04-11T23:40:12+09:00",
                JobResult.FAILURE, "15:05:40")));
        assertTrue(deployments.take(job("B", "Deploy shop", "production", "2026-04-12T01:10:00+09:00",
                JobResult.SUCCESS, "16:24:30")));
        Environment prod = production();
        assertEquals(1, prod.failures());
        assertEquals(1, prod.successes());
        // 16:24:30 - 16:10:00 (01:10 at +09:00)
        assertEquals(1, prod.leadTime().count());
        assertEquals(870.0, prod.leadTime().sum());
        // 15:05:40 failed → 16:24:30 restored
        assertEquals(1, prod.timeToRestore().count());
        assertEquals(4730.0, prod.timeToRestore().sum());
        assertEquals(Map.of(), state.dropped(), "the failed deployment's commit time is not needed");
    }

    @Test
    void aSuccessWithoutOrWithAnUnreadableHeadCommitTimeIsCountedAndItsLeadTimeDropped() {
        deployments.take(job("A", "deploy", "production", null, JobResult.SUCCESS, "10:00:00"));
        deployments.take(job("B", "deploy", "production", "yesterday", JobResult.SUCCESS, "11:00:00"));
        deployments.take(job("C", "deploy", "production", null, JobResult.FAILURE, "12:00:00"));
        assertEquals(2, production().successes());
        assertEquals(1, production().failures());
        assertEquals(0, production().leadTime().count());
        assertEquals(Map.of("commit_time_unknown", 1L, "commit_time_malformed", 1L), new TreeMap<>(state.dropped()));
        assertEquals(Map.of(), state.pendingLeadTimes(), "no commit time will ever arrive for a sidecar");
    }

    @Test
    void onlyFinishedDeploymentJobsInProductionCount() {
        String ts = "2026-04-11T09:00:00Z";
        assertFalse(deployments.take(job("1", "build", "production", ts, JobResult.SUCCESS, "10:00:00")));
        assertFalse(deployments.take(job("2", "deploy", "staging", ts, JobResult.SUCCESS, "10:00:00")));
        assertFalse(deployments.take(job("3", "deploy", "production", ts, JobResult.CANCELLED, "10:00:00")));
        assertFalse(deployments.take(job("4", "deploy", "production", ts, JobResult.SKIPPED, "10:00:00")));
        assertFalse(deployments.take(new JobEnd("5", "deploy", true, REPO, "production", "s", ts,
                JobResult.ABANDONED, null)));
        assertEquals(Map.of(), state.environments());
        assertEquals(Map.of(), state.dropped());
    }

    @Test
    void aJobWithoutEnvironmentIsMatchedOnItsNameAsTheHubDoes() {
        assertTrue(deployments.take(job("1", "deploy-prod", null, "2026-04-11T09:00:00Z", JobResult.SUCCESS,
                "10:00:00")));
        assertFalse(deployments.take(job("2", "deploy", null, "2026-04-11T09:00:00Z", JobResult.SUCCESS,
                "10:00:00")));
        Environment unknown = state.environments().get(SeriesKey.of(REPO, "unknown").text());
        assertEquals(1, unknown.successes());
        assertEquals(3600.0, unknown.leadTime().sum());
    }

    @Test
    void aDeploymentJobWhoseJobMessageWasNotReadIsCountedAsDropped() {
        assertTrue(deployments.take(new JobEnd("1", "deploy", false, null, null, null, null, JobResult.SUCCESS,
                Instant.parse("2026-04-11T10:00:00Z"))));
        assertEquals(Map.of(), state.environments());
        assertEquals(Map.of("job_message_missing", 1L), state.dropped());
    }

    @Test
    void theSameJobCountsOnce() {
        JobEnd a = job("A", "deploy", "production", "2026-04-11T09:00:00Z", JobResult.SUCCESS, "10:00:00");
        assertTrue(deployments.take(a));
        assertFalse(deployments.take(a));
        assertEquals(1, production().successes());
        assertEquals(1, production().leadTime().count());
    }

    @Test
    void withoutADeploymentJobPatternNothingIsADeployment() {
        WorkerLogDeployments off = new WorkerLogDeployments(GithubSettings.defaults(Map.of()), state);
        assertFalse(WorkerLogDeployments.configured(GithubSettings.defaults(Map.of())));
        assertFalse(off.take(job("A", "deploy", "production", null, JobResult.SUCCESS, "10:00:00")));
        assertEquals(Map.of(), state.environments());
    }
}
