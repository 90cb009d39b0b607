package dev.runnermetrics.exporter.security;

import dev.runnermetrics.exporter.config.RunnerMetricsConfig;
import dev.runnermetrics.exporter.config.InvalidConfigException;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.nio.file.FileSystem;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Checks the endpoint settings before anything else starts and before the HTTP server opens its port (Quarkus opens
 * it after the start-up event), and says in one line how the endpoint is served. Never logs a password.
 */
@ApplicationScoped
public class EndpointSecurityCheck {

    private static final Logger LOG = Logger.getLogger(EndpointSecurityCheck.class);

    private final RunnerMetricsConfig config;
    private final FileSystem fileSystem;
    private final String host;
    private final int port;

    public EndpointSecurityCheck(RunnerMetricsConfig config, FileSystem fileSystem,
            @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        this.config = config;
        this.fileSystem = fileSystem;
        this.host = host;
        this.port = port;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        EndpointSecurity.Checked checked;
        try {
            checked = EndpointSecurity.check(config, host, fileSystem);
        } catch (InvalidConfigException e) {
            LOG.error("Invalid configuration, not starting: " + e.getMessage()); // one line before Quarkus' trace
            throw e;
        }
        StringBuilder line = new StringBuilder("Endpoint ")
                .append(checked.tls() ? "https://" : "http://").append(host).append(':').append(port)
                .append(checked.tls() ? " (TLS, plain HTTP refused)" : " (plain HTTP)");
        checked.user().ifPresentOrElse(
                u -> line.append("; basic auth as '").append(u.username()).append("' (password from ")
                        .append(u.passwordSource()).append(") on everything but health"),
                () -> line.append("; no authentication"));
        if (!checked.corsOrigins().isEmpty()) {
            line.append("; CORS for ").append(String.join(", ", checked.corsOrigins()));
        }
        LOG.info(line);
        checked.warnings().forEach(LOG::warn);
    }
}
