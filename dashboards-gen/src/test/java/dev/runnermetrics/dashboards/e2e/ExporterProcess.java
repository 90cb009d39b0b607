package dev.runnermetrics.dashboards.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;

/**
 * The packaged exporter ({@code exporter.jar}, built before this module in the reactor) as a real process on a free
 * loopback port. A copy of the exporter module's test helper of the same name: test classes do not cross modules.
 */
final class ExporterProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private ExporterProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the exporter with these environment variables (plus METRICS_PORT) and waits until it is ready. */
    static ExporterProcess start(Map<String, String> env, Path logFile, Duration readyTimeout)
            throws IOException, InterruptedException {
        String jar = System.getProperty("exporter.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("packaged exporter not found at " + jar
                    + "; build it first (./mvnw -B install -DskipTests -pl src/catalogue,exporter) or run "
                    + "./mvnw verify");
        }
        int port = freeLoopbackPort();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("METRICS_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1"); // loopback only
        ExporterProcess exporter = new ExporterProcess(builder.start(), port, logFile);
        try {
            exporter.awaitReady(readyTimeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            exporter.stop();
            throw e;
        }
        return exporter;
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The text exposition format. */
    String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/metrics");
        if (response.statusCode() != 200) {
            throw new IOException("GET /metrics -> " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/plain")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM, then SIGKILL if it does not stop within 10 s. */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("exporter exited with " + process.exitValue() + "; log:\n" + log());
            }
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("exporter not ready within " + timeout + "; log:\n" + log());
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
