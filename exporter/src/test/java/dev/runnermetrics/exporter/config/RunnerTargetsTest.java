package dev.runnermetrics.exporter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    /** The configuration with defaults, and the few values a test sets. */
    record Config(String runnerDir, Optional<String> runnerName, String runnerType, Optional<String> runners,
            Optional<List<String>> jobLabels, String jobLabelAllow, Duration pollInterval, int maxLineBytes)
            implements ExporterConfig {

        static Config of(String runnerDir) {
            return new Config(runnerDir, Optional.empty(), "standard", Optional.empty(), Optional.empty(), ".*",
                    Duration.ofMillis(250), 1 << 20);
        }

        Config withRunners(String spec) {
            return new Config(runnerDir, runnerName, runnerType, Optional.of(spec), jobLabels, jobLabelAllow,
                    pollInterval, maxLineBytes);
        }

        @Override
        public String stateDir() {
            return "/tmp/state";
        }

        @Override
        public Duration stateSaveInterval() {
            return Duration.ofSeconds(2);
        }

        @Override
        public Duration abandonAfterSilence() {
            return Duration.ofMinutes(30);
        }

        @Override
        public Duration abandonGrace() {
            return Duration.ofSeconds(3);
        }

        @Override
        public int jobLabelMaxValues() {
            return 50;
        }

        @Override
        public boolean stepOutput() {
            return true;
        }

        @Override
        public Optional<String> cacheTypesFile() {
            return Optional.empty();
        }
    }

    private List<RunnerTarget> resolve(ExporterConfig config) {
        return RunnerTargets.resolve(config, FileSystems.getDefault(), () -> "the-host");
    }

    @Test
    void nameComesFromTheRunnersOwnConfigFileElseTheHost() {
        new RunnerDir(tmp.resolve("a")).config("gpu-runner-7");
        new RunnerDir(tmp.resolve("b"));
        assertEquals(new RunnerTarget("gpu-runner-7", "standard", tmp.resolve("a"), tmp.resolve("a/_diag")),
                resolve(Config.of(tmp.resolve("a").toString())).get(0));
        assertEquals("the-host", resolve(Config.of(tmp.resolve("b").toString())).get(0).name());
    }

    @Test
    void acceptsTheDiagFolderItselfAsRunnerDir() {
        new RunnerDir(tmp.resolve("a")).config("r1");
        RunnerTarget target = resolve(Config.of(tmp.resolve("a/_diag").toString())).get(0);
        assertEquals(tmp.resolve("a"), target.root());
        assertEquals(tmp.resolve("a/_diag"), target.diagDir());
        assertEquals("r1", target.name());
    }

    @Test
    void multiRunnerModeListsEachRunnerWithItsOwnTypeAndName() {
        new RunnerDir(tmp.resolve("r1")).config("host-runner-1");
        new RunnerDir(tmp.resolve("r2")).config("host-runner-2");
        String spec = tmp.resolve("r1") + ";type=chrome, " + tmp.resolve("r2") + ";type=chrome-go;name=custom";
        List<RunnerTarget> targets = resolve(Config.of("/ignored").withRunners(spec));
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
                assertThrows(InvalidConfigException.class, () -> resolve(Config.of("/x").withRunners(dup)))
                        .getMessage());
        assertEquals("runner-metrics.runners (RUNNERS): unknown key 'colour' in entry '/r;colour=red'; expected "
                        + "DIR[;type=TYPE][;name=NAME]",
                assertThrows(InvalidConfigException.class,
                        () -> resolve(Config.of("/x").withRunners("/r;colour=red"))).getMessage());
        assertEquals("runner-metrics.runners (RUNNERS) lists no runner directory",
                assertThrows(InvalidConfigException.class, () -> resolve(Config.of("/x").withRunners(" , ")))
                        .getMessage());
    }

    /** RUNNERS=none: a hub without runners, only with the receiver on and without settings naming a runner. */
    @Test
    void noneMeansNoRunnerOnlyForAHubWithTheReceiverOn() {
        assertEquals(List.of(), RunnerTargets.resolve(Config.of("/runner").withRunners(" None "),
                FileSystems.getDefault(), () -> "the-host", true));
        // The default folder, which the image also sets as RUNNER_DIR, names no runner.
        assertEquals(List.of(), RunnerTargets.resolve(Config.of("/runner/").withRunners("none"),
                FileSystems.getDefault(), () -> "the-host", true));
        assertEquals("runner-metrics.runners (RUNNERS) is none, so no runner is watched, but the GitHub webhook "
                + "receiver is off and there would be nothing to report: turn the receiver on with "
                + "runner-metrics.webhook.secret (GITHUB_WEBHOOK_SECRET), runner-metrics.webhook.secret-file or "
                + "runner-metrics.webhook.allow-unsigned, or name a runner with RUNNER_DIR or RUNNERS",
                assertThrows(InvalidConfigException.class,
                        () -> resolve(Config.of("/runner").withRunners("none"))).getMessage());
        assertEquals("runner-metrics.runners (RUNNERS) is none (a hub without a runner) but "
                + "runner-metrics.runner-dir (RUNNER_DIR) is set to '/srv/hub-runner': unset it, or unset RUNNERS to "
                + "watch that runner", assertThrows(InvalidConfigException.class, () -> RunnerTargets.resolve(
                        Config.of("/srv/hub-runner").withRunners("none"), FileSystems.getDefault(), () -> "h", true))
                .getMessage());
        Config named = new Config("/runner", Optional.of("github-hub"), "standard", Optional.of("none"),
                Optional.empty(), ".*", Duration.ofMillis(250), 1 << 20);
        assertEquals("runner-metrics.runners (RUNNERS) is none (a hub without a runner) but "
                + "runner-metrics.runner-name (RUNNER_NAME) is set to 'github-hub': unset it, or unset RUNNERS to "
                + "watch that runner", assertThrows(InvalidConfigException.class,
                        () -> RunnerTargets.resolve(named, FileSystems.getDefault(), () -> "h", true)).getMessage());
        assertEquals("runner-metrics.runners (RUNNERS): 'none' (no runner, a hub) cannot be listed with runner "
                + "directories; set RUNNERS=none alone, or list only directories",
                assertThrows(InvalidConfigException.class, () -> RunnerTargets.resolve(
                        Config.of("/runner").withRunners("/srv/a,none"), FileSystems.getDefault(), () -> "h", true))
                .getMessage());
    }

    /** The receiver on and the default folder missing: still a sidecar (not ready), with a hint in the log. */
    @Test
    void aHubWaitingForTheDefaultFolderIsToldAboutNone() {
        Config defaults = Config.of(RunnerTargets.DEFAULT_RUNNER_DIR);
        String hint = RunnerTargets.hubHint(defaults, FileSystems.getDefault(), true).orElse("");
        if (!java.nio.file.Files.isDirectory(Path.of("/runner/_diag"))) {
            assertEquals("runner-metrics.runner-dir (RUNNER_DIR) is not set and /runner/_diag does not exist: not "
                    + "ready until a runner folder is mounted there. For a hub without a runner of its own, set "
                    + "RUNNERS=none", hint);
        }
        assertEquals(Optional.empty(), RunnerTargets.hubHint(defaults, FileSystems.getDefault(), false));
        assertEquals(Optional.empty(), RunnerTargets.hubHint(Config.of(tmp.toString()), FileSystems.getDefault(),
                true));
        assertEquals(1, resolve(defaults).size(), "without RUNNERS=none the default folder is still watched");
    }

    @Test
    void validatorNamesTheWrongSetting() {
        Config ok = Config.of("/runner");
        ConfigValidator.validate(ok);
        Config zeroPoll = new Config("/r", Optional.empty(), "standard", Optional.empty(), Optional.empty(), ".*",
                Duration.ZERO, 1 << 20);
        assertEquals("runner-metrics.poll-interval must be positive, was PT0S",
                assertThrows(InvalidConfigException.class, () -> ConfigValidator.validate(zeroPoll)).getMessage());
        Config badLabel = new Config("/r", Optional.empty(), "standard", Optional.empty(),
                Optional.of(List.of("repository", "run_id")), ".*", Duration.ofSeconds(1), 1 << 20);
        assertEquals("runner-metrics.job-labels: unknown label 'run_id'; allowed: repository, workflow, job",
                assertThrows(InvalidConfigException.class, () -> ConfigValidator.validate(badLabel)).getMessage());
        Config badRegex = new Config("/r", Optional.empty(), "standard", Optional.empty(), Optional.empty(), "acme/(",
                Duration.ofSeconds(1), 1 << 20);
        assertThrows(InvalidConfigException.class, () -> ConfigValidator.validate(badRegex));
        Config tinyLines = new Config("/r", Optional.empty(), "standard", Optional.empty(), Optional.empty(), ".*",
                Duration.ofSeconds(1), 100);
        assertEquals("runner-metrics.max-line-bytes must be at least 1024, was 100",
                assertThrows(InvalidConfigException.class, () -> ConfigValidator.validate(tinyLines)).getMessage());
    }
}
