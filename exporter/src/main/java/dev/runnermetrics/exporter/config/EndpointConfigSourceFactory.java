package dev.runnermetrics.exporter.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns the endpoint settings ({@link RunnerMetricsConfig#basicAuth()}, {@link RunnerMetricsConfig#tls()},
 * {@link RunnerMetricsConfig#cors()}) into the Quarkus properties that do the work, so users set
 * one name per intent and a plain sidecar stays untouched: TLS on means {@code quarkus.http.insecure-requests=disabled}
 * (plain HTTP refused, HTTPS on the same port), a user name switches on the "authenticated" permission that
 * application.properties declares disabled, origins switch on CORS. Values refer back to our properties as
 * expressions, so they are resolved (and validated) once. The ordinal sits above application.properties (250) and
 * below the environment (300), so an explicit {@code QUARKUS_HTTP_*} variable still wins.
 */
public final class EndpointConfigSourceFactory implements ConfigSourceFactory {

    private static final String USERNAME = Setting.BASIC_AUTH_USERNAME.property();
    private static final String CERT_FILE = Setting.TLS_CERT_FILE.property();
    private static final String KEY_FILE = Setting.TLS_KEY_FILE.property();
    private static final String RELOAD_PERIOD = Setting.TLS_RELOAD_PERIOD.property();
    private static final String CORS_ORIGINS = Setting.CORS_ORIGINS.property();
    /** Declared, disabled, in application.properties: everything but health needs an authenticated user. */
    public static final String AUTH_PERMISSION = "quarkus.http.auth.permission.runner-metrics-authenticated.enabled";

    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> derived = derive(name -> {
            ConfigValue value = context.getValue(name);
            return value == null ? null : value.getValue();
        });
        return List.of(new PropertiesConfigSource(derived, "runner-metrics endpoint security", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** The Quarkus properties implied by the settings that {@code setting} returns (null or blank: unset). */
    static Map<String, String> derive(Function<String, String> setting) {
        Map<String, String> derived = new LinkedHashMap<>();
        if (isSet(setting.apply(USERNAME))) {
            derived.put(AUTH_PERMISSION, "true");
        }
        boolean cert = isSet(setting.apply(CERT_FILE));
        boolean key = isSet(setting.apply(KEY_FILE));
        if (cert || key) {
            // Even a half-given TLS setting must never leave plain HTTP open; the start then fails on the setting.
            derived.put("quarkus.http.insecure-requests", "disabled");
        }
        if (cert && key) {
            derived.put("quarkus.http.ssl.certificate.files", "${" + CERT_FILE + "}");
            derived.put("quarkus.http.ssl.certificate.key-files", "${" + KEY_FILE + "}");
            if (isSet(setting.apply(RELOAD_PERIOD))) {
                derived.put("quarkus.http.ssl.certificate.reload-period", "${" + RELOAD_PERIOD + "}");
            }
        }
        if (isSet(setting.apply(CORS_ORIGINS))) {
            derived.put("quarkus.http.cors.enabled", "true");
            derived.put("quarkus.http.cors.origins", "${" + CORS_ORIGINS + "}");
        }
        return derived;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
