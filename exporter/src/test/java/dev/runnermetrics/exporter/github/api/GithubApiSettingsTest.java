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
        assertEquals("runner-metrics.github-api.org set but the GitHub API client is off: set "
                + "runner-metrics.github-api.enabled=true (RUNNER_METRICS_GITHUB_API_ENABLED)",
                refused(c -> c.enabled = false));
        assertEquals("runner-metrics.github-api.org and runner-metrics.github-api.repository are both set; set one "
                + "(the fleet is an organisation's runners or a repository's)", refused(c -> c.repository = "a/b"));
        assertEquals("runner-metrics.github-api.repository must be owner/name, was 'octo-repo'",
                refused(c -> {
                    c.org = null;
                    c.repository = "octo-repo";
                }));
        assertEquals("runner-metrics.github-api.base-url must be an http(s) URL such as https://api.github.com or "
                + "https://HOST/api/v3, was 'api.github.com'", refused(c -> c.baseUrl = "api.github.com"));
        assertEquals("runner-metrics.github-api.poll-interval must be at least 10s, was PT1S",
                refused(c -> c.pollInterval = Duration.ofSeconds(1)));
        assertEquals("runner-metrics.github-api.enabled=true but no credentials: set runner-metrics.github-api.token "
                + "(GITHUB_TOKEN), runner-metrics.github-api.token-file, or runner-metrics.github-api.app-id, "
                + "runner-metrics.github-api.app-installation-id and runner-metrics.github-api.app-private-key-file",
                refused(c -> c.token = null));
        assertEquals("runner-metrics.github-api.token (GITHUB_TOKEN) and the GitHub App (runner-metrics.github-api."
                + "app-*) are both set; set one", refused(c -> c.appId = "12345"));
        assertEquals("runner-metrics.github-api.app-installation-id is missing (the number at the end of the "
                + "installation's settings URL)", refused(c -> {
                    c.token = null;
                    c.appId = "12345";
                }));
        Path empty = Files.writeString(dir.resolve("token"), "\n");
        assertEquals("runner-metrics.github-api.token-file: cannot read " + empty + " (empty)", refused(c -> {
            c.token = null;
            c.tokenFile = empty.toString();
        }));
        Path notAKey = Files.writeString(dir.resolve("key.pem"), "not a key but " + TOKEN + "\n");
        assertEquals("runner-metrics.github-api.app-private-key-file: " + notAKey + ": no PEM private key (expected "
                + "BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)", refused(c -> {
                    c.token = null;
                    c.appId = "12345";
                    c.appInstallationId = 42L;
                    c.appPrivateKeyFile = notAKey.toString();
                }));
        assertEquals("runner-metrics.github-api.queue-time=true and the webhook receiver is on: the webhooks give "
                + "queue time for every job already; unset runner-metrics.github-api.queue-time (one source per "
                + "figure)", refused(c -> c.queueTime = true, true));
        assertEquals("runner-metrics.github-api.enabled=true but there is nothing to do: set "
                + "runner-metrics.github-api.org or runner-metrics.github-api.repository for the fleet's runner status",
                refused(c -> c.org = null, true));
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
