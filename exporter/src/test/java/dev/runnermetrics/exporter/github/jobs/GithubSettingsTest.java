package dev.runnermetrics.exporter.github.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runnermetrics.exporter.config.InvalidConfigException;
import dev.runnermetrics.exporter.testing.Configs;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** runner-metrics.github.* through the real configuration mapping: defaults, values, and what stops the start. */
class GithubSettingsTest {

    private static final Map<String, String> WATCHED = Map.of("runner-1", "chrome");

    private static GithubSettings settings(Map<String, String> properties) {
        return GithubSettings.from(Configs.of(properties).github(), WATCHED);
    }

    @Test
    void defaults() {
        GithubSettings s = settings(Map.of());
        assertEquals(WATCHED, s.knownRunners());
        assertEquals(List.of(), s.optionalLabels());
        assertEquals(".*", s.labelAllow().pattern());
        assertEquals(50, s.maxLabelValues());
        assertEquals(Optional.empty(), s.deploymentJob().map(p -> p.pattern()));
        assertEquals("(?i).*prod.*", s.production().pattern());
        assertEquals(20_000, s.maxTrackedJobs());
    }

    @Test
    void everySettingIsRead() {
        GithubSettings s = settings(Map.of(
                "runner-metrics.github.runner-types", "gpu-1=gpu, arm-1=arm",
                "runner-metrics.github.job-labels", "runs_on,repository",
                "runner-metrics.github.label-allow", "[a-z-]+",
                "runner-metrics.github.label-max-values", "7",
                "runner-metrics.github.deployment-job-pattern", "(?i)deploy.*",
                "runner-metrics.github.production-pattern", "prod|live",
                "runner-metrics.github.max-tracked-jobs", "500"));
        assertEquals(Map.of("runner-1", "chrome", "gpu-1", "gpu", "arm-1", "arm"), s.knownRunners());
        assertEquals(List.of("runs_on", "repository"), s.optionalLabels());
        assertEquals("[a-z-]+", s.labelAllow().pattern());
        assertEquals(7, s.maxLabelValues());
        assertEquals("(?i)deploy.*", s.deploymentJob().get().pattern());
        assertEquals("prod|live", s.production().pattern());
        assertEquals(500, s.maxTrackedJobs());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "deployment-job-pattern=deploy( => runner-metrics.github.deployment-job-pattern (RUNNER_METRICS_GITHUB_DEPLOYMENT_JOB_PATTERN) is not a regular expression: "
                + "Unclosed group in 'deploy('",
        "production-pattern=*prod => runner-metrics.github.production-pattern (RUNNER_METRICS_GITHUB_PRODUCTION_PATTERN) is not a regular expression: "
                + "Dangling meta character '*' in '*prod'",
        "label-allow=[a- => runner-metrics.github.label-allow (RUNNER_METRICS_GITHUB_LABEL_ALLOW) is not a regular expression: "
                + "Illegal character range in '[a-'",
        "job-labels=runs_on;workflow => runner-metrics.github.job-labels (RUNNER_METRICS_GITHUB_JOB_LABELS): unknown label 'runs_on;workflow'; "
                + "allowed: runs_on, repository",
        "runner-types=gpu-1 => runner-metrics.github.runner-types (RUNNER_METRICS_GITHUB_RUNNER_TYPES): expected name=type, got 'gpu-1'",
        "runner-types=gpu-1=gpu,=arm => runner-metrics.github.runner-types (RUNNER_METRICS_GITHUB_RUNNER_TYPES): expected name=type, got '=arm'",
        "label-max-values=0 => runner-metrics.github.label-max-values (RUNNER_METRICS_GITHUB_LABEL_MAX_VALUES) must be at least 1, was 0",
        "max-tracked-jobs=-5 => runner-metrics.github.max-tracked-jobs (RUNNER_METRICS_GITHUB_MAX_TRACKED_JOBS) must be at least 1, was -5",
    })
    void aWrongValueNamesTheSetting(String setting, String message) {
        String[] kv = setting.split("=", 2);
        assertEquals(message, assertThrows(InvalidConfigException.class,
                () -> settings(Map.of("runner-metrics.github." + kv[0], kv[1]))).getMessage());
    }
}
