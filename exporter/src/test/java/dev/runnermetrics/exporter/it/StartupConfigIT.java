package dev.runnermetrics.exporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runnermetrics.testkit.process.ExporterProcess;
import dev.runnermetrics.testkit.process.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A wrong setting stops the packaged exporter at start, with a message naming the setting. */
class StartupConfigIT {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "RUNNER_METRICS_POLL_INTERVAL=0s => runner-metrics.poll-interval (RUNNER_METRICS_POLL_INTERVAL) must be positive, was PT0S",
        "RUNNER_METRICS_JOB_LABELS=repository,run_id => runner-metrics.job-labels (RUNNER_METRICS_JOB_LABELS): unknown label 'run_id'; allowed: repository, workflow, job",
        "RUNNERS=/srv/a;colour=red => runner-metrics.runners (RUNNERS): unknown key 'colour' in entry '/srv/a;colour=red'; expected DIR[;type=TYPE][;name=NAME]",
        "RUNNER_METRICS_MAX_LINE_BYTES=lots => runner-metrics.max-line-bytes",
        "RUNNER_METRICS_STATE_SAVE_INTERVAL=200ms => runner-metrics.state-save-interval (RUNNER_METRICS_STATE_SAVE_INTERVAL) must be at least 1s, was PT0.2S",
        "RUNNER_METRICS_GITHUB_DEPLOYMENT_JOB_PATTERN=deploy( => runner-metrics.github.deployment-job-pattern (RUNNER_METRICS_GITHUB_DEPLOYMENT_JOB_PATTERN) is not a regular expression: Unclosed group in 'deploy('",
        "RUNNER_METRICS_GITHUB_JOB_LABELS=runner_group => runner-metrics.github.job-labels (RUNNER_METRICS_GITHUB_JOB_LABELS): unknown label 'runner_group'; allowed: runs_on, repository",
        "RUNNER_METRICS_GITHUB_API_ORG=octo-org => runner-metrics.github-api.org (RUNNER_METRICS_GITHUB_API_ORG) set but the GitHub API client is off: set runner-metrics.github-api.enabled=true (RUNNER_METRICS_GITHUB_API_ENABLED=true)",
        "RUNNER_METRICS_GITHUB_API_QUEUE_TIME=true => runner-metrics.github-api.queue-time (RUNNER_METRICS_GITHUB_API_QUEUE_TIME) set but the GitHub API client is off",
    })
    void refusesToStart(String setting, String message) throws IOException, InterruptedException {
        String[] kv = setting.split("=", 2);
        assertRefused(Map.of("METRICS_PORT", "0", kv[0], kv[1]), message);
    }

    /** WEBHOOK_PORT: a number from 1 to 65535, not METRICS_PORT, and only with the receiver on. */
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "WEBHOOK_PORT=hooks => runner-metrics.webhook.port (WEBHOOK_PORT) must be a port number from 1 to 65535, was 'hooks'",
        "WEBHOOK_PORT=70000 => runner-metrics.webhook.port (WEBHOOK_PORT) must be a port number from 1 to 65535, was '70000'",
        "WEBHOOK_PORT=0 => runner-metrics.webhook.port (WEBHOOK_PORT) must be a port number from 1 to 65535, was '0'",
        "METRICS_PORT=19191 & WEBHOOK_PORT=19191 => runner-metrics.webhook.port (WEBHOOK_PORT) is 19191, the same as METRICS_PORT",
        "GITHUB_WEBHOOK_SECRET= & WEBHOOK_PORT=19192 => runner-metrics.webhook.port (WEBHOOK_PORT) is set but the webhook receiver is off",
    })
    void refusesAWrongWebhookPort(String settings, String message) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(Map.of("METRICS_PORT", "0", "GITHUB_WEBHOOK_SECRET", "s3cret"));
        for (String setting : settings.split(" & ")) {
            String[] kv = setting.split("=", 2);
            env.put(kv[0], kv[1]);
        }
        assertRefused(env, message);
    }

    /**
     * RUNNERS=none (a hub without runners) needs the receiver on, and refuses settings that name a runner; "-"
     * unsets the RUNNER_DIR every other case here sets.
     */
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "RUNNERS=none & RUNNER_DIR=- => runner-metrics.runners (RUNNERS) is none, so no runner is watched, but the GitHub webhook receiver is off and there would be nothing to report: turn the receiver on with runner-metrics.webhook.secret (GITHUB_WEBHOOK_SECRET), runner-metrics.webhook.secret-file (RUNNER_METRICS_WEBHOOK_SECRET_FILE) or runner-metrics.webhook.allow-unsigned (RUNNER_METRICS_WEBHOOK_ALLOW_UNSIGNED), or name a runner with RUNNER_DIR or RUNNERS",
        "RUNNERS=none & GITHUB_WEBHOOK_SECRET=s3cret & RUNNER_DIR=/srv/hub-runner => runner-metrics.runners (RUNNERS) is none (a hub without a runner) but runner-metrics.runner-dir (RUNNER_DIR) is set to '/srv/hub-runner': unset it",
        "RUNNERS=none & GITHUB_WEBHOOK_SECRET=s3cret & RUNNER_DIR=- & RUNNER_NAME=github-hub => runner-metrics.runner-name (RUNNER_NAME) is set to 'github-hub'",
        "RUNNERS=/srv/a,none & GITHUB_WEBHOOK_SECRET=s3cret => runner-metrics.runners (RUNNERS): 'none' (no runner, a hub) cannot be listed with runner directories",
    })
    void refusesAHubWithoutRunnersThatIsWronglySet(String settings, String message)
            throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(Map.of("METRICS_PORT", "0"));
        for (String setting : settings.split(" & ")) {
            String[] kv = setting.split("=", 2);
            env.put(kv[0], kv[1]);
        }
        assertRefused(env, message);
    }

    /**
     * The receiver on and no runner folder, without RUNNERS=none: still a sidecar whose mount is missing, so it
     * starts but is not ready, and its log tells how to run a hub without a runner.
     */
    @Test
    void aSidecarWithoutItsFolderStaysNotReadyEvenWithTheReceiverOn() throws Exception {
        assumeTrue(!Files.exists(Path.of("/runner")), "this machine has a /runner folder");
        int port = Processes.freePort();
        Path log = tmp.resolve("exporter.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("exporter.jar"))).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("RUNNER_DIR");
        builder.environment().remove("RUNNERS");
        builder.environment().putAll(Map.of("METRICS_PORT", Integer.toString(port), "GITHUB_WEBHOOK_SECRET", "s3cret",
                "STATE_DIR", tmp.resolve("s").toString()));
        Process process = builder.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> ready = null;
            for (int i = 0; i < 600 && ready == null && process.isAlive(); i++) {
                try {
                    ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                } catch (IOException notListeningYet) {
                    Thread.sleep(100);
                }
            }
            assertTrue(ready != null, "the exporter should serve health: " + Files.readString(log));
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("/runner/_diag is not readable yet"), ready.body());
            assertTrue(Files.readString(log).contains("runner-metrics.runner-dir (RUNNER_DIR) is not set and "
                    + "/runner/_diag does not exist: not ready until a runner folder is mounted there. For a hub "
                    + "without a runner of its own, set RUNNERS=none"), Files.readString(log));
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A WEBHOOK_PORT something else listens on stops the start; the metrics port is not opened either. */
    @Test
    void aWebhookPortInUseStopsTheStart() throws IOException, InterruptedException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            assertRefused(Map.of("METRICS_PORT", "0", "GITHUB_WEBHOOK_SECRET", "s3cret",
                    "WEBHOOK_PORT", Integer.toString(taken.getLocalPort())),
                    "runner-metrics.webhook.port (WEBHOOK_PORT): cannot listen on 0.0.0.0:" + taken.getLocalPort()
                            + " (");
        }
    }

    private void assertRefused(Map<String, String> settings, String message) throws IOException, InterruptedException {
        Path log = tmp.resolve("exporter.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("exporter.jar")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("RUNNER_DIR", tmp.toString(), "STATE_DIR", tmp.resolve("s").toString()));
        settings.forEach((k, v) -> {
            if (v.equals("-")) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the exporter should stop by itself");
        assertNotEquals(0, process.exitValue());
        String output = Files.readString(log);
        assertTrue(output.contains(message), "log should name the setting: " + message + "\n" + output);
        assertEquals(-1, output.indexOf("Listening on"), "it must not serve with a wrong setting");
    }
}
