package dev.runnermetrics.exporter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which Quarkus properties the endpoint settings imply, and that nothing changes when none is set. */
class EndpointConfigSourceFactoryTest {

    private static SmallRyeConfig config(Map<String, String> settings) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(Map.of(
                        "quarkus.http.insecure-requests", "enabled",
                        EndpointConfigSourceFactory.AUTH_PERMISSION, "false"), "application.properties", 250))
                .withSources(new PropertiesConfigSource(settings, "environment", 300))
                .withSources(new EndpointConfigSourceFactory())
                .build();
    }

    @Test
    void aPlainSidecarGetsNothing() {
        assertEquals(Map.of(), EndpointConfigSourceFactory.derive(name -> null));
        assertEquals(Map.of(), EndpointConfigSourceFactory.derive(name -> " "));
        SmallRyeConfig config = config(Map.of());
        assertEquals("enabled", config.getRawValue("quarkus.http.insecure-requests"));
        assertEquals("false", config.getRawValue(EndpointConfigSourceFactory.AUTH_PERMISSION));
        assertTrue(config.getOptionalValue("quarkus.http.ssl.certificate.files", String.class).isEmpty());
        assertTrue(config.getOptionalValue("quarkus.http.cors.enabled", String.class).isEmpty());
    }

    @Test
    void tlsRefusesPlainHttpAndPointsQuarkusAtTheFiles() {
        SmallRyeConfig config = config(Map.of(
                "runner-metrics.tls.cert-file", "/tls/tls.crt",
                "runner-metrics.tls.key-file", "/tls/tls.key",
                "runner-metrics.tls.reload-period", "1h"));
        assertEquals("disabled", config.getRawValue("quarkus.http.insecure-requests"));
        assertEquals(List.of("/tls/tls.crt"), config.getValues("quarkus.http.ssl.certificate.files", String.class));
        assertEquals(List.of("/tls/tls.key"), config.getValues("quarkus.http.ssl.certificate.key-files", String.class));
        assertEquals("1h", config.getRawValue("quarkus.http.ssl.certificate.reload-period"));
    }

    @Test
    void halfATlsSettingStillRefusesPlainHttp() {
        // The start then fails on the missing file; until it does, nothing is served in clear.
        SmallRyeConfig config = config(Map.of("runner-metrics.tls.key-file", "/tls/tls.key"));
        assertEquals("disabled", config.getRawValue("quarkus.http.insecure-requests"));
        assertTrue(config.getOptionalValue("quarkus.http.ssl.certificate.files", String.class).isEmpty());
    }

    @Test
    void aUserNameSwitchesOnTheAuthenticatedPermission() {
        assertEquals("true", config(Map.of("runner-metrics.basic-auth.username", "prometheus"))
                .getRawValue(EndpointConfigSourceFactory.AUTH_PERMISSION));
    }

    @Test
    void originsSwitchOnCors() {
        SmallRyeConfig config = config(Map.of("runner-metrics.cors.origins", "https://a.example,https://b.example"));
        assertEquals("true", config.getRawValue("quarkus.http.cors.enabled"));
        assertEquals(List.of("https://a.example", "https://b.example"),
                config.getValues("quarkus.http.cors.origins", String.class));
    }

    @Test
    void anExplicitQuarkusSettingStillWins() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(Map.of(
                        "runner-metrics.tls.cert-file", "/tls/tls.crt", "runner-metrics.tls.key-file", "/tls/tls.key",
                        "quarkus.http.insecure-requests", "redirect"), "environment", 300))
                .withSources(new EndpointConfigSourceFactory())
                .build();
        assertEquals("redirect", config.getRawValue("quarkus.http.insecure-requests"));
    }
}
