package dev.runnermetrics.exporter.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The packaged exporter as a real process on a free port, for tests that kill and restart it. */
public final class ExporterProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;
    private final String base;
    private final HttpClient client;

    private ExporterProcess(Process process, int port, Path log, String base, HttpClient client) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.base = base;
        this.client = client;
    }

    /** Starts the exporter with these environment variables (plus METRICS_PORT) and waits until it is ready. */
    public static ExporterProcess start(Map<String, String> env, Path logFile) throws IOException, InterruptedException {
        return start(env, logFile, "http", "127.0.0.1", HTTP);
    }

    /**
     * Like {@link #start(Map, Path)}, but asks for readiness and later requests at {@code scheme://host:port} with
     * this client (e.g. https with a client that trusts the test CA, or the host given as METRICS_BIND_ADDRESS).
     */
    public static ExporterProcess start(Map<String, String> env, Path logFile, String scheme, String host,
            HttpClient client) throws IOException, InterruptedException {
        return start(env, logFile, scheme, host, client, "/q/health/ready");
    }

    /** Like {@link #start(Map, Path)}, but waits only until it is live: for starts where it cannot be ready. */
    public static ExporterProcess startLive(Map<String, String> env, Path logFile)
            throws IOException, InterruptedException {
        return start(env, logFile, "http", "127.0.0.1", HTTP, "/q/health/live");
    }

    private static ExporterProcess start(Map<String, String> env, Path logFile, String scheme, String host,
            HttpClient client, String healthPath) throws IOException, InterruptedException {
        int port = freePort();
        String jar = System.getProperty("exporter.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("packaged exporter not found at " + jar + "; run ./mvnw verify");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("METRICS_PORT", Integer.toString(port));
        ExporterProcess exporter = new ExporterProcess(builder.start(), port, logFile,
                scheme + "://" + host + ":" + port, client);
        exporter.awaitHealthy(healthPath, Duration.ofSeconds(60));
        return exporter;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Text exposition format, which promtool can lint. */
    public String scrape() throws IOException, InterruptedException {
        return get("/metrics", "text/plain").body();
    }

    public HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(10));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The address of {@code path} on this exporter, with the scheme and host it was started with. */
    public URI uri(String path) {
        return URI.create(base + path);
    }

    /** Scrapes until the exposition satisfies the condition or the time is up; returns the last scrape. */
    public String awaitScrape(Predicate<String> condition, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String last = scrape();
        while (!condition.test(last) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            last = scrape();
        }
        return last;
    }

    /** SIGKILL: no shutdown hook runs, the state file is whatever was last written. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private void awaitHealthy(String healthPath, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("exporter exited with " + process.exitValue() + "; log:\n"
                        + Files.readString(log));
            }
            try {
                if (get(healthPath, null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("exporter not up at " + healthPath + " within " + timeout + "; log:\n" + Files.readString(log));
    }

    /** A port nothing listens on now, e.g. for WEBHOOK_PORT. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
