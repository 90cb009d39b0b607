package dev.runnermetrics.exporter.github.api;

import static dev.runnermetrics.exporter.github.api.ApiTesting.client;
import static dev.runnermetrics.exporter.github.api.ApiTesting.scrape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.testing.Golden;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fleet status against recorded GitHub answers over real HTTP: pages followed, ETags sent back, 304 keeps the
 * answer, and no request while GitHub asked to wait or while backing off from failures.
 */
class FleetStatusTest extends RecordedGithubTest {

    static final String PAGE_1 = "GET /orgs/octo-org/actions/runners?per_page=100";
    static final String PAGE_2 = "GET /organizations/9919/actions/runners?per_page=100&page=2";
    static final String ETAG_1 = " If-None-Match: W/\"7f1c9a1e2b0d4c3a8e5f6a7b8c9d0e1f\"";
    static final String ETAG_2 = " If-None-Match: W/\"0e4d2c8b9a1f3e5d7c6b5a4f3e2d1c0b\"";

    @BeforeEach
    void fleetOfAnOrganisation() {
        config.org = "octo-org";
        config.queueTime = false;
    }

    private RecordedGithub bothPages() {
        return github.then(PAGE_1, "runners/org-page-1.json").then(PAGE_2, "runners/org-page-2.json");
    }

    private void pollAt(Duration sinceStart) {
        clock.set(T0.plus(sinceStart));
        client.fleet().pollIfDue();
    }

    private GithubApiClient client;

    @Test
    void twoPagesThenNotModifiedKeepsTheAnswer() throws IOException {
        client = client(config, clock, null);
        assertEquals("", scrape(client), "nothing is known before the first poll: every family absent");
        bothPages();
        pollAt(Duration.ZERO);
        Golden.assertMatches("github-api/fleet-two-pages.txt", scrape(client));
        pollAt(Duration.ofSeconds(59));
        assertEquals(2, github.requests().size(), "no request before the poll interval");
        github.then(PAGE_1, "runners/page-1-not-modified.json").then(PAGE_2, "runners/page-2-not-modified.json");
        pollAt(Duration.ofSeconds(60));
        assertEquals(List.of(PAGE_1, PAGE_2, PAGE_1 + ETAG_1, PAGE_2 + ETAG_2), github.lines());
        assertTrue(github.requests().stream().allMatch(r -> r.authorization().equals("Bearer ghp_testtoken0123456789")));
        Golden.assertMatches("github-api/fleet-not-modified.txt", scrape(client));
    }

    @Test
    void exhaustedRateLimitWaitsForTheReset() throws IOException {
        client = client(config, clock, null);
        github.then(PAGE_1, "runners/rate-limit-exhausted.json"); // X-RateLimit-Reset: T0 + 600 s
        pollAt(Duration.ZERO);
        pollAt(Duration.ofSeconds(60));
        pollAt(Duration.ofSeconds(599));
        assertEquals(List.of(PAGE_1), github.lines(), "nothing is asked before the reset");
        bothPages();
        pollAt(Duration.ofSeconds(600));
        assertEquals(List.of(PAGE_1, PAGE_1, PAGE_2), github.lines());
        Golden.assertMatches("github-api/fleet-after-rate-limit.txt", scrape(client));
    }

    @Test
    void retryAfterIsHonouredAndTheLastAnswerKept() throws IOException {
        client = client(config, clock, null);
        bothPages();
        pollAt(Duration.ZERO);
        String before = scrape(client);
        github.then(PAGE_1, "runners/secondary-rate-limit-retry-after.json"); // Retry-After: 120
        pollAt(Duration.ofSeconds(60));
        pollAt(Duration.ofSeconds(120));
        pollAt(Duration.ofSeconds(179));
        assertEquals(List.of(PAGE_1, PAGE_2, PAGE_1 + ETAG_1), github.lines(), "no request for 120 s");
        github.then(PAGE_1, "runners/page-1-not-modified.json").then(PAGE_2, "runners/page-2-not-modified.json");
        pollAt(Duration.ofSeconds(180));
        assertEquals(List.of(PAGE_1, PAGE_2, PAGE_1 + ETAG_1, PAGE_1 + ETAG_1, PAGE_2 + ETAG_2), github.lines());
        assertEquals(fleetLines(before), fleetLines(scrape(client)), "the fleet answer is kept through the wait");
        Golden.assertMatches("github-api/fleet-after-retry-after.txt", scrape(client));
    }

    @Test
    void serverErrorsBackOffExponentially() throws IOException {
        config.pollInterval = Duration.ofSeconds(10);
        client = client(config, clock, null);
        github.then(PAGE_1, "runners/server-error.json");
        pollAt(Duration.ZERO); // 502: wait 10 s
        github.then(PAGE_1, "runners/server-error.json");
        pollAt(Duration.ofSeconds(10)); // 502 again: wait 20 s
        pollAt(Duration.ofSeconds(20));
        pollAt(Duration.ofSeconds(29));
        github.then(PAGE_1, "runners/server-error.json");
        pollAt(Duration.ofSeconds(30)); // third: wait 40 s
        pollAt(Duration.ofSeconds(69));
        assertEquals(List.of(PAGE_1, PAGE_1, PAGE_1), github.lines());
        assertEquals("", fleetLines(scrape(client)), "no fleet figures before a successful poll");
        bothPages();
        pollAt(Duration.ofSeconds(70));
        github.then(PAGE_1, "runners/page-1-not-modified.json").then(PAGE_2, "runners/page-2-not-modified.json");
        pollAt(Duration.ofSeconds(80)); // the back-off is over after a success: the interval again
        assertEquals(List.of(PAGE_1, PAGE_1, PAGE_1, PAGE_1, PAGE_2, PAGE_1 + ETAG_1, PAGE_2 + ETAG_2),
                github.lines());
        Golden.assertMatches("github-api/fleet-after-server-errors.txt", scrape(client));
    }

    @Test
    void networkErrorsAreCountedAndBackedOff() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        config.baseUrl = "http://127.0.0.1:" + closedPort;
        client = client(config, clock, null);
        pollAt(Duration.ZERO);
        pollAt(Duration.ofSeconds(30));
        assertEquals("""
                # HELP runner_metrics_github_api_requests_total Requests the exporter made to GitHub's REST API, \
                by endpoint (runners, jobs, access_token) and outcome (ok, not_modified, rate_limited, unauthorized, \
                forbidden, not_found, client_error, server_error, network_error).
                # TYPE runner_metrics_github_api_requests_total counter
                runner_metrics_github_api_requests_total{endpoint="runners",outcome="network_error",} 1.0
                """, scrape(client));
    }

    @Test
    void theLastAnswerExpiresWhenPollsKeepFailing() throws IOException {
        client = client(config, clock, null);
        bothPages();
        pollAt(Duration.ZERO);
        for (int i = 1; i <= 3; i++) {
            github.then(PAGE_1, "runners/server-error.json");
            pollAt(Duration.ofSeconds(60L * i));
        }
        clock.set(T0.plus(Duration.ofMinutes(15)));
        assertTrue(fleetLines(scrape(client)).contains("github_fleet_runner_online{runner_name=\"MBP\""));
        clock.set(T0.plus(Duration.ofMinutes(15)).plusSeconds(1));
        assertEquals("", fleetLines(scrape(client)), "a listing older than 15 minutes is not shown as now");
    }

    private static String fleetLines(String scrape) {
        return String.join("\n", scrape.lines().filter(l -> l.startsWith("github_fleet")).toList());
    }
}
