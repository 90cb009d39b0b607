package dev.runnermetrics.exporter.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the HTTP endpoint is secured; everything is off by default, so a plain sidecar serves {@code /metrics} over
 * HTTP to anyone who can reach the port. {@link EndpointConfigSourceFactory} turns these settings into Quarkus' own
 * properties; {@link dev.runnermetrics.exporter.security.EndpointSecurity} refuses wrong combinations at start. The
 * bind address is Quarkus' {@code quarkus.http.host}, env METRICS_BIND_ADDRESS.
 */
@ConfigMapping(prefix = "runner-metrics")
public interface EndpointConfig {

    /** Basic auth on everything but health. On when a user name is set. */
    BasicAuth basicAuth();

    /** TLS on the metrics port, from PEM files. On when a certificate is set; plain HTTP is then refused. */
    Tls tls();

    /** CORS for browser clients. On when origins are set. */
    Cors cors();

    interface BasicAuth {

        /** Env RUNNER_METRICS_BASIC_AUTH_USERNAME. */
        Optional<String> username();

        /** Env RUNNER_METRICS_BASIC_AUTH_PASSWORD; exclusive with password-file. */
        Optional<String> password();

        /** A file holding the password (a mounted secret), read at every check so a rotated secret applies. */
        Optional<String> passwordFile();
    }

    interface Tls {

        /** PEM certificate chain, server certificate first. Env RUNNER_METRICS_TLS_CERT_FILE. */
        Optional<String> certFile();

        /** Unencrypted PEM private key (PKCS#8 or PKCS#1). Env RUNNER_METRICS_TLS_KEY_FILE. */
        Optional<String> keyFile();

        /** How often the files are re-read, so renewed certificates apply without a restart. Unset: never. */
        Optional<Duration> reloadPeriod();
    }

    interface Cors {

        /** Exact origins such as https://grafana.example.org, comma-separated. Env RUNNER_METRICS_CORS_ORIGINS. */
        Optional<List<String>> origins();
    }
}
