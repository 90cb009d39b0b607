package dev.runnermetrics.exporter.github.api;

import static dev.runnermetrics.exporter.github.api.ApiTesting.client;
import static dev.runnermetrics.exporter.github.api.ApiTesting.scrape;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runnermetrics.exporter.github.jobs.QueueTimeLookups;
import dev.runnermetrics.exporter.github.jobs.QueueTimeState;
import dev.runnermetrics.exporter.logs.JobContext;
import dev.runnermetrics.exporter.model.JobSeenListener;
import dev.runnermetrics.exporter.testing.Golden;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Queue time of a job seen in the logs, from the jobs of its run attempt served by the recorded GitHub. */
class QueueTimeLookupsTest extends RecordedGithubTest {

    static final String JOBS = "GET /repos/octo-org/octo-repo/actions/runs/29679449/attempts/1/jobs?per_page=100";

    private final ManualScheduler scheduler = new ManualScheduler();

    static JobContext job(String name, String attempt, String environment) {
        return new JobContext("1b4c7e9d-0000-4000-8000-000000000001", name, "octo-org/octo-repo", "CI", name,
                "29679449", attempt, "refs/heads/main", "f83a356604ae3c5d03e1b46ef4d1ca77d64a90b0", "push",
                environment, null);
    }

    @Test
    void observedOnceTheJobHasStartedAndOnlyOnce() throws IOException {
        GithubApiClient client = client(config, clock, scheduler);
        JobSeenListener listener = client.jobSeenListener();
        listener.jobSeen("runner-1", "standard", T0.minusSeconds(5), job("build", "1", null));
        assertEquals(0, github.requests().size(), "the poll thread only hands the job over");
        github.then(JOBS, "jobs/attempt-1-build-queued.json");
        assertEquals(Duration.ZERO, scheduler.runNext());
        assertEquals("", scrape(client).lines().filter(l -> l.startsWith("github_runner_queue")).findAny()
                .orElse(""), "a queued job's started_at is a placeholder: not observed");
        github.then(JOBS, "jobs/attempt-1.json");
        assertEquals(QueueTimeLookups.RETRY_DELAY, scheduler.runNext());
        assertEquals(0, scheduler.size());
        listener.jobSeen("runner-1", "standard", T0.minusSeconds(5), job("build", "1", null)); // read again
        assertEquals(0, scheduler.size(), "a job is looked up once");
        assertEquals(List.of(JOBS, JOBS), github.lines());
        assertEquals(0, client.lookups().pending());
        Golden.assertMatches("github-api/queue-time.txt", scrape(client));
    }

    @Test
    void jobsThatCannotBeTimedAreCountedWithoutARequest() throws IOException {
        GithubApiClient client = client(config, clock, scheduler);
        JobSeenListener listener = client.jobSeenListener();
        // A deployment environment may hide an approval wait: dropped as on the webhook side.
        listener.jobSeen("runner-1", "standard", T0, job("deploy", "1", "production"));
        listener.jobSeen("runner-1", "standard", T0, job("package", null, null)); // no run_attempt
        listener.jobSeen("runner-1", "standard", T0.minus(Duration.ofHours(2)), job("old", "1", null)); // history
        assertEquals(0, scheduler.size());
        assertEquals(List.of(), github.lines());
        Golden.assertMatches("github-api/queue-time-not-looked-up.txt", scrape(client));
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlocking() {
        config.queueTimeCapacity = 1;
        GithubApiClient client = client(config, clock, scheduler);
        client.jobSeenListener().jobSeen("runner-1", "standard", T0, job("build", "1", null));
        client.jobSeenListener().jobSeen("runner-1", "standard", T0, job("lint", "1", null));
        assertEquals(1, scheduler.size());
        assertEquals(true, scrape(client).contains(
                "runner_metrics_github_api_queue_time_lookups_failed_total{reason=\"queue_full\",} 1.0"));
    }

    @Test
    void aJobGithubNeverListsIsGivenUpAfterFiveTries() throws IOException {
        GithubApiClient client = client(config, clock, scheduler);
        client.jobSeenListener().jobSeen("runner-1", "standard", T0, job("integration", "1", null));
        for (int i = 0; i < QueueTimeLookups.MAX_ATTEMPTS; i++) {
            github.then(JOBS, "jobs/attempt-1.json");
            scheduler.runNext();
        }
        assertEquals(0, scheduler.size());
        assertEquals(5, github.requests().size());
        assertEquals(0, client.lookups().pending());
        assertEquals(true, scrape(client).contains(
                "runner_metrics_github_api_queue_time_lookups_failed_total{reason=\"job_not_found\",} 1.0"));
    }

    /** A time whose distance overflows a duration counts as unknown (as on the webhook side); the lookup ends. */
    @Test
    void anAnswerThatCannotBeTimedEndsTheLookup() throws IOException {
        GithubApiClient client = client(config, clock, scheduler);
        client.jobSeenListener().jobSeen("runner-1", "standard", T0, job("build", "1", null));
        github.always(java.util.regex.Pattern.quote(JOBS), "jobs/attempt-1-build-time-out-of-range.json");
        for (int i = 0; i < QueueTimeLookups.MAX_ATTEMPTS; i++) {
            scheduler.runNext();
        }
        assertEquals(0, scheduler.size());
        assertEquals(0, client.lookups().pending(), "not left pending");
        assertEquals(true, scrape(client).contains(
                "runner_metrics_github_api_queue_time_lookups_failed_total{reason=\"not_started\",} 1.0"));
    }

    /** After a restart (a queue-time part in the state file) a job read again is not history, however old. */
    @Test
    void afterARestartOldJobsAreLookedUp() {
        GithubApiClient client = client(config, clock, scheduler, QueueTimeState.empty());
        client.jobSeenListener().jobSeen("runner-1", "standard", T0.minus(Duration.ofHours(2)), job("old", "1", null));
        assertEquals(1, scheduler.size(), "the exporter was down for two hours: the job still gets its lookup");
    }

    /**
     * Node mode: a runner gone for good has its queue times in its type's series (runner_name "", which the engine
     * does not write), those observed before and those of a lookup that was still pending.
     */
    @Test
    void aRunnerGoneForGoodHasItsQueueTimesFoldedIntoItsTypes() {
        GithubApiClient client = client(config, clock, scheduler);
        client.jobSeenListener().jobSeen("runner-1", "standard", T0.minusSeconds(5), job("build", "1", null));
        github.then(JOBS, "jobs/attempt-1.json");
        scheduler.runNext();
        assertEquals(List.of("runner-1"), runnerNames(client));
        client.jobSeenListener().jobSeen("my runner", "standard", T0.minusSeconds(5), job("lint", "1", null));
        long changes = client.queueTimeChanges();
        client.runnerGone("runner-1", "standard");
        client.runnerGone("my runner", "standard");
        assertEquals(List.of(""), runnerNames(client), "folded into its type's");
        assertEquals(changes + 1, client.queueTimeChanges(), "saved with the write that drops the runner");
        github.then(JOBS, "jobs/attempt-1.json");
        scheduler.runNext();
        assertEquals(0, client.lookups().pending());
        assertEquals(List.of("", ""), runnerNames(client), "a late answer goes to its type's too (another group)");
        assertEquals(2, client.queueTimeState().queueTime().stream().mapToLong(q -> q.histogram().count()).sum());
    }

    private static List<String> runnerNames(GithubApiClient client) {
        return client.queueTimeState().queueTime().stream().map(s -> s.key().get(0)).toList();
    }
}
