package dev.runnermetrics.exporter.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.config.RunnerMetricsConfig;
import dev.runnermetrics.exporter.testing.Configs;
import dev.runnermetrics.exporter.config.InvalidConfigException;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint settings through the real configuration mapping: what is accepted and what stops the start. */
class EndpointSecurityTest {

    private static final FileSystem FS = FileSystems.getDefault();
    private static final String CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private static final String KEY = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

    @TempDir
    Path tmp;

    private Path cert;
    private Path key;

    @BeforeEach
    void setUp() throws IOException {
        cert = Files.writeString(tmp.resolve("tls.crt"), CERT);
        key = Files.writeString(tmp.resolve("tls.key"), KEY);
    }

    private static RunnerMetricsConfig config(Map<String, String> properties) {
        return Configs.of(properties);
    }

    private static EndpointSecurity.Checked check(Map<String, String> properties) {
        return EndpointSecurity.check(config(properties), "0.0.0.0", FS);
    }

    private static String error(Map<String, String> properties) {
        return assertThrows(InvalidConfigException.class, () -> check(properties)).getMessage();
    }

    private static String bindError(String host) {
        return assertThrows(InvalidConfigException.class,
                () -> EndpointSecurity.check(config(Map.of()), host, FS)).getMessage();
    }

    private Map<String, String> tls(String... more) {
        Map<String, String> map = new HashMap<>(Map.of("runner-metrics.tls.cert-file", cert.toString(),
                "runner-metrics.tls.key-file", key.toString()));
        for (int i = 0; i < more.length; i += 2) {
            map.put(more[i], more[i + 1]);
        }
        return map;
    }

    @Test
    void byDefaultEverythingIsOff() {
        EndpointSecurity.Checked checked = check(Map.of());
        assertTrue(checked.user().isEmpty());
        assertFalse(checked.tls());
        assertEquals(List.of(), checked.corsOrigins());
        assertEquals(List.of(), checked.warnings());
    }

    @Test
    void everythingOn() throws IOException {
        Path secret = Files.writeString(tmp.resolve("pw"), "s3cret\n");
        EndpointSecurity.Checked checked = check(tls(
                "runner-metrics.basic-auth.username", "prometheus",
                "runner-metrics.basic-auth.password-file", secret.toString(),
                "runner-metrics.tls.reload-period", "12h",
                "runner-metrics.cors.origins", "https://status.example.org, http://localhost:3000,http://[::1]:8080"));
        assertEquals("prometheus", checked.user().orElseThrow().username());
        assertEquals("file " + secret, checked.user().orElseThrow().passwordSource());
        assertTrue(checked.tls());
        assertEquals(List.of("https://status.example.org", "http://localhost:3000", "http://[::1]:8080"),
                checked.corsOrigins());
        assertEquals(List.of(), checked.warnings());
    }

    @Test
    void basicAuthWithoutTlsIsAllowedWithAWarning() {
        EndpointSecurity.Checked checked = check(Map.of("runner-metrics.basic-auth.username", "prometheus",
                "runner-metrics.basic-auth.password", "s3cret"));
        assertTrue(checked.user().isPresent());
        assertEquals(1, checked.warnings().size());
        assertTrue(checked.warnings().get(0).startsWith("Basic auth is on without TLS"));
        assertFalse(checked.warnings().get(0).contains("s3cret"));
    }

    @Test
    void basicAuthCombinationsNameTheSetting() throws IOException {
        assertEquals("runner-metrics.basic-auth.username (RUNNER_METRICS_BASIC_AUTH_USERNAME) is set but no password: "
                + "set runner-metrics.basic-auth.password (RUNNER_METRICS_BASIC_AUTH_PASSWORD) or "
                + "runner-metrics.basic-auth.password-file (RUNNER_METRICS_BASIC_AUTH_PASSWORD_FILE)",
                error(Map.of("runner-metrics.basic-auth.username", "prometheus")));
        assertEquals("runner-metrics.basic-auth.username (RUNNER_METRICS_BASIC_AUTH_USERNAME) is set but no password: "
                + "set runner-metrics.basic-auth.password (RUNNER_METRICS_BASIC_AUTH_PASSWORD) or "
                + "runner-metrics.basic-auth.password-file (RUNNER_METRICS_BASIC_AUTH_PASSWORD_FILE)",
                error(Map.of("runner-metrics.basic-auth.username", "prometheus",
                        "runner-metrics.basic-auth.password", "   ")));
        assertEquals("runner-metrics.basic-auth.password (RUNNER_METRICS_BASIC_AUTH_PASSWORD) is set but "
                + "runner-metrics.basic-auth.username (RUNNER_METRICS_BASIC_AUTH_USERNAME) is not",
                error(Map.of("runner-metrics.basic-auth.password", "s3cret")));
        assertEquals("runner-metrics.basic-auth.password-file (RUNNER_METRICS_BASIC_AUTH_PASSWORD_FILE) is set but "
                + "runner-metrics.basic-auth.username (RUNNER_METRICS_BASIC_AUTH_USERNAME) is not",
                error(Map.of("runner-metrics.basic-auth.password-file", "/run/secrets/pw")));
        assertEquals("runner-metrics.basic-auth.password (RUNNER_METRICS_BASIC_AUTH_PASSWORD) and runner-metrics.basic-auth.password-file (RUNNER_METRICS_BASIC_AUTH_PASSWORD_FILE) are both set; "
                + "set one", error(Map.of("runner-metrics.basic-auth.username", "prometheus",
                        "runner-metrics.basic-auth.password", "s3cret",
                        "runner-metrics.basic-auth.password-file", "/run/secrets/pw")));
        assertEquals("runner-metrics.basic-auth.username (RUNNER_METRICS_BASIC_AUTH_USERNAME) must not contain ':' "
                + "(basic auth cannot carry it)", error(Map.of("runner-metrics.basic-auth.username", "a:b",
                        "runner-metrics.basic-auth.password", "s3cret")));
        Path missing = tmp.resolve("nope");
        assertEquals("runner-metrics.basic-auth.password-file (RUNNER_METRICS_BASIC_AUTH_PASSWORD_FILE): cannot read " + missing + " (NoSuchFileException)",
                error(Map.of("runner-metrics.basic-auth.username", "prometheus",
                        "runner-metrics.basic-auth.password-file", missing.toString())));
        Path empty = Files.writeString(tmp.resolve("empty"), "\n");
        assertEquals("runner-metrics.basic-auth.password-file (RUNNER_METRICS_BASIC_AUTH_PASSWORD_FILE): " + empty + " is empty",
                error(Map.of("runner-metrics.basic-auth.username", "prometheus",
                        "runner-metrics.basic-auth.password-file", empty.toString())));
    }

    @Test
    void tlsCombinationsNameTheSetting() throws IOException {
        assertEquals("runner-metrics.tls.cert-file (RUNNER_METRICS_TLS_CERT_FILE) is set but runner-metrics.tls.key-file (RUNNER_METRICS_TLS_KEY_FILE)"
                + " is not", error(Map.of("runner-metrics.tls.cert-file", cert.toString())));
        assertEquals("runner-metrics.tls.key-file (RUNNER_METRICS_TLS_KEY_FILE) is set but runner-metrics.tls.cert-file (RUNNER_METRICS_TLS_CERT_FILE)"
                + " is not", error(Map.of("runner-metrics.tls.key-file", key.toString())));
        assertEquals("runner-metrics.tls.reload-period (RUNNER_METRICS_TLS_RELOAD_PERIOD) is set but TLS is not: set "
                + "runner-metrics.tls.cert-file (RUNNER_METRICS_TLS_CERT_FILE) and runner-metrics.tls.key-file (RUNNER_METRICS_TLS_KEY_FILE)"
                + "", error(Map.of("runner-metrics.tls.reload-period", "1h")));
        assertEquals("runner-metrics.tls.reload-period (RUNNER_METRICS_TLS_RELOAD_PERIOD) must be at least 30s, was PT10S",
                error(tls("runner-metrics.tls.reload-period", "10s")));
        // Certificate and key swapped, as happens when mounting a secret's tls.crt and tls.key by hand.
        assertEquals("runner-metrics.tls.cert-file (RUNNER_METRICS_TLS_CERT_FILE): " + key + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                error(tls("runner-metrics.tls.cert-file", key.toString(), "runner-metrics.tls.key-file",
                        cert.toString())));
        Path encrypted = Files.writeString(tmp.resolve("enc.key"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMII\n");
        assertTrue(error(tls("runner-metrics.tls.key-file", encrypted.toString()))
                .startsWith("runner-metrics.tls.key-file (RUNNER_METRICS_TLS_KEY_FILE): " + encrypted + " is encrypted;"));
        Path missing = tmp.resolve("nope.crt");
        assertEquals("runner-metrics.tls.cert-file (RUNNER_METRICS_TLS_CERT_FILE): cannot read " + missing + " (NoSuchFileException)",
                error(tls("runner-metrics.tls.cert-file", missing.toString())));
        // PKCS#1 and EC keys as openssl writes them are fine too.
        Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n");
        assertTrue(check(tls()).tls());
        Files.writeString(key, "-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----\n");
        assertTrue(check(tls()).tls());
    }

    @Test
    void corsWantsExplicitOrigins() {
        assertTrue(error(Map.of("runner-metrics.cors.origins", "*")).startsWith(
                "runner-metrics.cors.origins (RUNNER_METRICS_CORS_ORIGINS): '*' is not allowed"));
        assertEquals("runner-metrics.cors.origins (RUNNER_METRICS_CORS_ORIGINS): 'https://a.example/' is not an origin; "
                + "expected scheme://host[:port] without a path, e.g. https://status.example.org",
                error(Map.of("runner-metrics.cors.origins", "https://a.example/")));
        assertTrue(error(Map.of("runner-metrics.cors.origins", "a.example")).contains("'a.example' is not an origin"));
    }

    @Test
    void theBindAddressMustBeOneOfThisMachine() {
        for (String ok : List.of("0.0.0.0", "127.0.0.1", "127.0.0.2", "localhost", "::")) {
            EndpointSecurity.check(config(Map.of()), ok, FS);
        }
        assertEquals("METRICS_BIND_ADDRESS (quarkus.http.host): '192.0.2.1' is not an address of this machine",
                bindError("192.0.2.1"));
        assertEquals("METRICS_BIND_ADDRESS (quarkus.http.host) must not be empty; 0.0.0.0 listens on every address",
                bindError(" "));
    }

    @Test
    void theUserMatchesOnlyItsOwnCredentials() throws IOException {
        BasicAuthUser user = BasicAuthUser.withPassword("prometheus", " spaces count ");
        assertTrue(user.matches("prometheus", " spaces count ".toCharArray()));
        assertFalse(user.matches("prometheus", "spaces count".toCharArray()));
        assertFalse(user.matches("Prometheus", " spaces count ".toCharArray()));
        assertFalse(user.matches(null, null));
    }

    @Test
    void aPasswordFileIsReadAtEachCheckWithoutItsLineBreak() throws IOException {
        Path secret = Files.writeString(tmp.resolve("pw"), "first\r\n");
        BasicAuthUser user = BasicAuthUser.withPasswordFile("prometheus", secret);
        assertTrue(user.matches("prometheus", "first".toCharArray()));
        Files.writeString(secret, "second");
        assertFalse(user.matches("prometheus", "first".toCharArray()));
        assertTrue(user.matches("prometheus", "second".toCharArray()));
        Files.delete(secret);
        assertThrows(IOException.class, () -> user.matches("prometheus", "second".toCharArray()));
    }
}
