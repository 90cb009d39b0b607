package dev.runnermetrics.exporter.github.webhook;

import dev.runnermetrics.exporter.config.InvalidConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The receiver's checked settings.
 *
 * @param enabled whether {@code POST /webhooks/github} exists at all
 * @param secret the HMAC key; empty when unsigned deliveries are allowed
 * @param secretSource where the secret comes from, for the start-up line (never the secret)
 * @param port the separate port (WEBHOOK_PORT) the receiver is served on alone; empty: on METRICS_PORT
 */
public record WebhookSettings(boolean enabled, Optional<byte[]> secret, String secretSource, int queueCapacity,
        int rememberDeliveries, OptionalInt port) {

    public static final String SECRET = "runner-metrics.webhook.secret";
    public static final String SECRET_FILE = "runner-metrics.webhook.secret-file";
    public static final String ALLOW_UNSIGNED = "runner-metrics.webhook.allow-unsigned";
    public static final String QUEUE_CAPACITY = "runner-metrics.webhook.queue-capacity";
    public static final String REMEMBER_DELIVERIES = "runner-metrics.webhook.remember-deliveries";
    public static final String PORT = "runner-metrics.webhook.port";

    static final String SECRET_NAMES = SECRET + " (GITHUB_WEBHOOK_SECRET)";
    static final String PORT_NAMES = "WEBHOOK_PORT (" + PORT + ")";

    /**
     * Whether these settings switch the receiver on (a secret, a secret file, or unsigned deliveries allowed), before
     * {@link #resolve} checks them: other parts decide by it what they take from the receiver.
     */
    public static boolean requested(WebhookConfig config) {
        return config.secret().filter(s -> !s.isBlank()).isPresent()
                || config.secretFile().filter(s -> !s.isBlank()).isPresent()
                || config.allowUnsigned();
    }

    /**
     * @param metricsPort METRICS_PORT, which the separate port must differ from
     * @throws InvalidConfigException naming the setting that is wrong
     */
    public static WebhookSettings resolve(WebhookConfig config, int metricsPort, FileSystem fs) {
        OptionalInt port = port(config.port(), metricsPort);
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
                    SECRET_NAMES, config.queueCapacity(), config.rememberDeliveries(), port);
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
                    config.queueCapacity(), config.rememberDeliveries(), port);
        }
        if (config.allowUnsigned()) {
            return new WebhookSettings(true, Optional.empty(), ALLOW_UNSIGNED, config.queueCapacity(),
                    config.rememberDeliveries(), port);
        }
        if (port.isPresent()) {
            // A port opened for nothing, or a secret forgotten: either way not what was asked for.
            throw new InvalidConfigException(PORT_NAMES + " is set but the webhook receiver is off: set "
                    + SECRET_NAMES + " or " + SECRET_FILE + ", or unset WEBHOOK_PORT");
        }
        return new WebhookSettings(false, Optional.empty(), "", config.queueCapacity(), config.rememberDeliveries(),
                port);
    }

    /** The separate port, if set: a number from 1 to 65535 other than METRICS_PORT. */
    private static OptionalInt port(Optional<String> value, int metricsPort) {
        Optional<String> text = value.map(String::strip).filter(s -> !s.isEmpty());
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        int port;
        try {
            port = Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new InvalidConfigException(PORT_NAMES + " must be a port number from 1 to 65535, was '"
                    + text.get() + "'");
        }
        if (port == metricsPort) {
            throw new InvalidConfigException(PORT_NAMES + " is " + port + ", the same as METRICS_PORT: give the "
                    + "receiver a port of its own, or unset WEBHOOK_PORT to serve it on METRICS_PORT");
        }
        return OptionalInt.of(port);
    }

    private static String stripLineBreaks(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }
}
