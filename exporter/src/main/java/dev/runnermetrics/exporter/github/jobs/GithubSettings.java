package dev.runnermetrics.exporter.github.jobs;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.exporter.config.Check;
import dev.runnermetrics.exporter.config.InvalidConfigException;
import dev.runnermetrics.exporter.config.RunnerMetricsConfig;
import dev.runnermetrics.exporter.config.Setting;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How GitHub figures are labelled and which jobs are deployments (checked values of
 * {@link RunnerMetricsConfig.Github}).
 *
 * @param knownRunners          our runners, name to runner_type; other runners are labelled "other"
 * @param optionalLabels        opted-in labels of the workflow_job figures (runs_on, repository)
 * @param labelAllow            values of capped labels must match this, else "other"
 * @param maxLabelValues        distinct values per capped label (runner_group, runs_on, repository, environment)
 * @param deploymentJob         a completed workflow job whose name matches is a deployment (DevLake's
 *                              deploymentPattern); empty: only deployment_status events are deployments
 * @param production            environments that count for DORA (DevLake's productionPattern)
 * @param maxTrackedJobs        workflow jobs remembered (for out-of-order events and gauges)
 * @param staleAfter            a queued or running job not heard of for this long leaves the gauges
 */
public record GithubSettings(Map<String, String> knownRunners, List<String> optionalLabels, Pattern labelAllow,
        int maxLabelValues, Optional<Pattern> deploymentJob, Pattern production, int maxTrackedJobs,
        Duration staleAfter) {

    public static final Pattern DEFAULT_PRODUCTION = Pattern.compile("(?i).*prod.*");
    private static final Duration STALE_AFTER = Duration.ofDays(6);

    public GithubSettings {
        knownRunners = Map.copyOf(knownRunners);
        optionalLabels = List.copyOf(optionalLabels);
        for (String label : optionalLabels) {
            if (!Catalogue.GITHUB_JOB_OPTIONAL_LABELS.contains(label)) {
                throw new IllegalArgumentException("unknown GitHub job label " + label);
            }
        }
    }

    public static GithubSettings defaults(Map<String, String> knownRunners) {
        return new GithubSettings(knownRunners, List.of(), Pattern.compile(".*"), 50, Optional.empty(),
                DEFAULT_PRODUCTION, 20_000, STALE_AFTER);
    }

    /**
     * The checked settings from configuration; {@code watchedRunners} (name to type) are ours, and so are the
     * {@code runner-types} entries.
     *
     * @throws InvalidConfigException naming the setting that is wrong
     */
    public static GithubSettings from(RunnerMetricsConfig.Github config, Map<String, String> watchedRunners) {
        Map<String, String> known = new LinkedHashMap<>(watchedRunners);
        for (String entry : config.runnerTypes().orElse(List.of())) {
            String[] parts = entry.strip().split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw Check.invalid(Setting.GITHUB_RUNNER_TYPES, ": expected name=type, got '"
                        + entry.strip() + "'");
            }
            known.put(parts[0].strip(), parts[1].strip());
        }
        List<String> labels = config.jobLabels().orElse(List.of()).stream()
                .map(String::strip).filter(l -> !l.isEmpty()).toList();
        for (String label : labels) {
            if (!Catalogue.GITHUB_JOB_OPTIONAL_LABELS.contains(label)) {
                throw Check.invalid(Setting.GITHUB_JOB_LABELS, ": unknown label '" + label
                        + "'; allowed: " + String.join(", ", Catalogue.GITHUB_JOB_OPTIONAL_LABELS));
            }
        }
        return new GithubSettings(known, labels, Check.regex(Setting.GITHUB_LABEL_ALLOW, config.labelAllow()),
                Check.atLeast(Setting.GITHUB_LABEL_MAX_VALUES, config.labelMaxValues(), 1),
                config.deploymentJobPattern().filter(p -> !p.isBlank())
                        .map(p -> Check.regex(Setting.GITHUB_DEPLOYMENT_JOB_PATTERN, p)),
                Check.regex(Setting.GITHUB_PRODUCTION_PATTERN, config.productionPattern()),
                Check.atLeast(Setting.GITHUB_MAX_TRACKED_JOBS, config.maxTrackedJobs(), 1), STALE_AFTER);
    }

    boolean optIn(String label) {
        return optionalLabels.contains(label);
    }

    /**
     * The labels of a workflow-job series key (runner_name, runner_type, runner_group[, conclusion], runs_on,
     * repository), in catalogue order; runs_on and repository only when opted in.
     */
    public Map<String, String> jobLabels(List<String> key, boolean withConclusion) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("runner_name", key.get(0));
        labels.put("runner_type", key.get(1));
        labels.put("runner_group", key.get(2));
        int next = 3;
        if (withConclusion) {
            labels.put("conclusion", key.get(next++));
        }
        labels.putAll(optInLabels(key.get(next), key.get(next + 1)));
        return labels;
    }

    /** runs_on and repository, each only when opted in. */
    public Map<String, String> optInLabels(String runsOn, String repository) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (optIn("runs_on")) {
            labels.put("runs_on", runsOn);
        }
        if (optIn("repository")) {
            labels.put("repository", repository);
        }
        return labels;
    }
}
