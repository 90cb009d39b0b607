package dev.runnermetrics.exporter.github.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The optional GitHub REST API client: fleet runner status and, in a sidecar, queue time of the jobs seen in the
 * logs. Off unless {@code enabled}; {@link GithubApiSettings#resolve} checks the combination at start.
 * {@code GITHUB_TOKEN} sets {@code token} (application.properties maps it), but only counts once the client is on.
 */
@ConfigMapping(prefix = "runner-metrics.github-api")
public interface GithubApiConfig {

    @WithDefault("false")
    boolean enabled();

    /** https://api.github.com, or a GitHub Enterprise Server's https://HOST/api/v3. */
    @WithDefault("https://api.github.com")
    String baseUrl();

    /** Fleet status of this organisation's runners; exclusive with repository. */
    Optional<String> org();

    /** Fleet status of this repository's runners (owner/name); exclusive with org. */
    Optional<String> repository();

    /** A personal access token or other token. Env GITHUB_TOKEN; exclusive with token-file and the App. */
    Optional<String> token();

    /** A file holding the token (a mounted secret), read at every request so a rotated token applies. */
    Optional<String> tokenFile();

    /** GitHub App: its id (or client id), used as the JWT's issuer. */
    Optional<String> appId();

    /** GitHub App: the installation whose token the exporter asks for. */
    Optional<Long> appInstallationId();

    /** GitHub App: the private key file GitHub hands out (PEM, PKCS#1 "RSA PRIVATE KEY" or PKCS#8). */
    Optional<String> appPrivateKeyFile();

    /** How often the fleet's runners are listed. */
    @WithDefault("60s")
    Duration pollInterval();

    /** Queue time of the jobs seen in the Worker logs; default: on unless the webhook receiver is on. */
    Optional<Boolean> queueTime();

    /** Jobs waiting for their queue-time lookup; beyond it lookups are dropped and counted. */
    @WithDefault("100")
    int queueTimeCapacity();

    /** Jobs whose job message is older than this when read (the first read of old logs) are not looked up. */
    @WithDefault("1h")
    Duration queueTimeMaxAge();

    /** Distinct runner_name values of the fleet gauges; later new names become "other". */
    @WithDefault("1000")
    int maxRunnerNames();
}
