package dev.runnermetrics.exporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.testing.RunnerDir;
import dev.runnermetrics.exporter.testing.TestCertificates;
import dev.runnermetrics.testkit.process.ExporterProcess;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged exporter secured through the environment variables the docs name, with certificates made at test
 * time: HTTPS with basic auth, plain HTTP refused on the same port, health open, a renewed certificate picked up, a
 * bind address, and wrong combinations stopping the start with the setting's name (and never the password).
 */
class SecuredEndpointIT {

    private static final String PASSWORD = "pw-that-must-not-be-logged-7f3a";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    private Map<String, String> env;
    private Path log;

    @BeforeEach
    void setUp() {
        RunnerDir runner = new RunnerDir(tmp.resolve("runner")).config("secured-runner")
                .listenerStarts(Instant.now().minusSeconds(60), "2.333.1");
        env = new HashMap<>(Map.of("RUNNER_DIR", runner.root().toString(),
                "STATE_DIR", tmp.resolve("state").toString()));
        log = tmp.resolve("exporter.log");
    }

    @Test
    void httpsWithBasicAuthAndPlainHttpRefused() throws Exception {
        TestCertificates certs = TestCertificates.create(tmp.resolve("certs"), "runner-metrics-test-ca");
        env.putAll(Map.of(
                "RUNNER_METRICS_TLS_CERT_FILE", certs.certFile().toString(),
                "RUNNER_METRICS_TLS_KEY_FILE", certs.keyFile().toString(),
                "RUNNER_METRICS_BASIC_AUTH_USERNAME", "prometheus",
                "RUNNER_METRICS_BASIC_AUTH_PASSWORD", PASSWORD));
        HttpClient trusting = HttpClient.newBuilder().sslContext(certs.trustingCa()).connectTimeout(TIMEOUT).build();
        try (ExporterProcess exporter = ExporterProcess.start(env, log, "https", "127.0.0.1", trusting)) {
            URI metrics = exporter.uri("/metrics");

            HttpResponse<String> anonymous = send(trusting, metrics, null);
            assertEquals(401, anonymous.statusCode());
            String challenge = anonymous.headers().firstValue("WWW-Authenticate").orElse("");
            assertTrue(challenge.matches("(?i)basic realm=\"runner-metrics\""), challenge);
            assertFalse(anonymous.body().contains("github_runner"));
            assertEquals(401, send(trusting, metrics, basic("prometheus", "wrong")).statusCode());
            assertEquals(401, send(trusting, metrics, basic("grafana", PASSWORD)).statusCode());

            HttpResponse<String> scrape = send(trusting, metrics, basic("prometheus", PASSWORD));
            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.body().contains("github_runner_info{runner_name=\"secured-runner\""), scrape.body());

            // Kubelet and Compose probes carry no credentials: health stays open, over HTTPS.
            for (String health : List.of("/health", "/q/health/live", "/q/health/ready")) {
                assertEquals(200, send(trusting, exporter.uri(health), null).statusCode(), health);
            }

            // The same port does not speak plain HTTP: the TLS server drops the request without an HTTP answer.
            HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
                    .build();
            URI insecure = URI.create("http://127.0.0.1:" + exporter.port() + "/metrics");
            assertThrows(IOException.class, () -> send(plain, insecure, basic("prometheus", PASSWORD)));
            assertThrows(IOException.class, () -> send(plain, URI.create("http://127.0.0.1:" + exporter.port()
                    + "/q/health/live"), null));

            // A client that does not trust the test CA refuses the server: it is really our certificate.
            HttpClient untrusting = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            assertThrows(SSLHandshakeException.class, () -> send(untrusting, metrics, basic("prometheus", PASSWORD)));
        }
        String output = Files.readString(log);
        assertTrue(output.contains("Endpoint https://0.0.0.0:"), output);
        assertTrue(output.contains("basic auth as 'prometheus' (password from runner-metrics.basic-auth.password)"),
                output);
        assertFalse(output.contains(PASSWORD), "the password must never be logged");
    }

    @Test
    void aPasswordFileIsReadAtEveryCheckSoARotatedSecretApplies() throws Exception {
        Path secret = Files.writeString(tmp.resolve("password"), "first-password\n");
        env.putAll(Map.of("RUNNER_METRICS_BASIC_AUTH_USERNAME", "prometheus",
                "RUNNER_METRICS_BASIC_AUTH_PASSWORD_FILE", secret.toString()));
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try (ExporterProcess exporter = ExporterProcess.start(env, log)) {
            URI metrics = exporter.uri("/metrics");
            assertEquals(401, send(client, metrics, null).statusCode());
            assertEquals(200, send(client, metrics, basic("prometheus", "first-password")).statusCode());
            Files.writeString(tmp.resolve("password.new"), "second-password");
            Files.move(tmp.resolve("password.new"), secret, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            assertEquals(401, send(client, metrics, basic("prometheus", "first-password")).statusCode());
            assertEquals(200, send(client, metrics, basic("prometheus", "second-password")).statusCode());
        }
        String output = Files.readString(log);
        assertTrue(output.contains("Basic auth is on without TLS"), output);
        assertFalse(output.contains("first-password") || output.contains("second-password"), output);
    }

    @Test
    void aRenewedCertificateIsServedAfterTheReloadPeriod() throws Exception {
        Path live = tmp.resolve("live");
        TestCertificates first = TestCertificates.create(live, "first-ca");
        TestCertificates renewed = TestCertificates.create(tmp.resolve("renewed"), "renewed-ca");
        env.putAll(Map.of(
                "RUNNER_METRICS_TLS_CERT_FILE", first.certFile().toString(),
                "RUNNER_METRICS_TLS_KEY_FILE", first.keyFile().toString(),
                "RUNNER_METRICS_TLS_RELOAD_PERIOD", "30s"));
        HttpClient trustsFirst = HttpClient.newBuilder().sslContext(first.trustingCa()).connectTimeout(TIMEOUT)
                .build();
        HttpClient trustsRenewed = HttpClient.newBuilder().sslContext(renewed.trustingCa()).connectTimeout(TIMEOUT)
                .build();
        try (ExporterProcess exporter = ExporterProcess.start(env, log, "https", "127.0.0.1", trustsFirst)) {
            URI metrics = exporter.uri("/metrics");
            assertEquals(200, send(trustsFirst, metrics, null).statusCode());
            // As cert-manager or a renewal job would: new key and certificate in the same files.
            Files.copy(renewed.keyFile(), first.keyFile(), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(renewed.certFile(), first.certFile(), StandardCopyOption.REPLACE_EXISTING);
            Instant deadline = Instant.now().plusSeconds(75);
            boolean served = false;
            while (!served && Instant.now().isBefore(deadline)) {
                try {
                    served = send(trustsRenewed, metrics, null).statusCode() == 200;
                } catch (SSLHandshakeException stillTheFirst) {
                    Thread.sleep(1000);
                } catch (java.net.ConnectException swapping) {
                    // Seen once on a loaded 2-core machine while the server swapped its certificate: try again;
                    // the renewed certificate must still be served before the deadline.
                    Thread.sleep(1000);
                }
            }
            assertTrue(served, "the renewed certificate should be served within the reload period");
        }
    }

    @Test
    void theBindAddressDecidesWhereTheEndpointAnswers() throws Exception {
        env.put("METRICS_BIND_ADDRESS", "127.0.0.2");
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try (ExporterProcess exporter = ExporterProcess.start(env, log, "http", "127.0.0.2", client)) {
            assertEquals(200, send(client, exporter.uri("/metrics"), null).statusCode());
            URI otherAddress = URI.create("http://127.0.0.1:" + exporter.port() + "/metrics");
            assertThrows(ConnectException.class, () -> send(client, otherAddress, null));
        }
        assertTrue(Files.readString(log).contains("Endpoint http://127.0.0.2:"));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "RUNNER_METRICS_BASIC_AUTH_USERNAME=prometheus => runner-metrics.basic-auth.username (RUNNER_METRICS_BASIC_AUTH_USERNAME) is set but no password: set runner-metrics.basic-auth.password (RUNNER_METRICS_BASIC_AUTH_PASSWORD) or runner-metrics.basic-auth.password-file (RUNNER_METRICS_BASIC_AUTH_PASSWORD_FILE)",
        "RUNNER_METRICS_BASIC_AUTH_PASSWORD=" + PASSWORD + " => runner-metrics.basic-auth.password (RUNNER_METRICS_BASIC_AUTH_PASSWORD) is set but runner-metrics.basic-auth.username (RUNNER_METRICS_BASIC_AUTH_USERNAME) is not",
        "RUNNER_METRICS_BASIC_AUTH_USERNAME=prometheus;RUNNER_METRICS_BASIC_AUTH_PASSWORD_FILE=/nonexistent/secret => runner-metrics.basic-auth.password-file (RUNNER_METRICS_BASIC_AUTH_PASSWORD_FILE): cannot read /nonexistent/secret (NoSuchFileException)",
        "RUNNER_METRICS_TLS_CERT_FILE=/etc/hostname => runner-metrics.tls.cert-file (RUNNER_METRICS_TLS_CERT_FILE) is set but runner-metrics.tls.key-file (RUNNER_METRICS_TLS_KEY_FILE) is not",
        "RUNNER_METRICS_TLS_CERT_FILE=/nonexistent/tls.crt;RUNNER_METRICS_TLS_KEY_FILE=/nonexistent/tls.key => runner-metrics.tls.cert-file (RUNNER_METRICS_TLS_CERT_FILE): cannot read /nonexistent/tls.crt (NoSuchFileException)",
        "RUNNER_METRICS_CORS_ORIGINS=* => runner-metrics.cors.origins (RUNNER_METRICS_CORS_ORIGINS): '*' is not allowed",
        "METRICS_BIND_ADDRESS=192.0.2.1 => METRICS_BIND_ADDRESS (quarkus.http.host): '192.0.2.1' is not an address of this machine",
    })
    void wrongCombinationsStopTheStart(String settings, String message) throws IOException, InterruptedException {
        for (String setting : settings.split(";")) {
            String[] kv = setting.split("=", 2);
            env.put(kv[0], kv[1]);
        }
        env.put("METRICS_PORT", "0");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("exporter.jar")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the exporter should stop by itself");
        assertNotEquals(0, process.exitValue());
        String output = Files.readString(log);
        assertTrue(output.contains("Invalid configuration, not starting: " + message),
                "log should name the setting: " + message + "\n" + output);
        assertEquals(-1, output.indexOf("Listening on"), "it must not serve with a wrong setting");
        assertFalse(output.contains(PASSWORD), "the password must never be logged");
    }

    private static HttpResponse<String> send(HttpClient client, URI uri, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "text/plain");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
