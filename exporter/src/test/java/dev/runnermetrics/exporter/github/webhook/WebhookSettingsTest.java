package dev.runnermetrics.exporter.github.webhook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.config.RunnerMetricsConfig;
import dev.runnermetrics.exporter.config.InvalidConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which settings switch the receiver on, and which stop the start, naming the setting. */
class WebhookSettingsTest {

    @TempDir
    Path dir;

    static final int METRICS_PORT = 9091;

    record Config(Optional<String> secret, Optional<String> secretFile, boolean allowUnsigned, int queueCapacity,
            int rememberDeliveries, Optional<String> port) implements RunnerMetricsConfig.Webhook {

        Config withPort(String value) {
            return new Config(secret, secretFile, allowUnsigned, queueCapacity, rememberDeliveries,
                    Optional.of(value));
        }
    }

    static Config config(String secret, String secretFile, boolean allowUnsigned) {
        return new Config(Optional.ofNullable(secret), Optional.ofNullable(secretFile), allowUnsigned, 1000, 10000,
                Optional.empty());
    }

    static WebhookSettings resolve(RunnerMetricsConfig.Webhook config) {
        return WebhookSettings.resolve(config, METRICS_PORT, FileSystems.getDefault());
    }

    static String failure(RunnerMetricsConfig.Webhook config) {
        return assertThrows(InvalidConfigException.class,
                () -> WebhookSettings.resolve(config, METRICS_PORT, FileSystems.getDefault())).getMessage();
    }

    @Test
    void offWithoutASecretOrTheOptIn() {
        assertFalse(resolve(config(null, null, false)).enabled());
        assertFalse(resolve(config("  ", null, false)).enabled(), "a blank secret is no secret");
    }

    @Test
    void onWithASecretOrASecretFile() throws IOException {
        WebhookSettings inline = resolve(config("It's a Secret to Everybody", null, false));
        assertTrue(inline.enabled());
        assertArrayEquals("It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8), inline.secret().get());

        Path file = dir.resolve("webhook-secret");
        Files.writeString(file, "s3cret\n"); // as `echo s3cret > file` or a Kubernetes secret leaves it
        WebhookSettings fromFile = resolve(config(null, file.toString(), false));
        assertTrue(fromFile.enabled());
        assertArrayEquals("s3cret".getBytes(StandardCharsets.UTF_8), fromFile.secret().get());
        assertEquals("file " + file, fromFile.secretSource());
    }

    @Test
    void unsignedOnlyWhenExplicitlyAllowed() {
        WebhookSettings unsigned = resolve(config(null, null, true));
        assertTrue(unsigned.enabled());
        assertTrue(unsigned.secret().isEmpty());
        assertTrue(resolve(config("x", null, true)).secret().isPresent(), "a secret is always checked");
    }

    @Test
    void wrongSettingsStopTheStartNamingTheSetting() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertEquals("runner-metrics.webhook.secret-file (RUNNER_METRICS_WEBHOOK_SECRET_FILE): " + empty + " is empty",
                failure(config(null, empty.toString(), false)));
        Path missing = dir.resolve("missing");
        assertEquals("runner-metrics.webhook.secret-file (RUNNER_METRICS_WEBHOOK_SECRET_FILE): cannot read " + missing + " (NoSuchFileException)",
                failure(config(null, missing.toString(), false)));
        assertEquals("runner-metrics.webhook.secret (GITHUB_WEBHOOK_SECRET) and runner-metrics.webhook.secret-file (RUNNER_METRICS_WEBHOOK_SECRET_FILE) "
                + "are both set; set one", failure(config("a", empty.toString(), false)));
        assertEquals("runner-metrics.webhook.queue-capacity (RUNNER_METRICS_WEBHOOK_QUEUE_CAPACITY) must be at least 1, was 0",
                failure(new Config(Optional.of("a"), Optional.empty(), false, 0, 10, Optional.empty())));
        assertEquals("runner-metrics.webhook.remember-deliveries (RUNNER_METRICS_WEBHOOK_REMEMBER_DELIVERIES) must be at least 1, was 0",
                failure(new Config(Optional.of("a"), Optional.empty(), false, 10, 0, Optional.empty())));
    }

    @Test
    void aSeparatePortIsTakenWhenTheReceiverIsOn() {
        assertEquals(OptionalInt.of(9092), resolve(config("a", null, false).withPort("9092")).port());
        assertEquals(OptionalInt.of(65535), resolve(config(null, null, true).withPort(" 65535 ")).port());
        assertEquals(OptionalInt.empty(), resolve(config("a", null, false)).port(), "unset: on METRICS_PORT");
        assertEquals(OptionalInt.empty(), resolve(config("a", null, false).withPort(" ")).port(), "blank: unset");
    }

    @Test
    void aWrongPortStopsTheStartNamingWebhookPort() {
        for (String bad : List.of("web", "0", "-1", "65536", "9092.0", "99999999999")) {
            assertEquals("runner-metrics.webhook.port (WEBHOOK_PORT) must be a port number from 1 to 65535, was '"
                    + bad + "'", failure(config("a", null, false).withPort(bad)), bad);
        }
        assertEquals("runner-metrics.webhook.port (WEBHOOK_PORT) is 9091, the same as METRICS_PORT: give the "
                + "receiver a port of its own, or unset WEBHOOK_PORT to serve it on METRICS_PORT",
                failure(config("a", null, false).withPort("9091")));
        assertEquals("runner-metrics.webhook.port (WEBHOOK_PORT) is set but the webhook receiver is off: set "
                + "runner-metrics.webhook.secret (GITHUB_WEBHOOK_SECRET) or runner-metrics.webhook.secret-file (RUNNER_METRICS_WEBHOOK_SECRET_FILE), "
                + "or unset WEBHOOK_PORT", failure(config(null, null, false).withPort("9092")));
    }
}
