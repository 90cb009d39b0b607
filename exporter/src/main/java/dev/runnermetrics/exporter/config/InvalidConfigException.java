package dev.runnermetrics.exporter.config;

/** Wrong configuration; the message names the setting, and the exporter refuses to start. */
public final class InvalidConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
        super(message);
    }
}
