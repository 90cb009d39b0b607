package dev.runnermetrics.exporter.github.api;

import static dev.runnermetrics.exporter.github.api.ApiTesting.client;
import static dev.runnermetrics.exporter.github.api.FleetStatusTest.PAGE_1;
import static dev.runnermetrics.exporter.github.api.FleetStatusTest.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.config.InvalidConfigException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens, JWTs and keys never reach the log, exception messages or toString, also when GitHub refuses them:
 * everything the client logs is captured and searched for each secret.
 */
class SecretsNotLoggedTest {

    private static final String TOKEN = "ghp_doNotShowMe0123456789abcdef";

    @TempDir
    Path dir;

    /** Collects every log record's text, arguments and exception messages. */
    private static final class Capture extends Handler {
        final List<String> texts = new ArrayList<>();

        @Override
        public synchronized void publish(LogRecord record) {
            texts.add(record.getMessage() + " " + Arrays.toString(record.getParameters()));
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                texts.add(t.toString());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void noSecretInLogsExceptionsOrToString() throws Exception {
        Capture capture = new Capture();
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        List<String> texts = new ArrayList<>();
        List<String> secrets = new ArrayList<>(List.of(TOKEN, "ghs_16C7e42F292c6912E7710c838347Ae178B4a"));
        try (RecordedGithub github = new RecordedGithub()) {
            TestClock clock = new TestClock(T0);
            // A token GitHub refuses (401), then a server error.
            TestConfig config = new TestConfig();
            config.baseUrl = github.base().toString();
            config.org = "octo-org";
            config.token = TOKEN;
            GithubApiClient tokenClient = client(config, clock, null);
            github.then(PAGE_1, "runners/bad-credentials.json").then(PAGE_1, "runners/server-error.json");
            tokenClient.fleet().pollIfDue();
            clock.set(T0.plusSeconds(60));
            tokenClient.fleet().pollIfDue();
            texts.add(tokenClient.toString());
            // A GitHub App whose installation token is then refused.
            Path key = OpenSsl.pkcs1Key(dir);
            String keyText = Files.readString(key);
            keyText.lines().filter(l -> !l.startsWith("-----")).limit(5).forEach(secrets::add);
            config.token = null;
            config.appId = "12345";
            config.appInstallationId = 42L;
            config.appPrivateKeyFile = key.toString();
            GithubApiClient appClient = client(config, clock, null);
            github.then("POST /app/installations/42/access_tokens", "app/installation-token.json")
                    .then(PAGE_1, "runners/bad-credentials.json");
            clock.set(T0.plusSeconds(120));
            appClient.fleet().pollIfDue();
            texts.add(appClient.toString());
            String jwt = github.requests().get(2).authorization().substring("Bearer ".length());
            secrets.add(jwt);
            assertEquals("Bearer ghs_16C7e42F292c6912E7710c838347Ae178B4a",
                    github.requests().get(3).authorization(), "the scenario really used the token");
            // A key file that holds a token instead of a key, and one whose key is mangled.
            Path wrong = Files.writeString(dir.resolve("wrong.pem"), TOKEN + "\n");
            Path mangled = Files.writeString(dir.resolve("mangled.pem"), keyText.replace("\n-----END", "xx\n-----END"));
            for (Path file : List.of(wrong, mangled)) {
                config.appPrivateKeyFile = file.toString();
                try {
                    GithubApiSettings.resolve(config, false, FileSystems.getDefault());
                    texts.add("accepted " + file);
                } catch (InvalidConfigException e) {
                    texts.add(e.getMessage());
                }
            }
        } finally {
            root.removeHandler(capture);
        }
        texts.addAll(capture.texts);
        String all = String.join("\n", texts);
        assertTrue(all.contains("401 unauthorized Bad credentials"), "the refusal itself is logged:\n" + all);
        assertTrue(all.contains("app-private-key-file"), all);
        for (String secret : secrets) {
            assertFalse(all.contains(secret), "a secret leaked: " + secret.substring(0, 8) + "…\n" + all);
        }
    }
}
