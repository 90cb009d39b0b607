package dev.runnermetrics.exporter.github.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How webhook figures are labelled and which jobs are deployments.
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

    public GithubSettings {
        knownRunners = Map.copyOf(knownRunners);
        optionalLabels = List.copyOf(optionalLabels);
        for (String label : optionalLabels) {
            if (!label.equals("runs_on") && !label.equals("repository")) {
                throw new IllegalArgumentException("unknown webhook job label " + label
                        + " (allowed: runs_on, repository)");
            }
        }
    }

    public static GithubSettings defaults(Map<String, String> knownRunners) {
        return new GithubSettings(knownRunners, List.of(), Pattern.compile(".*"), 50, Optional.empty(),
                DEFAULT_PRODUCTION, 20_000, Duration.ofDays(6));
    }

    /**
     * From configuration (properties {@code github-webhooks.*}, or environment variables {@code GITHUB_WEBHOOKS_*}):
     * {@code runner-types} ({@code name=type,...}, added to the runners this exporter watches), {@code job-labels}
     * (runs_on, repository), {@code label-allow}, {@code label-max-values}, {@code deployment-job-pattern},
     * {@code production-pattern}, {@code max-tracked-jobs}.
     */
    public static GithubSettings fromConfig(org.eclipse.microprofile.config.Config config,
            Map<String, String> watchedRunners) {
        Map<String, String> known = new java.util.LinkedHashMap<>(watchedRunners);
        config.getOptionalValue("github-webhooks.runner-types", String.class).ifPresent(list -> {
            for (String entry : list.split(",")) {
                String[] parts = entry.trim().split("=", 2);
                if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                    throw new IllegalArgumentException("github-webhooks.runner-types: expected name=type, got "
                            + entry);
                }
                known.put(parts[0].trim(), parts[1].trim());
            }
        });
        GithubSettings d = defaults(known);
        return new GithubSettings(known,
                config.getOptionalValues("github-webhooks.job-labels", String.class).orElse(List.of()),
                config.getOptionalValue("github-webhooks.label-allow", String.class).map(Pattern::compile)
                        .orElse(d.labelAllow()),
                config.getOptionalValue("github-webhooks.label-max-values", Integer.class)
                        .orElse(d.maxLabelValues()),
                config.getOptionalValue("github-webhooks.deployment-job-pattern", String.class)
                        .map(Pattern::compile),
                config.getOptionalValue("github-webhooks.production-pattern", String.class).map(Pattern::compile)
                        .orElse(d.production()),
                config.getOptionalValue("github-webhooks.max-tracked-jobs", Integer.class)
                        .orElse(d.maxTrackedJobs()),
                d.staleAfter());
    }

    boolean optIn(String label) {
        return optionalLabels.contains(label);
    }
}
