package dev.runnermetrics.demo.github.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's REST API as far as the exporter's client uses it with a token and an organisation: "List self-hosted
 * runners for an organization" ({@code GET /orgs/{org}/actions/runners}, and the {@code /organizations/{id}/...} form
 * its {@code Link} headers point to), answered over real HTTP on the loopback interface the way api.github.com answers
 * (REST API version 2022-11-28):
 * <ul>
 * <li>pages of {@code per_page} runners (default 30, at most 100), {@code page} from 1, and a {@code Link} header with
 * {@code rel="next"}, {@code "last"}, {@code "prev"} and {@code "first"} as GitHub sends them ("Using pagination in the
 * REST API");</li>
 * <li>{@code x-ratelimit-limit}, {@code -remaining}, {@code -used}, {@code -reset} (epoch second the hourly window ends)
 * and {@code -resource: core} on every answer; each 200 answer to an authorised request uses one request of the
 * window ("Rate limits for the REST API");</li>
 * <li>a weak {@code etag}, and {@code 304 Not Modified} without a body for a matching {@code If-None-Match}, which costs
 * no rate limit ("Best practices for using the REST API", conditional requests);</li>
 * <li>{@code 401 Bad credentials} without the demo token, {@code 404 Not Found} for any other path.</li>
 * </ul>
 * The bodies have the fields and order of the documented example response ({@code runner-paginated}, also recorded in
 * exporter/src/test/resources/github-api/runners/, see its SOURCES.md); the runners are the demo's {@link Fleet}.
 */
public final class RestApi implements AutoCloseable {

    static final int RATE_LIMIT = 5000;
    /** api.github.com's limit for requests without a token. */
    static final int UNAUTHENTICATED_LIMIT = 60;
    static final long WINDOW_SECONDS = 3600;
    private static final Pattern ORG_RUNNERS = Pattern.compile("/orgs/([^/]+)/actions/runners");
    private static final Pattern ORG_ID_RUNNERS = Pattern.compile("/organizations/(\\d+)/actions/runners");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Fleet fleet;
    private final String org;
    private final long orgId;
    private final String token;
    private final Clock clock;
    /** Requests of the current window, with and without the token; the window starts with its first request. */
    private Instant windowEnd;
    private int used;
    private int usedUnauthenticated;

    /**
     * Listens on 127.0.0.1:{@code port} (0: any free port) until closed.
     *
     * @param token the only token accepted (a demo value, not a GitHub secret)
     */
    public RestApi(int port, Fleet fleet, String org, long orgId, String token, Clock clock) throws IOException {
        this.fleet = fleet;
        this.org = org;
        this.orgId = orgId;
        this.token = token;
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** http://127.0.0.1:PORT, what the exporter's RUNNER_METRICS_GITHUB_API_BASE_URL is set to. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String path = uri.getRawPath();
            boolean authorised = authorised(exchange.getRequestHeaders().getFirst("Authorization"));
            Headers headers = exchange.getResponseHeaders();
            headers.set("content-type", "application/json; charset=utf-8");
            headers.set("x-github-api-version-selected", "2022-11-28");
            headers.set("x-github-media-type", "github.v3; format=json");
            if (!authorised) {
                rateLimit(headers, false, true);
                send(exchange, 401, Fleet.ordered("message", "Bad credentials",
                        "documentation_url", "https://docs.github.com/rest", "status", "401"));
                return;
            }
            Matcher byName = ORG_RUNNERS.matcher(path);
            Matcher byId = ORG_ID_RUNNERS.matcher(path);
            boolean runners = exchange.getRequestMethod().equals("GET")
                    && (byName.matches() && byName.group(1).equalsIgnoreCase(org)
                            || byId.matches() && byId.group(1).equals(Long.toString(orgId)));
            if (!runners) {
                rateLimit(headers, true, true);
                send(exchange, 404, Fleet.ordered("message", "Not Found",
                        "documentation_url", "https://docs.github.com/rest", "status", "404"));
                return;
            }
            runnersPage(exchange, query(uri.getRawQuery()));
        }
    }

    private void runnersPage(HttpExchange exchange, Map<String, String> query) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        int perPage = Math.min(100, Math.max(1, number(query.get("per_page"), 30)));
        int page = Math.max(1, number(query.get("page"), 1));
        List<Fleet.Runner> all = fleet.runners();
        int last = Math.max(1, (all.size() + perPage - 1) / perPage);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_count", all.size());
        body.put("runners", all.stream().skip((long) (page - 1) * perPage).limit(perPage).map(Fleet.Runner::json)
                .toList());
        byte[] bytes = json(body);
        String etag = "W/\"" + HexFormat.of().formatHex(sha256(bytes), 0, 16) + "\"";
        headers.set("etag", etag);
        String link = link(page, last, perPage);
        if (!link.isEmpty()) {
            headers.set("link", link);
        }
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            rateLimit(headers, true, false);
            headers.remove("content-type");
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        rateLimit(headers, true, true);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** GitHub's Link header: next and last before the last page, prev and first after the first. */
    private String link(int page, int last, int perPage) {
        String base = baseUrl() + "/organizations/" + orgId + "/actions/runners?per_page=" + perPage + "&page=";
        StringBuilder link = new StringBuilder();
        if (page > 1) {
            link.append('<').append(base).append(Math.min(page - 1, last)).append(">; rel=\"prev\", ");
        }
        if (page < last) {
            link.append('<').append(base).append(page + 1).append(">; rel=\"next\", ");
            link.append('<').append(base).append(last).append(">; rel=\"last\", ");
        }
        if (page > 1) {
            link.append('<').append(base).append(1).append(">; rel=\"first\", ");
        }
        return link.isEmpty() ? "" : link.substring(0, link.length() - 2);
    }

    /** Counts the request when it costs one, then sets the x-ratelimit-* headers of the window it fell in. */
    private synchronized void rateLimit(Headers headers, boolean authorised, boolean costs) {
        Instant now = clock.instant();
        if (windowEnd == null || !now.isBefore(windowEnd)) {
            windowEnd = now.plusSeconds(WINDOW_SECONDS);
            used = 0;
            usedUnauthenticated = 0;
        }
        int limit = authorised ? RATE_LIMIT : UNAUTHENTICATED_LIMIT;
        if (costs) {
            if (authorised) {
                used = Math.min(limit, used + 1);
            } else {
                usedUnauthenticated = Math.min(limit, usedUnauthenticated + 1);
            }
        }
        int spent = authorised ? used : usedUnauthenticated;
        headers.set("x-ratelimit-limit", Integer.toString(limit));
        headers.set("x-ratelimit-remaining", Integer.toString(limit - spent));
        headers.set("x-ratelimit-reset", Long.toString(windowEnd.getEpochSecond()));
        headers.set("x-ratelimit-used", Integer.toString(spent));
        headers.set("x-ratelimit-resource", "core");
    }

    private boolean authorised(String authorization) {
        if (authorization == null) {
            return false;
        }
        String given = authorization.strip();
        return given.equals("Bearer " + token) || given.equals("token " + token);
    }

    private static void send(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = json(body);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return params;
    }

    private static int number(String text, int otherwise) {
        try {
            return text == null ? otherwise : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
