package dev.runnermetrics.demo.github.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The demo's GitHub REST API over real HTTP: the runner listing, its pages, rate limit and conditional requests. */
class RestApiTest {

    private static final String TOKEN = "demo-token";
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Fleet fleet = new Fleet(27, "demo-runner-1");
    private final RestApi api = new RestApi(0, fleet, "acme", 76_543_210L, TOKEN, Clock.fixed(NOW, ZoneOffset.UTC));
    private final HttpClient http = HttpClient.newHttpClient();

    RestApiTest() throws Exception {
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private HttpResponse<String> get(String pathOrUrl, String authorization, String etag) throws Exception {
        URI uri = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : URI.create(api.baseUrl() + pathOrUrl);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (authorization != null) request.header("Authorization", authorization);
        if (etag != null) request.header("If-None-Match", etag);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static List<String> names(HttpResponse<String> response) throws Exception {
        List<String> names = new ArrayList<>();
        JSON.readTree(response.body()).path("runners").forEach(r -> names.add(r.path("name").asText()));
        return names;
    }

    @Test
    void theRunnerListingPagesFollowTheLinkHeadersThroughEveryRunner() throws Exception {
        HttpResponse<String> first = get("/orgs/acme/actions/runners?per_page=2", "Bearer " + TOKEN, null);
        assertEquals(200, first.statusCode());
        assertEquals(3, JSON.readTree(first.body()).path("total_count").asInt());
        assertEquals(List.of("demo-runner-1", "demo-runner-2"), names(first));
        String base = api.baseUrl() + "/organizations/76543210/actions/runners?per_page=2&page=";
        assertEquals("<" + base + "2>; rel=\"next\", <" + base + "2>; rel=\"last\"", header(first, "link"));

        String next = header(first, "link").replaceAll("^<([^>]+)>.*", "$1");
        HttpResponse<String> second = get(next, "Bearer " + TOKEN, null);
        assertEquals(200, second.statusCode());
        assertEquals(List.of("mac-mini-1"), names(second));
        assertEquals("<" + base + "1>; rel=\"prev\", <" + base + "1>; rel=\"first\"", header(second, "link"));

        HttpResponse<String> all = get("/orgs/acme/actions/runners?per_page=100", "token " + TOKEN, null);
        assertEquals(List.of("demo-runner-1", "demo-runner-2", "mac-mini-1"), names(all));
        assertEquals(null, header(all, "link"), "one page: no Link header");
    }

    @Test
    void everyAnswerCarriesTheRateLimitAndEachListingUsesOneRequestOfTheHour() throws Exception {
        HttpResponse<String> a = get("/orgs/acme/actions/runners", "Bearer " + TOKEN, null);
        HttpResponse<String> b = get("/orgs/acme/actions/runners", "Bearer " + TOKEN, null);
        assertEquals("5000", header(a, "x-ratelimit-limit"));
        assertEquals("4999", header(a, "x-ratelimit-remaining"));
        assertEquals("1", header(a, "x-ratelimit-used"));
        assertEquals("4998", header(b, "x-ratelimit-remaining"));
        assertEquals("2", header(b, "x-ratelimit-used"));
        assertEquals(Long.toString(NOW.getEpochSecond() + 3600), header(b, "x-ratelimit-reset"));
        assertEquals("core", header(b, "x-ratelimit-resource"));
        assertEquals("2022-11-28", header(b, "x-github-api-version-selected"));
    }

    @Test
    void anUnchangedListingAskedForWithItsEtagIsNotModifiedAndCostsNothing() throws Exception {
        HttpResponse<String> full = get("/orgs/acme/actions/runners", "Bearer " + TOKEN, null);
        String etag = header(full, "etag");
        assertTrue(etag.matches("W/\"[0-9a-f]{32}\""), etag);

        HttpResponse<String> same = get("/orgs/acme/actions/runners", "Bearer " + TOKEN, etag);
        assertEquals(304, same.statusCode());
        assertEquals("", same.body());
        assertEquals(etag, header(same, "etag"));
        assertEquals("4999", header(same, "x-ratelimit-remaining"), "a 304 costs no request");
    }

    @Test
    void theReplayedRunnerIsOfflineUntilItsSessionThenBusyWhileItRunsAJob() throws Exception {
        JsonNode before = runner("demo-runner-1");
        assertEquals("offline", before.path("status").asText());
        assertFalse(before.path("busy").asBoolean());
        String etag = header(get("/orgs/acme/actions/runners", "Bearer " + TOKEN, null), "etag");

        fleet.replayedRunner(true, true);
        HttpResponse<String> changed = get("/orgs/acme/actions/runners", "Bearer " + TOKEN, etag);
        assertEquals(200, changed.statusCode(), "the listing changed: a full answer, not 304");
        assertNotEquals(etag, header(changed, "etag"));
        JsonNode busy = runner("demo-runner-1");
        assertEquals("online", busy.path("status").asText());
        assertTrue(busy.path("busy").asBoolean());
        assertEquals(27, busy.path("id").asInt());
        assertEquals("Linux", busy.path("os").asText());
        assertEquals("self-hosted", busy.path("labels").path(0).path("name").asText());
        assertEquals("read-only", busy.path("labels").path(0).path("type").asText());

        fleet.replayedRunner(true, false);
        assertFalse(runner("demo-runner-1").path("busy").asBoolean());
        assertEquals("online", runner("demo-runner-2").path("status").asText());
        assertEquals("offline", runner("mac-mini-1").path("status").asText());
    }

    private JsonNode runner(String name) throws Exception {
        for (JsonNode r : JSON.readTree(get("/orgs/acme/actions/runners", "Bearer " + TOKEN, null).body())
                .path("runners")) {
            if (r.path("name").asText().equals(name)) return r;
        }
        throw new AssertionError("no runner " + name);
    }

    @Test
    void withoutTheTokenGithubAnswersBadCredentialsUnderTheUnauthenticatedLimit() throws Exception {
        HttpResponse<String> none = get("/orgs/acme/actions/runners", null, null);
        HttpResponse<String> wrong = get("/orgs/acme/actions/runners", "Bearer ghp_other", null);
        assertEquals(401, none.statusCode());
        assertEquals(401, wrong.statusCode());
        assertEquals("Bad credentials", JSON.readTree(wrong.body()).path("message").asText());
        assertEquals("60", header(wrong, "x-ratelimit-limit"));
        assertEquals("58", header(wrong, "x-ratelimit-remaining"));
    }

    @Test
    void anotherOrganisationOrEndpointIsNotFound() throws Exception {
        assertEquals(404, get("/orgs/other/actions/runners", "Bearer " + TOKEN, null).statusCode());
        assertEquals(404, get("/repos/acme/web-shop/actions/runs", "Bearer " + TOKEN, null).statusCode());
        assertEquals(404, get("/organizations/1/actions/runners", "Bearer " + TOKEN, null).statusCode());
    }
}
