package dev.runnermetrics.dashboards.prometheus;

import dev.runnermetrics.dashboards.output.Artifact;
import dev.runnermetrics.dashboards.output.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Scrape configurations, alerting and recording rules for Prometheus. */
public final class PrometheusArtifacts {

    public static final String DIR = "prometheus/";
    public static final String PROMETHEUS_YML = DIR + "prometheus.yml";
    public static final String SCRAPE_CONFIGS_DIR = DIR + "scrape-configs/";
    public static final String STATIC_SNIPPET = SCRAPE_CONFIGS_DIR + "static.yml";
    public static final String FILE_SD_SNIPPET = SCRAPE_CONFIGS_DIR + "file-sd.yml";
    public static final String KUBERNETES_SNIPPET = SCRAPE_CONFIGS_DIR + "kubernetes.yml";
    public static final String KUBERNETES_NODE_SNIPPET = SCRAPE_CONFIGS_DIR + "kubernetes-node.yml";
    public static final String FILE_SD_TARGETS = DIR + "file-sd/github-runners.json";
    public static final String RULES_DIR = DIR + "rules/";
    public static final String ALERTS_FILE = "github-runners-alerts.yml";
    public static final String RECORDING_FILE = "github-runners-recording.yml";
    public static final String ALERTS = RULES_DIR + ALERTS_FILE;
    public static final String RECORDING = RULES_DIR + RECORDING_FILE;

    private PrometheusArtifacts() {
    }

    public static List<Artifact> all() {
        return List.of(
                new Artifact(PROMETHEUS_YML, Json.yaml(ServerConfig.prometheusYml(
                        List.of(ALERTS_FILE, RECORDING_FILE)))),
                new Artifact(STATIC_SNIPPET, Json.yaml(ScrapeConfigs.snippet(ScrapeConfigs.staticJob()))),
                new Artifact(FILE_SD_SNIPPET, Json.yaml(ScrapeConfigs.snippet(ScrapeConfigs.fileSdJob()))),
                new Artifact(KUBERNETES_SNIPPET, Json.yaml(ScrapeConfigs.snippet(ScrapeConfigs.kubernetesJob()))),
                new Artifact(KUBERNETES_NODE_SNIPPET,
                        Json.yaml(ScrapeConfigs.snippet(ScrapeConfigs.kubernetesNodeJob()))),
                new Artifact(FILE_SD_TARGETS, Json.json(ScrapeConfigs.fileSdTargets())),
                new Artifact(ALERTS, Json.yaml(RuleGroup.file(alertGroups()))),
                new Artifact(RECORDING, Json.yaml(RuleGroup.file(recordingGroups()))));
    }

    public static List<RuleGroup> alertGroups() {
        return List.of(RunnerAlerts.group(), ExporterAlerts.group(), CapacityAlerts.group());
    }

    public static List<RuleGroup> recordingGroups() {
        return RecordingRules.groups();
    }

    /** Names of the series our recording rules produce, so queries may use them. */
    /** Job rates by runner and result, for the Jobs per Hour panel. */
    public static String recordedJobRates() {
        return RecordingRules.jobRates().name();
    }

    /** Duration bucket rates by runner and le, for the Job Duration Trends panel. */
    public static String recordedDurationBucketRates() {
        return RecordingRules.durationBucketRates().name();
    }

    /** Queue time bucket rates by runner and le, for the queue time line of the Job Duration Trends panel. */
    public static String recordedQueueTimeBucketRates() {
        return RecordingRules.queueTimeBucketRates().name();
    }

    /** Cache request rates by runner, cache type and result, for the Cache Hit Rates panel. */
    public static String recordedCacheRequestRates() {
        return RecordingRules.cacheRequestRates().name();
    }

    /** Job rates over an hour by runner type and result, for Job Analysis' success rate per runner type. */
    public static String recordedTypeJobRates() {
        return RecordingRules.typeJobRates().name();
    }

    /** Queue time bucket increases by runner type and runs_on, for Job Analysis' queue time panel. */
    public static String recordedQueueTimeByRunsOn() {
        return RecordingRules.queueTimeByRunsOn().name();
    }

    /** Runners online, with a known status, and busy, per runner type (Capacity & Health). */
    public static String recordedOnline() {
        return RecordingRules.onlineRunners().name();
    }

    public static String recordedKnown() {
        return RecordingRules.knownRunners().name();
    }

    public static String recordedBusy() {
        return RecordingRules.busyRunners().name();
    }

    /** The step (evaluation interval) of the per-type increases below. */
    public static String recordedStep() {
        return RecordingRules.STEP;
    }

    public static String recordedTypeJobIncreases() {
        return RecordingRules.typeJobIncreases().name();
    }

    public static String recordedTypeDurationBucketIncreases() {
        return RecordingRules.typeDurationBucketIncreases().name();
    }

    public static String recordedTypeQueueTimeBucketIncreases() {
        return RecordingRules.typeQueueTimeBucketIncreases().name();
    }

    public static String recordedTypeCacheRequestIncreases() {
        return RecordingRules.typeCacheRequestIncreases().name();
    }

    /** Job increases by runner type, repository, workflow and result, for Job Analysis' top failing workflows. */
    public static String recordedWorkflowJobIncreases() {
        return RecordingRules.workflowJobIncreases().name();
    }

    /** Duration bucket increases by runner type, repository and workflow, for Job Analysis' slowest workflows. */
    public static String recordedWorkflowDurationBucketIncreases() {
        return RecordingRules.workflowDurationBucketIncreases().name();
    }

    public static Set<String> recordedNames() {
        Set<String> names = new LinkedHashSet<>();
        for (RuleGroup group : recordingGroups()) {
            group.rules().forEach(rule -> names.add(rule.name()));
        }
        return names;
    }

    /** Every PromQL expression in the rules, keyed by "group/rule", for the catalogue check. */
    public static Map<String, String> expressions() {
        Map<String, String> expressions = new LinkedHashMap<>();
        List<RuleGroup> groups = new ArrayList<>(alertGroups());
        groups.addAll(recordingGroups());
        for (RuleGroup group : groups) {
            for (Rule rule : group.rules()) {
                if (expressions.put(group.name() + "/" + rule.name(), rule.expr()) != null) {
                    throw new IllegalStateException("rule defined twice: " + group.name() + "/" + rule.name());
                }
            }
        }
        return expressions;
    }
}
