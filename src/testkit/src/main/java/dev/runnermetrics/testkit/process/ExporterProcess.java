package dev.runnermetrics.testkit.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The packaged exporter (the fast-jar named by the system property {@code exporter.jar}, which both modules' Failsafe
 * configurations set) as a real process on a free port, for tests that scrape it, kill it and start it again.
 */
public final class ExporterProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** A cold JVM on a busy two-core build machine; a ready exporter answers well within it. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

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

    /**
     * Starts the exporter with these environment variables (plus METRICS_PORT, a free port) and waits until it is
     * ready; its output goes to the end of {@code logFile}.
     *
     * @throws IllegalStateException when it exits or is not ready within 60 s (the message holds its log)
     */
    public static ExporterProcess start(Map<String, String> env, Path logFile) throws IOException,
            InterruptedException {
        return start(env, logFile, "http", "127.0.0.1", HTTP, "/q/health/ready");
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
        String jar = System.getProperty("exporter.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("packaged exporter not found at " + jar + " (system property "
                    + "exporter.jar); build it first (./mvnw -B package -DskipTests -pl exporter -am) or run "
                    + "./mvnw verify");
        }
        int port = Processes.freePort();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("METRICS_PORT", Integer.toString(port));
        ExporterProcess exporter = new ExporterProcess(builder.start(), port, logFile,
                scheme + "://" + host + ":" + port, client);
        try {
            Processes.awaitOk(exporter.process, "exporter", client, exporter.uri(healthPath), START_TIMEOUT,
                    () -> "log:\n" + exporter.log());
        } catch (RuntimeException | InterruptedException e) {
            exporter.close(); // not left running behind a failed test
            throw e;
        }
        return exporter;
    }

    /** METRICS_PORT. */
    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything in its log file so far (earlier processes' output included when they shared the file). */
    public String log() {
        return Processes.readLog(log);
    }

    /**
     * {@code GET /metrics} in the text exposition format (which promtool can lint).
     *
     * @throws IOException also when it answers other than 200
     */
    public String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/metrics", "text/plain");
        if (response.statusCode() != 200) {
            throw new IOException("GET /metrics -> " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** A GET of {@code path} with this {@code Accept} header (null: none), whatever the status. */
    public HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
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

    /** SIGTERM (a graceful stop that saves the state), then SIGKILL if it takes more than 10 s. */
    @Override
    public void close() {
        Processes.stop(process);
    }
}
