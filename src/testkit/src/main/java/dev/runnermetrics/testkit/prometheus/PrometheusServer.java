package dev.runnermetrics.testkit.prometheus;

import static org.junit.jupiter.api.Assertions.fail;

import dev.runnermetrics.testkit.process.Processes;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real Prometheus (Debian's prometheus package) on a free loopback port, scraping one target on the loopback
 * interface, with its configuration, data and log in a test's directory.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final String INSTALL = "install Debian's prometheus package (apt-get install prometheus; CI "
            + "installs it) and run the build again";

    private final Process process;
    private final String api;
    /** Its configuration and log file, for the message when it fails. */
    private final String config;
    private final Path log;

    private PrometheusServer(Process process, String api, String config, Path log) {
        this.process = process;
        this.api = api;
        this.config = config;
        this.log = log;
    }

    /** prometheus on PATH; fails the test, with how to install it, when it is not there. */
    public static Path binary() {
        return onPath("prometheus");
    }

    static Path onPath(String tool) {
        return Processes.onPath(tool, INSTALL);
    }

    /**
     * Starts Prometheus scraping {@code 127.0.0.1:targetPort/metrics} as job {@code job} every
     * {@code scrapeInterval} (its timeout too), evaluating {@code ruleFiles} every second, and waits until it is
     * ready. Writes {@code prometheus.yml}, {@code prometheus-data/} and {@code prometheus.log} in {@code workDir}.
     */
    public static PrometheusServer start(Path workDir, String job, int targetPort, Duration scrapeInterval,
            List<Path> ruleFiles) throws IOException, InterruptedException {
        Path binary = binary();
        String interval = duration(scrapeInterval);
        StringBuilder config = new StringBuilder(String.join("\n",
                "global:",
                "  scrape_interval: " + interval,
                "  scrape_timeout: " + interval,
                "  evaluation_interval: 1s",
                ""));
        if (!ruleFiles.isEmpty()) {
            config.append("rule_files:\n");
            ruleFiles.forEach(f -> config.append("  - '").append(f.toAbsolutePath()).append("'\n"));
        }
        config.append(String.join("\n",
                "scrape_configs:",
                "  - job_name: " + job,
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + targetPort + "']",
                ""));
        Path configFile = Files.writeString(workDir.resolve("prometheus.yml"), config);
        Path log = workDir.resolve("prometheus.log");
        int port = Processes.freePort();
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + workDir.resolve("prometheus-data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PrometheusServer prometheus = new PrometheusServer(process, "http://127.0.0.1:" + port, config.toString(),
                log);
        try {
            Processes.awaitOk(process, "prometheus", HTTP, prometheus.uri("/-/ready"), READY_TIMEOUT,
                    prometheus::diagnostics);
        } catch (RuntimeException | InterruptedException e) {
            prometheus.close();
            throw e;
        }
        return prometheus;
    }

    /** The address of {@code pathAndQuery} (e.g. {@code /api/v1/rules}) on this Prometheus. */
    public URI uri(String pathAndQuery) {
        return URI.create(api + pathAndQuery);
    }

    /** A GET of {@code pathAndQuery}, whatever the status. */
    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An instant query at the current time. */
    public QueryResult query(String promql) throws IOException, InterruptedException {
        return post("/api/v1/query", Map.of("query", promql));
    }

    /** A range query from {@code start} to {@code end} (Unix seconds), one point every {@code step}. */
    public QueryResult queryRange(String promql, long start, long end, Duration step)
            throws IOException, InterruptedException {
        return post("/api/v1/query_range", Map.of("query", promql, "start", Long.toString(start),
                "end", Long.toString(end), "step", duration(step)));
    }

    /** Fails the test, with Prometheus' configuration and log, if it has exited. */
    public void assertAlive() {
        if (!process.isAlive()) {
            fail("prometheus exited with " + process.exitValue() + "; " + diagnostics());
        }
    }

    /** Everything it logged so far. */
    public String log() {
        return Processes.readLog(log);
    }

    private String diagnostics() {
        return "config:\n" + config + "\nlog:\n" + log();
    }

    /** SIGTERM, then SIGKILL if it takes more than 10 s. */
    @Override
    public void close() {
        Processes.stop(process);
    }

    /** Prometheus' duration syntax: whole seconds as {@code 1s}, anything else in milliseconds. */
    private static String duration(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** As a form, as Grafana sends queries: a long query does not make a long URL. */
    private QueryResult post(String path, Map<String, String> params) throws IOException, InterruptedException {
        String form = params.entrySet().stream()
                .map(p -> p.getKey() + "=" + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return QueryResult.of(response.statusCode(), response.body());
    }
}
