package dev.runnermetrics.exporter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runnermetrics.exporter.testing.Configs;
import dev.runnermetrics.exporter.testing.RunnerDir;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerTargetsTest {

    @TempDir
    Path tmp;

    /** The real configuration tree with the runner folder and the key-value pairs a test sets. */
    private static RunnerMetricsConfig config(String runnerDir, String... keyValues) {
        String[] all = new String[keyValues.length + 2];
        all[0] = "runner-dir";
        all[1] = runnerDir;
        System.arraycopy(keyValues, 0, all, 2, keyValues.length);
        return Configs.of(all);
    }

    private List<RunnerTarget> resolve(RunnerMetricsConfig config) {
        return RunnerTargets.resolve(config, FileSystems.getDefault(), () -> "the-host");
    }

    @Test
    void nameComesFromTheRunnersOwnConfigFileElseTheHost() {
        new RunnerDir(tmp.resolve("a")).config("gpu-runner-7");
        new RunnerDir(tmp.resolve("b"));
        assertEquals(new RunnerTarget("gpu-runner-7", "standard", tmp.resolve("a"), tmp.resolve("a/_diag")),
                resolve(config(tmp.resolve("a").toString())).get(0));
        assertEquals("the-host", resolve(config(tmp.resolve("b").toString())).get(0).name());
    }

    @Test
    void acceptsTheDiagFolderItselfAsRunnerDir() {
        new RunnerDir(tmp.resolve("a")).config("r1");
        RunnerTarget target = resolve(config(tmp.resolve("a/_diag").toString())).get(0);
        assertEquals(tmp.resolve("a"), target.root());
        assertEquals(tmp.resolve("a/_diag"), target.diagDir());
        assertEquals("r1", target.name());
    }

    @Test
    void multiRunnerModeListsEachRunnerWithItsOwnTypeAndName() {
        new RunnerDir(tmp.resolve("r1")).config("host-runner-1");
        new RunnerDir(tmp.resolve("r2")).config("host-runner-2");
        String spec = tmp.resolve("r1") + ";type=chrome, " + tmp.resolve("r2") + ";type=chrome-go;name=custom";
        List<RunnerTarget> targets = resolve(config("/ignored", "runners", spec));
        assertEquals(List.of(
                new RunnerTarget("host-runner-1", "chrome", tmp.resolve("r1"), tmp.resolve("r1/_diag")),
                new RunnerTarget("custom", "chrome-go", tmp.resolve("r2"), tmp.resolve("r2/_diag"))), targets);
    }

    @Test
    void wrongMultiRunnerSettingsNameTheSetting() {
        new RunnerDir(tmp.resolve("r1")).config("same");
        new RunnerDir(tmp.resolve("r2")).config("same");
        String dup = tmp.resolve("r1") + "," + tmp.resolve("r2");
        assertEquals("runner-metrics.runners (RUNNERS): two runners are named 'same'; give each a distinct ;name=",
                assertThrows(InvalidConfigException.class, () -> resolve(config("/x", "runners", dup)))
                        .getMessage());
        assertEquals("runner-metrics.runners (RUNNERS): unknown key 'colour' in entry '/r;colour=red'; expected "
                        + "DIR[;type=TYPE][;name=NAME]",
                assertThrows(InvalidConfigException.class,
                        () -> resolve(config("/x", "runners", "/r;colour=red"))).getMessage());
        assertEquals("runner-metrics.runners (RUNNERS) lists no runner directory",
                assertThrows(InvalidConfigException.class, () -> resolve(config("/x", "runners", " , ")))
                        .getMessage());
    }

    /** RUNNERS=none: a hub without runners, only with the receiver on and without settings naming a runner. */
    @Test
    void noneMeansNoRunnerOnlyForAHubWithTheReceiverOn() {
        assertEquals(List.of(), RunnerTargets.resolve(config("/runner", "runners", " None "),
                FileSystems.getDefault(), () -> "the-host", true));
        // The default folder, which the image also sets as RUNNER_DIR, names no runner.
        assertEquals(List.of(), RunnerTargets.resolve(config("/runner/", "runners", "none"),
                FileSystems.getDefault(), () -> "the-host", true));
        assertEquals("runner-metrics.runners (RUNNERS) is none, so no runner is watched, but the GitHub webhook "
                + "receiver is off and there would be nothing to report: turn the receiver on with "
                + "runner-metrics.webhook.secret (GITHUB_WEBHOOK_SECRET), runner-metrics.webhook.secret-file (RUNNER_METRICS_WEBHOOK_SECRET_FILE) or "
                + "runner-metrics.webhook.allow-unsigned (RUNNER_METRICS_WEBHOOK_ALLOW_UNSIGNED), or name a runner with RUNNER_DIR or RUNNERS",
                assertThrows(InvalidConfigException.class,
                        () -> resolve(config("/runner", "runners", "none"))).getMessage());
        assertEquals("runner-metrics.runners (RUNNERS) is none (a hub without a runner) but "
                + "runner-metrics.runner-dir (RUNNER_DIR) is set to '/srv/hub-runner': unset it, or unset RUNNERS to "
                + "watch that runner", assertThrows(InvalidConfigException.class, () -> RunnerTargets.resolve(
                        config("/srv/hub-runner", "runners", "none"), FileSystems.getDefault(), () -> "h", true))
                .getMessage());
        RunnerMetricsConfig named = config("/runner", "runner-name", "github-hub", "runners", "none");
        assertEquals("runner-metrics.runners (RUNNERS) is none (a hub without a runner) but "
                + "runner-metrics.runner-name (RUNNER_NAME) is set to 'github-hub': unset it, or unset RUNNERS to "
                + "watch that runner", assertThrows(InvalidConfigException.class,
                        () -> RunnerTargets.resolve(named, FileSystems.getDefault(), () -> "h", true)).getMessage());
        assertEquals("runner-metrics.runners (RUNNERS): 'none' (no runner, a hub) cannot be listed with runner "
                + "directories; set RUNNERS=none alone, or list only directories",
                assertThrows(InvalidConfigException.class, () -> RunnerTargets.resolve(
                        config("/runner", "runners", "/srv/a,none"), FileSystems.getDefault(), () -> "h", true))
                .getMessage());
    }

    /** The receiver on and the default folder missing: still a sidecar (not ready), with a hint in the log. */
    @Test
    void aHubWaitingForTheDefaultFolderIsToldAboutNone() {
        RunnerMetricsConfig defaults = config(RunnerTargets.DEFAULT_RUNNER_DIR);
        String hint = RunnerTargets.hubHint(defaults, FileSystems.getDefault(), true).orElse("");
        if (!java.nio.file.Files.isDirectory(Path.of("/runner/_diag"))) {
            assertEquals("runner-metrics.runner-dir (RUNNER_DIR) is not set and /runner/_diag does not exist: not "
                    + "ready until a runner folder is mounted there. For a hub without a runner of its own, set "
                    + "RUNNERS=none", hint);
        }
        assertEquals(Optional.empty(), RunnerTargets.hubHint(defaults, FileSystems.getDefault(), false));
        assertEquals(Optional.empty(), RunnerTargets.hubHint(config(tmp.toString()), FileSystems.getDefault(),
                true));
        assertEquals(1, resolve(defaults).size(), "without RUNNERS=none the default folder is still watched");
    }

    @Test
    void coreSettingsAreCheckedOnceAndEachErrorNamesTheSettingAndItsVariable() {
        ExporterSettings ok = ExporterSettings.resolve(config("/runner"), FileSystems.getDefault());
        assertEquals(Duration.ofMillis(250), ok.pollInterval());
        assertEquals(Path.of("/var/lib/runner-metrics"), ok.stateDir());
        assertEquals("runner-metrics.poll-interval (RUNNER_METRICS_POLL_INTERVAL) must be positive, was PT0S",
                error(config("/r", "poll-interval", "0s")));
        assertEquals("runner-metrics.job-labels (RUNNER_METRICS_JOB_LABELS): unknown label 'run_id'; "
                + "allowed: repository, workflow, job", error(config("/r", "job-labels", "repository,run_id")));
        assertEquals("runner-metrics.job-label-allow (RUNNER_METRICS_JOB_LABEL_ALLOW) is not a regular "
                + "expression: Unclosed group in 'acme/('", error(config("/r", "job-label-allow", "acme/(")));
        assertEquals("runner-metrics.max-line-bytes (RUNNER_METRICS_MAX_LINE_BYTES) must be at least 1024, was 100",
                error(config("/r", "max-line-bytes", "100")));
        assertEquals("runner-metrics.state-save-interval (RUNNER_METRICS_STATE_SAVE_INTERVAL) must be at least "
                + "1s, was PT0.5S", error(config("/r", "state-save-interval", "500ms")));
        assertEquals("runner-metrics.abandon-grace (RUNNER_METRICS_ABANDON_GRACE) must not be negative, was PT-1S",
                error(config("/r", "abandon-grace", "-1s")));
    }

    private static String error(RunnerMetricsConfig config) {
        return assertThrows(InvalidConfigException.class,
                () -> ExporterSettings.resolve(config, FileSystems.getDefault())).getMessage();
    }
}
