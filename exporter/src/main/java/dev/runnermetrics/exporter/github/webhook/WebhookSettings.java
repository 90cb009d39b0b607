package dev.runnermetrics.exporter.github.webhook;

import dev.runnermetrics.exporter.config.InvalidConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The receiver's checked settings.
 *
 * @param enabled whether {@code POST /webhooks/github} exists at all
 * @param secret the HMAC key; empty when unsigned deliveries are allowed
 * @param secretSource where the secret comes from, for the start-up line (never the secret)
 */
public record WebhookSettings(boolean enabled, Optional<byte[]> secret, String secretSource, int queueCapacity,
        int rememberDeliveries) {

    public static final String SECRET = "runner-metrics.webhook.secret";
    public static final String SECRET_FILE = "runner-metrics.webhook.secret-file";
    public static final String ALLOW_UNSIGNED = "runner-metrics.webhook.allow-unsigned";
    public static final String QUEUE_CAPACITY = "runner-metrics.webhook.queue-capacity";
    public static final String REMEMBER_DELIVERIES = "runner-metrics.webhook.remember-deliveries";
    /** Reserved by the issue for a separate port; not supported yet, so setting it stops the start. */
    public static final String WEBHOOK_PORT = "WEBHOOK_PORT";

    static final String SECRET_NAMES = SECRET + " (GITHUB_WEBHOOK_SECRET)";

    /** @throws InvalidConfigException naming the setting that is wrong */
    public static WebhookSettings resolve(WebhookConfig config, Optional<String> webhookPort, FileSystem fs) {
        if (webhookPort.filter(p -> !p.isBlank()).isPresent()) {
            throw new InvalidConfigException(WEBHOOK_PORT + " is not supported yet: the webhook receiver is served on "
                    + "METRICS_PORT at /webhooks/github; unset " + WEBHOOK_PORT);
        }
        if (config.queueCapacity() < 1) {
            throw new InvalidConfigException(QUEUE_CAPACITY + " must be at least 1, was " + config.queueCapacity());
        }
        if (config.rememberDeliveries() < 1) {
            throw new InvalidConfigException(REMEMBER_DELIVERIES + " must be at least 1, was "
                    + config.rememberDeliveries());
        }
        Optional<String> secret = config.secret().filter(s -> !s.isBlank());
        Optional<String> secretFile = config.secretFile().map(String::strip).filter(s -> !s.isEmpty());
        if (secret.isPresent() && secretFile.isPresent()) {
            throw new InvalidConfigException(SECRET_NAMES + " and " + SECRET_FILE + " are both set; set one");
        }
        if (secret.isPresent()) {
            return new WebhookSettings(true, Optional.of(secret.get().getBytes(StandardCharsets.UTF_8)),
                    SECRET_NAMES, config.queueCapacity(), config.rememberDeliveries());
        }
        if (secretFile.isPresent()) {
            Path file = fs.getPath(secretFile.get());
            String text;
            try {
                text = stripLineBreaks(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new InvalidConfigException(SECRET_FILE + ": cannot read " + file + " ("
                        + e.getClass().getSimpleName() + ")");
            }
            if (text.isBlank()) {
                throw new InvalidConfigException(SECRET_FILE + ": " + file + " is empty");
            }
            return new WebhookSettings(true, Optional.of(text.getBytes(StandardCharsets.UTF_8)), "file " + file,
                    config.queueCapacity(), config.rememberDeliveries());
        }
        if (config.allowUnsigned()) {
            return new WebhookSettings(true, Optional.empty(), ALLOW_UNSIGNED, config.queueCapacity(),
                    config.rememberDeliveries());
        }
        return new WebhookSettings(false, Optional.empty(), "", config.queueCapacity(), config.rememberDeliveries());
    }

    private static String stripLineBreaks(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }
}
