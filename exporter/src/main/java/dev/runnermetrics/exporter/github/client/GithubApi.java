package dev.runnermetrics.exporter.github.client;

import static dev.runnermetrics.catalogue.Catalogue.GITHUB_API_RATE_LIMIT_REMAINING;
import static dev.runnermetrics.catalogue.Catalogue.GITHUB_API_REQUESTS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnermetrics.exporter.metrics.Samples;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * GitHub's REST API as the exporter uses it: GETs that follow {@code Link: rel="next"} pages, conditional requests
 * with the pages' ETags (a 304 keeps the previous answer and costs no rate limit), and one gate for every request
 * made with the token: when GitHub says the rate limit is spent (X-RateLimit-Remaining 0 until X-RateLimit-Reset),
 * or asks to wait (Retry-After on 403/429), or fails (5xx, network), no request is made until the wait is over;
 * failures in a row double the wait. Thread-safe.
 */
public final class GithubApi {

    private static final Logger LOG = Logger.getLogger(GithubApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String API_VERSION = "2022-11-28";
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    /** GitHub's advice for a secondary rate limit without Retry-After: wait at least a minute. */
    static final Duration SECONDARY_LIMIT_WAIT = Duration.ofMinutes(1);
    static final int MAX_PAGES = 100;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");

    /** An installation token; toString hides it. */
    record InstallationToken(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "InstallationToken[expiresAt=" + expiresAt + "]";
        }
    }

    private record Cached(String etag, JsonNode body, URI next) {
    }

    private final URI base;
    private final Auth auth;
    private final HttpClient http;
    private final Clock clock;
    private final ApiStats stats = new ApiStats();
    private final Map<URI, Cached> cache = new ConcurrentHashMap<>();
    private Instant blockedUntil;
    private int failuresInARow;
    private volatile String lastProblem;

    public GithubApi(URI base, Auth auth, HttpClient http, Clock clock) {
        this.base = base;
        this.auth = auth;
        this.http = http;
        this.clock = clock;
    }

    /**
     * Every page of a listing, {@code per_page=100}.
     *
     * @param endpoint    the endpoint label of the request counter
     * @param conditional send If-None-Match with each page's last ETag and take the kept page on 304
     */
    public List<JsonNode> getAll(String endpoint, String path, boolean conditional) throws ApiUnavailable {
        List<JsonNode> pages = new ArrayList<>();
        URI uri = URI.create(base + path + (path.contains("?") ? "&" : "?") + "per_page=100");
        while (uri != null) {
            if (pages.size() == MAX_PAGES) {
                throw new ApiUnavailable("client_error", null, path + ": more than " + MAX_PAGES + " pages");
            }
            Cached page = get(endpoint, uri, conditional);
            pages.add(page.body());
            uri = page.next();
        }
        return pages;
    }

    /** Exchanges the App's JWT for an installation token (POST /app/installations/{id}/access_tokens). */
    InstallationToken installationToken(long installationId, String jwt) throws ApiUnavailable {
        URI uri = URI.create(base + "/app/installations/" + installationId + "/access_tokens");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> response = send("access_token", request, "Bearer " + jwt);
        JsonNode body = parse(uri, response);
        String token = body.path("token").asText("");
        Instant expires = GithubJson.time(body.path("expires_at"));
        if (token.isEmpty() || expires == null) {
            throw new ApiUnavailable("client_error", null, uri.getPath() + ": the answer has no token or expires_at");
        }
        return new InstallationToken(token, expires);
    }

    private Cached get(String endpoint, URI uri, boolean conditional) throws ApiUnavailable {
        Cached kept = conditional ? cache.get(uri) : null;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (kept != null) {
            request.header("If-None-Match", kept.etag());
        }
        HttpResponse<String> response = send(endpoint, request, auth.authorization(this, clock.instant()));
        if (response.statusCode() == 304 && kept != null) {
            return kept;
        }
        JsonNode body = parse(uri, response);
        Cached page = new Cached(response.headers().firstValue("ETag").orElse(null), body,
                next(response.headers()));
        if (conditional && page.etag() != null) {
            cache.put(uri, page);
        }
        return page;
    }

    private HttpResponse<String> send(String endpoint, HttpRequest.Builder request, String authorization)
            throws ApiUnavailable {
        Instant now = clock.instant();
        synchronized (this) {
            if (blockedUntil != null && now.isBefore(blockedUntil)) {
                throw new ApiUnavailable(ApiUnavailable.DEFERRED, blockedUntil, "backing off until " + blockedUntil);
            }
        }
        HttpRequest built = request.timeout(TIMEOUT)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", "runner-metrics-exporter")
                .header("Authorization", authorization)
                .build();
        String what = built.method() + " " + built.uri().getRawPath();
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            stats.request(endpoint, "network_error");
            throw failed("network_error", what + ": " + e.getClass().getSimpleName(), clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiUnavailable(ApiUnavailable.INTERRUPTED, null, what + ": interrupted");
        }
        return classify(endpoint, what, response, clock.instant());
    }

    private HttpResponse<String> classify(String endpoint, String what, HttpResponse<String> response, Instant now)
            throws ApiUnavailable {
        HttpHeaders headers = response.headers();
        Optional<Long> remaining = number(headers, "X-RateLimit-Remaining");
        remaining.ifPresent(stats::rateLimitRemaining);
        Optional<Instant> reset = number(headers, "X-RateLimit-Reset").map(Instant::ofEpochSecond);
        int status = response.statusCode();
        if (status == 304 || status >= 200 && status < 300) {
            stats.request(endpoint, status == 304 ? "not_modified" : "ok");
            synchronized (this) {
                failuresInARow = 0;
                if (remaining.orElse(1L) == 0 && reset.isPresent()) {
                    blockedUntil = reset.get(); // spent: nothing more until the window resets
                }
            }
            if (lastProblem != null) {
                LOG.infof("GitHub API answers again (%s)", what);
                lastProblem = null;
            }
            return response;
        }
        Optional<Long> retryAfter = number(headers, "Retry-After");
        boolean limited = (status == 403 || status == 429)
                && (retryAfter.isPresent() || remaining.orElse(1L) == 0 || status == 429
                        || message(response).toLowerCase().contains("rate limit"));
        if (limited) {
            stats.request(endpoint, "rate_limited");
            Instant until;
            if (retryAfter.isPresent()) {
                until = now.plusSeconds(retryAfter.get());
            } else if (remaining.orElse(1L) == 0 && reset.isPresent()) {
                until = reset.get();
            } else {
                until = now.plus(SECONDARY_LIMIT_WAIT); // a secondary limit without a hint
            }
            synchronized (this) {
                blockedUntil = until;
            }
            problem(what + ": rate limited (" + status + "), no request until " + until);
            throw new ApiUnavailable("rate_limited", until, what + ": rate limited until " + until);
        }
        String outcome = switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            default -> status >= 500 ? "server_error" : "client_error";
        };
        stats.request(endpoint, outcome);
        if (status == 401) {
            auth.rejected();
        }
        String detail = what + ": " + status + " " + outcome + " " + message(response);
        if (status == 401 || status == 403 || status >= 500) {
            throw failed(outcome, detail, now); // may last: back off
        }
        problem(detail);
        throw new ApiUnavailable(outcome, null, detail);
    }

    /** Counts a failure in a row and backs off: 10 s, 20 s, 40 s … up to 10 minutes. */
    private ApiUnavailable failed(String outcome, String detail, Instant now) {
        Instant until;
        synchronized (this) {
            failuresInARow++;
            long factor = 1L << Math.min(failuresInARow - 1, 20);
            Duration wait = FIRST_BACKOFF.multipliedBy(factor);
            if (wait.compareTo(MAX_BACKOFF) > 0) {
                wait = MAX_BACKOFF;
            }
            until = now.plus(wait);
            if (blockedUntil == null || until.isAfter(blockedUntil)) {
                blockedUntil = until;
            }
        }
        problem(detail + "; no request until " + until);
        return new ApiUnavailable(outcome, until, detail);
    }

    /** Logs a problem when it differs from the last one, so a lasting failure is one line, not one per poll. */
    private void problem(String text) {
        String kind = text.replaceAll("until .*", "");
        if (!Objects.equals(kind, lastProblem)) {
            LOG.warnf("GitHub API %s", text);
            lastProblem = kind;
        }
    }

    private JsonNode parse(URI uri, HttpResponse<String> response) throws ApiUnavailable {
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body == null || !body.isObject()) {
                throw new IOException("not a JSON object");
            }
            return body;
        } catch (IOException e) {
            throw new ApiUnavailable("client_error", null, uri.getRawPath() + ": the answer is not a JSON object");
        }
    }

    /** GitHub's error message (never holds the token), shortened. */
    private static String message(HttpResponse<String> response) {
        try {
            String text = JSON.readTree(response.body()).path("message").asText("");
            return text.length() > 200 ? text.substring(0, 200) : text;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The next page, only on GitHub's own host: the token is never sent anywhere else. */
    private URI next(HttpHeaders headers) throws ApiUnavailable {
        Optional<String> link = headers.firstValue("Link");
        if (link.isEmpty()) {
            return null;
        }
        Matcher m = NEXT.matcher(link.get());
        if (!m.find()) {
            return null;
        }
        URI next = URI.create(m.group(1));
        if (!Objects.equals(next.getScheme(), base.getScheme())
                || !Objects.equals(next.getRawAuthority(), base.getRawAuthority())) {
            throw new ApiUnavailable("client_error", null, "a Link header points to another host ("
                    + next.getHost() + "); not followed");
        }
        return next;
    }

    private static Optional<Long> number(HttpHeaders headers, String name) {
        try {
            return headers.firstValue(name).map(String::strip).map(Long::parseLong);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The client's own figures: requests by endpoint and outcome, and the rate limit left once GitHub sent it. */
    public void expose(Samples samples) {
        stats.requests().forEach((endpoint, outcomes) -> outcomes.forEach((outcome, n) ->
                samples.value(GITHUB_API_REQUESTS, Map.of("endpoint", endpoint, "outcome", outcome), n)));
        Long remaining = stats.rateLimitRemaining();
        if (remaining != null) {
            samples.value(GITHUB_API_RATE_LIMIT_REMAINING, Map.of(), remaining);
        }
    }
}
