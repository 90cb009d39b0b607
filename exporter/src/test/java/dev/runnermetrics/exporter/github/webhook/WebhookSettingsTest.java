package dev.runnermetrics.exporter.github.webhook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.config.InvalidConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which settings switch the receiver on, and which stop the start, naming the setting. */
class WebhookSettingsTest {

    @TempDir
    Path dir;

    record Config(Optional<String> secret, Optional<String> secretFile, boolean allowUnsigned, int queueCapacity,
            int rememberDeliveries) implements WebhookConfig {
    }

    static Config config(String secret, String secretFile, boolean allowUnsigned) {
        return new Config(Optional.ofNullable(secret), Optional.ofNullable(secretFile), allowUnsigned, 1000, 10000);
    }

    static WebhookSettings resolve(WebhookConfig config) {
        return WebhookSettings.resolve(config, Optional.empty(), FileSystems.getDefault());
    }

    static String failure(WebhookConfig config, Optional<String> port) {
        return assertThrows(InvalidConfigException.class,
                () -> WebhookSettings.resolve(config, port, FileSystems.getDefault())).getMessage();
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
        assertEquals("runner-metrics.webhook.secret-file: " + empty + " is empty",
                failure(config(null, empty.toString(), false), Optional.empty()));
        Path missing = dir.resolve("missing");
        assertEquals("runner-metrics.webhook.secret-file: cannot read " + missing + " (NoSuchFileException)",
                failure(config(null, missing.toString(), false), Optional.empty()));
        assertEquals("runner-metrics.webhook.secret (GITHUB_WEBHOOK_SECRET) and runner-metrics.webhook.secret-file "
                + "are both set; set one", failure(config("a", empty.toString(), false), Optional.empty()));
        assertEquals("runner-metrics.webhook.queue-capacity must be at least 1, was 0",
                failure(new Config(Optional.of("a"), Optional.empty(), false, 0, 10), Optional.empty()));
        assertEquals("runner-metrics.webhook.remember-deliveries must be at least 1, was 0",
                failure(new Config(Optional.of("a"), Optional.empty(), false, 10, 0), Optional.empty()));
        assertTrue(failure(config("a", null, false), Optional.of("9092"))
                .startsWith("WEBHOOK_PORT is not supported yet"));
    }
}
