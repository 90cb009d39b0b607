package dev.runnermetrics.exporter.github.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.config.InvalidConfigException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong or contradictory settings stop the start with the setting's name, and never with a secret in the text. */
class GithubApiSettingsTest {

    private static final String TOKEN = "ghp_doNotShowMe0123456789abcdef";

    @TempDir
    Path dir;

    private static TestConfig valid() {
        TestConfig c = new TestConfig();
        c.token = TOKEN;
        c.org = "octo-org";
        return c;
    }

    private static String refused(Consumer<TestConfig> change, boolean webhooksOn) {
        TestConfig c = valid();
        change.accept(c);
        String message = assertThrows(InvalidConfigException.class,
                () -> GithubApiSettings.resolve(c, webhooksOn, FileSystems.getDefault())).getMessage();
        assertFalse(message.contains(TOKEN), "the token never appears: " + message);
        return message;
    }

    private static String refused(Consumer<TestConfig> change) {
        return refused(change, false);
    }

    @Test
    void offByDefaultWhateverGithubTokenSays() {
        TestConfig c = new TestConfig();
        c.enabled = false;
        c.token = TOKEN; // GITHUB_TOKEN is often set for other tools: it alone switches nothing on
        assertFalse(GithubApiSettings.resolve(c, false, FileSystems.getDefault()).enabled());
    }

    @Test
    void wrongSettingsAreNamed() throws IOException {
        assertEquals("runner-metrics.github-api.org (RUNNER_METRICS_GITHUB_API_ORG) set but the GitHub API client is "
                + "off: set runner-metrics.github-api.enabled=true (RUNNER_METRICS_GITHUB_API_ENABLED=true)",
                refused(c -> c.enabled = false));
        assertEquals("runner-metrics.github-api.org (RUNNER_METRICS_GITHUB_API_ORG) and "
                + "runner-metrics.github-api.repository (RUNNER_METRICS_GITHUB_API_REPOSITORY) are both set; set one "
                + "(the fleet is an organisation's runners or a repository's)", refused(c -> c.repository = "a/b"));
        assertEquals("runner-metrics.github-api.repository (RUNNER_METRICS_GITHUB_API_REPOSITORY) must be "
                + "owner/name, was 'octo-repo'", refused(c -> {
                    c.org = null;
                    c.repository = "octo-repo";
                }));
        assertEquals("runner-metrics.github-api.base-url (RUNNER_METRICS_GITHUB_API_BASE_URL) must be an http(s) "
                + "URL such as https://api.github.com or https://HOST/api/v3, was 'api.github.com'",
                refused(c -> c.baseUrl = "api.github.com"));
        assertEquals("runner-metrics.github-api.poll-interval (RUNNER_METRICS_GITHUB_API_POLL_INTERVAL) must be at "
                + "least 10s, was PT1S", refused(c -> c.pollInterval = Duration.ofSeconds(1)));
        assertEquals("runner-metrics.github-api.enabled (RUNNER_METRICS_GITHUB_API_ENABLED) is true but no "
                + "credentials: set runner-metrics.github-api.token (GITHUB_TOKEN), "
                + "runner-metrics.github-api.token-file (RUNNER_METRICS_GITHUB_API_TOKEN_FILE), or "
                + "runner-metrics.github-api.app-id (RUNNER_METRICS_GITHUB_API_APP_ID), "
                + "runner-metrics.github-api.app-installation-id (RUNNER_METRICS_GITHUB_API_APP_INSTALLATION_ID) and "
                + "runner-metrics.github-api.app-private-key-file (RUNNER_METRICS_GITHUB_API_APP_PRIVATE_KEY_FILE)",
                refused(c -> c.token = null));
        assertEquals("runner-metrics.github-api.token (GITHUB_TOKEN) and the GitHub App (runner-metrics.github-api."
                + "app-*) are both set; set one", refused(c -> c.appId = "12345"));
        assertEquals("runner-metrics.github-api.app-installation-id (RUNNER_METRICS_GITHUB_API_APP_INSTALLATION_ID) "
                + "is missing (the number at the end of the installation's settings URL)", refused(c -> {
                    c.token = null;
                    c.appId = "12345";
                }));
        Path empty = Files.writeString(dir.resolve("token"), "\n");
        assertEquals("runner-metrics.github-api.token-file (RUNNER_METRICS_GITHUB_API_TOKEN_FILE): cannot read "
                + empty + " (empty)", refused(c -> {
                    c.token = null;
                    c.tokenFile = empty.toString();
                }));
        Path notAKey = Files.writeString(dir.resolve("key.pem"), "not a key but " + TOKEN + "\n");
        assertEquals("runner-metrics.github-api.app-private-key-file (RUNNER_METRICS_GITHUB_API_APP_PRIVATE_KEY_FILE): "
                + notAKey + ": no PEM private key (expected BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)", refused(c -> {
                    c.token = null;
                    c.appId = "12345";
                    c.appInstallationId = 42L;
                    c.appPrivateKeyFile = notAKey.toString();
                }));
        assertEquals("runner-metrics.github-api.queue-time (RUNNER_METRICS_GITHUB_API_QUEUE_TIME) is true and the "
                + "webhook receiver is on: the webhooks give queue time for every job already; unset it (one source "
                + "per figure)", refused(c -> c.queueTime = true, true));
        assertEquals("runner-metrics.github-api.enabled (RUNNER_METRICS_GITHUB_API_ENABLED) is true but there is "
                + "nothing to do: set runner-metrics.github-api.org (RUNNER_METRICS_GITHUB_API_ORG) or "
                + "runner-metrics.github-api.repository (RUNNER_METRICS_GITHUB_API_REPOSITORY) for the fleet's runner "
                + "status", refused(c -> c.org = null, true));
    }

    @Test
    void queueTimeIsOnInASidecarAndOffInAHub() {
        TestConfig c = valid();
        assertTrue(GithubApiSettings.resolve(c, false, FileSystems.getDefault()).queueTime());
        GithubApiSettings hub = GithubApiSettings.resolve(c, true, FileSystems.getDefault());
        assertFalse(hub.queueTime());
        assertEquals("/orgs/octo-org/actions/runners", hub.fleetPath());
        assertFalse(hub.toString().contains(TOKEN), hub.toString());
        c.baseUrl = "https://ghes.example.com/api/v3/";
        assertEquals("https://ghes.example.com/api/v3",
                GithubApiSettings.resolve(c, false, FileSystems.getDefault()).baseUrl().toString());
    }
}
