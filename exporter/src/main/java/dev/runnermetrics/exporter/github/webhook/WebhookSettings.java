package dev.runnermetrics.exporter.github.webhook;

import dev.runnermetrics.exporter.config.Check;
import dev.runnermetrics.exporter.config.InvalidConfigException;
import dev.runnermetrics.exporter.config.RunnerMetricsConfig;
import dev.runnermetrics.exporter.config.Setting;
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


    /**
     * Whether these settings switch the receiver on (a secret, a secret file, or unsigned deliveries allowed), before
     * {@link #resolve} checks them: other parts decide by it what they take from the receiver.
     */
    public static boolean requested(RunnerMetricsConfig.Webhook config) {
        return config.secret().filter(s -> !s.isBlank()).isPresent()
                || config.secretFile().filter(s -> !s.isBlank()).isPresent()
                || config.allowUnsigned();
    }

    /**
     * @param metricsPort METRICS_PORT, which the separate port must differ from
     * @throws InvalidConfigException naming the setting that is wrong
     */
    public static WebhookSettings resolve(RunnerMetricsConfig.Webhook config, int metricsPort, FileSystem fs) {
        OptionalInt port = port(config.port(), metricsPort);
        Check.atLeast(Setting.WEBHOOK_QUEUE_CAPACITY, config.queueCapacity(), 1);
        Check.atLeast(Setting.WEBHOOK_REMEMBER_DELIVERIES, config.rememberDeliveries(), 1);
        Optional<String> secret = config.secret().filter(s -> !s.isBlank());
        Optional<String> secretFile = config.secretFile().map(String::strip).filter(s -> !s.isEmpty());
        Check.oneOf(Setting.WEBHOOK_SECRET, secret.isPresent(), Setting.WEBHOOK_SECRET_FILE, secretFile.isPresent());
        if (secret.isPresent()) {
            return new WebhookSettings(true, Optional.of(secret.get().getBytes(StandardCharsets.UTF_8)),
                    Setting.WEBHOOK_SECRET.toString(), config.queueCapacity(), config.rememberDeliveries(), port);
        }
        if (secretFile.isPresent()) {
            Path file = fs.getPath(secretFile.get());
            String text;
            try {
                text = stripLineBreaks(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw Check.invalid(Setting.WEBHOOK_SECRET_FILE, ": cannot read " + file + " ("
                        + e.getClass().getSimpleName() + ")");
            }
            if (text.isBlank()) {
                throw Check.invalid(Setting.WEBHOOK_SECRET_FILE, ": " + file + " is empty");
            }
            return new WebhookSettings(true, Optional.of(text.getBytes(StandardCharsets.UTF_8)), "file " + file,
                    config.queueCapacity(), config.rememberDeliveries(), port);
        }
        if (config.allowUnsigned()) {
            return new WebhookSettings(true, Optional.empty(), Setting.WEBHOOK_ALLOW_UNSIGNED.property(),
                    config.queueCapacity(), config.rememberDeliveries(), port);
        }
        if (port.isPresent()) {
            // A port opened for nothing, or a secret forgotten: either way not what was asked for.
            throw Check.invalid(Setting.WEBHOOK_PORT, "is set but the webhook receiver is off: set "
                    + Setting.WEBHOOK_SECRET + " or " + Setting.WEBHOOK_SECRET_FILE + ", or unset WEBHOOK_PORT");
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
            throw Check.invalid(Setting.WEBHOOK_PORT, "must be a port number from 1 to 65535, was '"
                    + text.get() + "'");
        }
        if (port == metricsPort) {
            throw Check.invalid(Setting.WEBHOOK_PORT, "is " + port + ", the same as METRICS_PORT: give the "
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
