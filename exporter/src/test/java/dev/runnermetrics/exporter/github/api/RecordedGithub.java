package dev.runnermetrics.exporter.github.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * GitHub for tests: recorded responses (src/test/resources/github-api, see SOURCES.md) served over real HTTP on a
 * random port, in the order the test scripts them. Every request is logged (method, path and query, the
 * conditional header) so a test can assert the exact sequence; a request the script does not expect is answered
 * 599 and shows in the log.
 */
final class RecordedGithub implements AutoCloseable {

    static final Path RESOURCES = Path.of("src/test/resources/github-api");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the client sent. */
    record Request(String line, String ifNoneMatch, String authorization) {
    }

    private record Expected(String line, String file) {
    }

    private final HttpServer server;
    private final Deque<Expected> script = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private final List<Map.Entry<Pattern, String>> standing = new ArrayList<>();
    private volatile Duration delay = Duration.ZERO;

    RecordedGithub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next request must be {@code line} ("GET /path?query"); it gets the recorded response in {@code file}. */
    RecordedGithub then(String line, String file) {
        synchronized (this) {
            script.add(new Expected(line, file));
        }
        return this;
    }

    /**
     * Any request matching {@code line} (a regular expression over "GET /path?query"), in any order and any number
     * of times, gets the recorded response in {@code file}, after the script's next request is checked.
     */
    synchronized RecordedGithub always(String line, String file) {
        standing.add(Map.entry(Pattern.compile(line), file));
        return this;
    }

    /** Answers each request this much later, as a slow GitHub would. */
    RecordedGithub delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized List<String> lines() {
        return requests.stream().map(r -> r.line() + (r.ifNoneMatch() != null ? " If-None-Match: "
                + r.ifNoneMatch() : "")).toList();
    }

    synchronized boolean scriptDone() {
        return script.isEmpty();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
            String line = exchange.getRequestMethod() + " " + exchange.getRequestURI();
            Expected expected;
            synchronized (this) {
                requests.add(new Request(line, exchange.getRequestHeaders().getFirst("If-None-Match"),
                        exchange.getRequestHeaders().getFirst("Authorization")));
                expected = script.peek();
                if (expected != null && expected.line().equals(line)) {
                    script.poll();
                } else {
                    expected = standing.stream().filter(e -> e.getKey().matcher(line).matches()).findFirst()
                            .map(e -> new Expected(line, e.getValue())).orElse(null);
                }
            }
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (expected == null) {
                exchange.sendResponseHeaders(599, -1);
                return;
            }
            JsonNode recorded = JSON.readTree(Files.readString(RESOURCES.resolve(expected.file())));
            recorded.path("headers").fields().forEachRemaining(h -> exchange.getResponseHeaders()
                    .add(h.getKey(), h.getValue().asText().replace("{{base}}", base().toString())));
            int status = recorded.path("status").asInt();
            if (recorded.has("body")) {
                byte[] body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(recorded.get("body"));
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            } else {
                exchange.sendResponseHeaders(status, -1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String file) {
        try {
            return Files.readString(RESOURCES.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
