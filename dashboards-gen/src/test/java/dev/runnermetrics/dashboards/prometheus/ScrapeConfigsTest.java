package dev.runnermetrics.dashboards.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.runnermetrics.dashboards.output.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the scrape configurations promise: job names the rules select, the Compose targets, bounded labels. */
class ScrapeConfigsTest {

    private static final List<String> SNIPPETS = List.of(PrometheusArtifacts.STATIC_SNIPPET,
            PrometheusArtifacts.FILE_SD_SNIPPET, PrometheusArtifacts.KUBERNETES_SNIPPET,
            PrometheusArtifacts.KUBERNETES_NODE_SNIPPET);

    @Test
    void everyJobIsSelectedByTheRulesJobMatcher() throws Exception {
        Set<String> names = new HashSet<>();
        for (String snippet : SNIPPETS) {
            for (Map<String, Object> job : jobs(snippet)) {
                String name = (String) job.get("job_name");
                assertTrue(name.matches(RuleSelectors.JOB_REGEX), name + " is not matched by job=~\""
                        + RuleSelectors.JOB_REGEX + "\"");
                assertTrue(names.add(name), "job name used twice: " + name);
                assertEquals(ScrapeConfigs.SCRAPE_INTERVAL, job.get("scrape_interval"),
                        name + ": the dashboard's $__rate_interval assumes 15 s scrapes");
            }
        }
        assertEquals(Set.of("github-runners", "github-runners-file-sd", "github-runners-kubernetes",
                "github-runners-node"), names);
    }

    @Test
    @SuppressWarnings("unchecked")
    void staticJobScrapesTheThreeComposeExporters() throws Exception {
        Map<String, Object> job = jobs(PrometheusArtifacts.STATIC_SNIPPET).get(0);
        assertEquals("github-runners", job.get("job_name"));
        List<Map<String, Object>> groups = (List<Map<String, Object>>) job.get("static_configs");
        assertEquals(List.of("runner-standard-exporter:9091", "runner-chrome-exporter:9092",
                "runner-chrome-go-exporter:9093"), groups.get(0).get("targets"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusYmlIsTheComposeStacksConfig() throws Exception {
        Map<String, Object> config = GeneratedPrometheusFiles.yaml(PrometheusArtifacts.PROMETHEUS_YML);
        assertEquals(Map.of("scrape_interval", "15s", "evaluation_interval", "15s"), config.get("global"));
        assertEquals(List.of("/etc/prometheus/rules/github-runners-alerts.yml",
                "/etc/prometheus/rules/github-runners-recording.yml"), config.get("rule_files"));
        assertEquals(Map.of("alertmanagers", List.of(Map.of("static_configs",
                List.of(Map.of("targets", List.of("alertmanager:9093")))))), config.get("alerting"));
        List<Object> expected = new ArrayList<>(jobs(PrometheusArtifacts.STATIC_SNIPPET));
        // The Compose hub, found by its service name so that the job has no target while the hub is not started.
        expected.add(Map.of("job_name", "github-runners-hub", "scrape_interval", "15s", "metrics_path", "/metrics",
                "dns_sd_configs", List.of(Map.of("names", List.of("github-hub"), "type", "A", "port", 9096))));
        assertEquals(expected, config.get("scrape_configs"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetesJobKeepsNamedPortsAndAddsOnlyNamespaceAndPod() throws Exception {
        Map<String, Object> job = jobs(PrometheusArtifacts.KUBERNETES_SNIPPET).get(0);
        List<Map<String, Object>> relabel = (List<Map<String, Object>>) job.get("relabel_configs");
        assertEquals(Map.of("action", "keep", "regex", "runner-metrics",
                "source_labels", List.of("__meta_kubernetes_pod_container_port_name")), relabel.get(0),
                "the first step keeps only containers whose port is named runner-metrics");
        assertTrue(ScrapeConfigs.KUBERNETES_PORT_NAME.length() <= 15, "Kubernetes port names have 15 characters");
        List<String> targetLabels = new ArrayList<>();
        for (Map<String, Object> step : relabel) {
            if (step.containsKey("target_label")) {
                targetLabels.add((String) step.get("target_label"));
            }
            assertTrue(Set.of("keep", "drop", "replace").contains(step.get("action")), "unexpected " + step);
        }
        assertEquals(List.of("namespace", "pod"), targetLabels);
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetesNodeJobKeepsOnlyTheDaemonSetsPortAndAddsNamespacePodAndNode() throws Exception {
        Map<String, Object> job = jobs(PrometheusArtifacts.KUBERNETES_NODE_SNIPPET).get(0);
        assertEquals(List.of(Map.of("role", "pod")), job.get("kubernetes_sd_configs"));
        List<Map<String, Object>> relabel = (List<Map<String, Object>>) job.get("relabel_configs");
        assertEquals(Map.of("action", "keep", "separator", ";", "regex", "node;runner-metrics;node-metrics",
                "source_labels", List.of("__meta_kubernetes_pod_label_app_kubernetes_io_component",
                        "__meta_kubernetes_pod_label_app_kubernetes_io_name",
                        "__meta_kubernetes_pod_container_port_name")), relabel.get(0),
                "the first step keeps only the DaemonSet's pods, on their node-metrics port");
        assertTrue(ScrapeConfigs.NODE_PORT_NAME.length() <= 15, "Kubernetes port names have 15 characters");
        assertTrue(!ScrapeConfigs.NODE_PORT_NAME.matches(ScrapeConfigs.KUBERNETES_PORT_NAME),
                "the sidecar job must not keep the node exporters' port, or both jobs would scrape them");
        List<String> targetLabels = new ArrayList<>();
        for (Map<String, Object> step : relabel.subList(1, relabel.size())) {
            assertEquals("replace", step.get("action"), "unexpected " + step);
            targetLabels.add((String) step.get("target_label"));
        }
        assertEquals(List.of("namespace", "pod", "node"), targetLabels);
    }

    @Test
    void fileSdExampleIsATargetGroupList() throws Exception {
        List<Map<String, Object>> groups = Json.JSON.readValue(
                GeneratedPrometheusFiles.content(PrometheusArtifacts.FILE_SD_TARGETS),
                new TypeReference<List<Map<String, Object>>>() { });
        assertEquals(1, groups.size());
        assertEquals(ScrapeConfigs.composeTargets(), groups.get(0).get("targets"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> jobs(String snippet) throws Exception {
        return (List<Map<String, Object>>) GeneratedPrometheusFiles.yaml(snippet).get("scrape_configs");
    }
}
