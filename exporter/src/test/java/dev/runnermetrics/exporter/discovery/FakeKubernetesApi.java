package dev.runnermetrics.exporter.discovery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An API server over real HTTP that answers {@code GET /api/v1/pods} as the Kubernetes API does: a {@code v1 PodList}
 * for a list, a chunked stream of watch events for {@code watch=1}. Each answer is scripted in order; a watch with
 * nothing scripted stays open and silent (as a watch with nothing to say does) until the server stops.
 */
public final class FakeKubernetesApi implements AutoCloseable {

    /** One scripted answer. */
    public interface Answer {
        void write(HttpExchange exchange) throws IOException;
    }

    /** A request as it came: its query, decoded, and its Authorization header. */
    public record Request(String query, String authorization) {
        public boolean watch() {
            return query.contains("watch=1");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Deque<Answer> lists = new ArrayDeque<>();
    private final Deque<Answer> watches = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    public FakeKubernetesApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/api/v1/pods", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public synchronized FakeKubernetesApi list(Answer answer) {
        lists.add(answer);
        return this;
    }

    public synchronized FakeKubernetesApi watch(Answer answer) {
        watches.add(answer);
        return this;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Request request = new Request(exchange.getRequestURI().getQuery(),
                exchange.getRequestHeaders().getFirst("Authorization"));
        Answer answer;
        synchronized (this) {
            requests.add(request);
            answer = request.watch() ? watches.poll() : lists.size() > 1 ? lists.poll() : lists.peek();
        }
        if (answer == null) {
            answer = request.watch() ? silentWatch() : status(500, "InternalError", "nothing scripted");
        }
        answer.write(exchange);
    }

    /** A 200 with a JSON body. */
    public static Answer json(String body) {
        return exchange -> send(exchange, 200, body);
    }

    /** An error answer with a v1 Status body, as the API server gives it. */
    public static Answer status(int code, String reason, String message) {
        return exchange -> send(exchange, code, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                + "\"status\":\"Failure\",\"message\":\"" + message + "\",\"reason\":\"" + reason + "\",\"code\":"
                + code + "}");
    }

    /** A watch that sends these events, one a line, then ends as the server's timeout ends it (the last chunk). */
    public static Answer events(String... events) {
        return exchange -> {
            OutputStream out = startStream(exchange);
            for (String event : events) {
                out.write((event + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            out.close();
        };
    }

    /** A watch that sends these events and then breaks: the connection closes without the last chunk. */
    public static Answer eventsThenBreak(String... events) {
        return exchange -> {
            OutputStream out = startStream(exchange);
            for (String event : events) {
                out.write((event + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            // The server closes the connection of a handler that throws, without ending the chunked body.
            throw new UncheckedIOException(new IOException("connection lost"));
        };
    }

    private Answer silentWatch() {
        return exchange -> {
            OutputStream out = startStream(exchange);
            try {
                stopped.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.close();
        };
    }

    private static OutputStream startStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0); // chunked, as a watch is
        return exchange.getResponseBody();
    }

    private static void send(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A pod on node-1 as the API gives it (trimmed of what the exporter does not read, in the same shape). */
    public static String pod(String uid, String name, String namespace, String type, String resourceVersion) {
        String labels = type == null ? "{\"app\":\"runner\"}"
                : "{\"app\":\"runner\",\"runner-metrics/type\":\"" + type + "\"}";
        return "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\""
                + namespace + "\",\"uid\":\"" + uid + "\",\"resourceVersion\":\"" + resourceVersion + "\","
                + "\"creationTimestamp\":\"2026-12-07T10:00:00Z\",\"labels\":" + labels + "},\"spec\":{\"volumes\":"
                + "[{\"name\":\"runner-diag\",\"emptyDir\":{}}],\"containers\":[{\"name\":\"runner\",\"image\":"
                + "\"ghcr.io/actions/actions-runner:2.333.1\"}],\"nodeName\":\"node-1\",\"serviceAccountName\":"
                + "\"default\"},\"status\":{\"phase\":\"Running\",\"podIP\":\"10.244.1.7\"}}";
    }

    public static String podList(String resourceVersion, String... pods) {
        return "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"" + resourceVersion
                + "\"},\"items\":[" + String.join(",", pods) + "]}";
    }

    public static String event(String type, String object) {
        return "{\"type\":\"" + type + "\",\"object\":" + object + "}";
    }

    public static String bookmark(String resourceVersion) {
        return event("BOOKMARK", "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\""
                + resourceVersion + "\"}}");
    }

    public static String gone(String resourceVersion) {
        return event("ERROR", "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"too old resource version: " + resourceVersion + " (" + resourceVersion + "9)\","
                + "\"reason\":\"Expired\",\"code\":410}");
    }

    @Override
    public void close() {
        stopped.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
