package dev.runnermetrics.dashboards.prometheus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scrape jobs for Runner Metrics exporters, one per way of finding them. Every job name starts with
 * {@link #JOB_PREFIX} so that rules can select all of them with {@code job=~"github-runners.*"}.
 */
public final class ScrapeConfigs {

    public static final String JOB_PREFIX = "github-runners";
    public static final String STATIC_JOB = JOB_PREFIX;
    public static final String FILE_SD_JOB = JOB_PREFIX + "-file-sd";
    public static final String KUBERNETES_JOB = JOB_PREFIX + "-kubernetes";
    /** Node mode: the per-node exporters of deployment/kubernetes/node (the PodMonitor there sets the same job). */
    public static final String NODE_JOB = JOB_PREFIX + "-node";
    /** The Compose stack's webhook hub; prefixed like the others, so the queue-time rule and alerts select it. */
    public static final String HUB_JOB = JOB_PREFIX + "-hub";

    /** The dashboard's {@code $__rate_interval} assumes this (Grafana datasource timeInterval 15s). */
    public static final String SCRAPE_INTERVAL = "15s";
    public static final String METRICS_PATH = "/metrics";

    /** The example runners of the Compose stack: Compose service name and exporter port, one per runner type. */
    public static final Map<String, Integer> COMPOSE_EXPORTERS = composeExporters();

    /** The Compose stack's hub (profile "hub"): service name and METRICS_PORT (its webhook port is never scraped). */
    public static final String COMPOSE_HUB = "github-hub";
    public static final int COMPOSE_HUB_PORT = 9096;

    /** Where the file_sd job looks for target files inside the Prometheus container. */
    public static final String FILE_SD_FILES = "/etc/prometheus/file-sd/github-runners*.json";

    /** The container port name a pod's exporter sidecar must carry to be scraped (at most 15 characters). */
    public static final String KUBERNETES_PORT_NAME = "runner-metrics";

    /**
     * The node-mode exporter's container port name. Not {@link #KUBERNETES_PORT_NAME}, so that the sidecar job never
     * scrapes a node exporter and the two jobs can run side by side without scraping anything twice.
     */
    public static final String NODE_PORT_NAME = "node-metrics";

    /** The pod labels of the node-mode DaemonSet that the node job keeps (label name, value). */
    public static final Map<String, String> NODE_POD_LABELS = Map.of(
            "app.kubernetes.io/name", "runner-metrics", "app.kubernetes.io/component", "node");

    private ScrapeConfigs() {
    }

    private static Map<String, Integer> composeExporters() {
        Map<String, Integer> exporters = new LinkedHashMap<>();
        exporters.put("runner-standard-exporter", 9091);
        exporters.put("runner-chrome-exporter", 9092);
        exporters.put("runner-chrome-go-exporter", 9093);
        return exporters;
    }

    /** {@code host:port} of each Compose exporter. */
    public static List<String> composeTargets() {
        return COMPOSE_EXPORTERS.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList();
    }

    /** Fixed targets: the three exporters of the Compose stack. */
    public static Map<String, Object> staticJob() {
        Map<String, Object> job = job(STATIC_JOB);
        job.put("static_configs", List.of(Map.of("targets", composeTargets())));
        return job;
    }

    /**
     * The Compose hub, found by its service name in Docker's DNS rather than as a static target: the hub runs only
     * with {@code --profile hub}, and a static target that is not there would be down (and fire the exporter-down
     * alert). While the hub is not started the name does not resolve and the job has no target at all.
     */
    public static Map<String, Object> hubJob() {
        Map<String, Object> job = job(HUB_JOB);
        Map<String, Object> dns = new LinkedHashMap<>();
        dns.put("names", List.of(COMPOSE_HUB));
        dns.put("type", "A");
        dns.put("port", COMPOSE_HUB_PORT);
        job.put("dns_sd_configs", List.of(dns));
        return job;
    }

    /** Targets read from JSON files that configuration management writes; Prometheus re-reads them on change. */
    public static Map<String, Object> fileSdJob() {
        Map<String, Object> job = job(FILE_SD_JOB);
        job.put("file_sd_configs", List.of(Map.of("files", List.of(FILE_SD_FILES), "refresh_interval", "1m")));
        return job;
    }

    /** An example target file for {@link #fileSdJob()}: the Compose exporters as one target group. */
    public static List<Map<String, Object>> fileSdTargets() {
        return List.of(Map.of("targets", composeTargets(), "labels", Map.of()));
    }

    /**
     * Pods whose container port is named {@link #KUBERNETES_PORT_NAME}, with their namespace and pod name as labels.
     * Pods that finished (ephemeral runners that ran their job) are dropped.
     */
    public static Map<String, Object> kubernetesJob() {
        Map<String, Object> job = job(KUBERNETES_JOB);
        job.put("kubernetes_sd_configs", List.of(Map.of("role", "pod")));
        job.put("relabel_configs", List.of(
                relabel("keep", "__meta_kubernetes_pod_container_port_name", KUBERNETES_PORT_NAME),
                relabel("drop", "__meta_kubernetes_pod_phase", "Succeeded|Failed"),
                copy("__meta_kubernetes_namespace", "namespace"),
                copy("__meta_kubernetes_pod_name", "pod")));
        return job;
    }

    /**
     * Node mode: the DaemonSet's pods (by their two labels and the port name), with their namespace, pod and node as
     * labels. The runner pods themselves are not targets; their names and namespaces come as labels of the series.
     */
    public static Map<String, Object> kubernetesNodeJob() {
        Map<String, Object> job = job(NODE_JOB);
        job.put("kubernetes_sd_configs", List.of(Map.of("role", "pod")));
        List<String> sources = new ArrayList<>();
        List<String> values = new ArrayList<>();
        new TreeMap<>(NODE_POD_LABELS).forEach((label, value) -> {
            sources.add("__meta_kubernetes_pod_label_" + label.replaceAll("[^a-zA-Z0-9_]", "_"));
            values.add(value);
        });
        sources.add("__meta_kubernetes_pod_container_port_name");
        values.add(NODE_PORT_NAME);
        Map<String, Object> keep = new LinkedHashMap<>();
        keep.put("action", "keep");
        keep.put("source_labels", sources);
        keep.put("separator", ";");
        keep.put("regex", String.join(";", values));
        job.put("relabel_configs", List.of(keep,
                copy("__meta_kubernetes_namespace", "namespace"),
                copy("__meta_kubernetes_pod_name", "pod"),
                copy("__meta_kubernetes_pod_node_name", "node")));
        return job;
    }

    /** A {@code scrape_configs:} snippet holding one job, for pasting into an existing configuration. */
    public static Map<String, Object> snippet(Map<String, Object> job) {
        return Map.of("scrape_configs", List.of(job));
    }

    private static Map<String, Object> job(String name) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("job_name", name);
        job.put("scrape_interval", SCRAPE_INTERVAL);
        job.put("metrics_path", METRICS_PATH);
        return job;
    }

    private static Map<String, Object> relabel(String action, String sourceLabel, String regex) {
        return Map.of("action", action, "source_labels", List.of(sourceLabel), "regex", regex);
    }

    private static Map<String, Object> copy(String sourceLabel, String targetLabel) {
        return Map.of("action", "replace", "source_labels", List.of(sourceLabel), "target_label", targetLabel);
    }
}
