package dev.runnermetrics.dashboards.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.testkit.prometheus.Promtool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code promtool check config} on the generated prometheus.yml (with the rules it loads) and on each scrape config
 * snippet inside a minimal configuration. Paths that point into the Prometheus container are pointed at the
 * generated files in a temporary folder, so promtool checks those files too.
 */
class PromtoolCheckConfigTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void prometheusYmlIsValidAndLoadsBothRuleFiles() throws Exception {
        GeneratedPrometheusFiles.writeTo(dir);
        Map<String, Object> config = GeneratedPrometheusFiles.yaml(PrometheusArtifacts.PROMETHEUS_YML);
        List<String> local = new ArrayList<>();
        for (String containerPath : (List<String>) config.get("rule_files")) {
            assertTrue(containerPath.startsWith(ServerConfig.CONTAINER_RULES_DIR), containerPath);
            String name = containerPath.substring(ServerConfig.CONTAINER_RULES_DIR.length());
            Path generated = dir.resolve(PrometheusArtifacts.RULES_DIR).resolve(name);
            assertTrue(Files.exists(generated), "rule_files names " + containerPath + ", which is not generated");
            local.add(generated.toString());
        }
        assertEquals(List.of(PrometheusArtifacts.ALERTS_FILE, PrometheusArtifacts.RECORDING_FILE),
                local.stream().map(p -> Path.of(p).getFileName().toString()).toList());
        config.put("rule_files", local);
        Path checked = write("prometheus.check.yml", config);

        String expected = "Checking " + checked + "\n"
                + "  SUCCESS: 2 rule files found\n"
                + " SUCCESS: " + checked + " is valid prometheus config file syntax\n"
                + "\n"
                + rulesChecked(local.get(0), PrometheusArtifacts.alertGroups())
                + rulesChecked(local.get(1), PrometheusArtifacts.recordingGroups());
        Promtool.run(dir, "check", "config", "--lint=all", checked.toString()).assertSuccess(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {PrometheusArtifacts.STATIC_SNIPPET, PrometheusArtifacts.FILE_SD_SNIPPET})
    @SuppressWarnings("unchecked")
    void scrapeConfigSnippetIsValid(String snippet) throws Exception {
        GeneratedPrometheusFiles.writeTo(dir);
        List<Map<String, Object>> jobs =
                (List<Map<String, Object>>) GeneratedPrometheusFiles.yaml(snippet).get("scrape_configs");
        assertEquals(1, jobs.size(), snippet + " holds one job");
        for (Map<String, Object> job : jobs) {
            for (Map<String, Object> sd : (List<Map<String, Object>>) job.getOrDefault("file_sd_configs",
                    List.of())) {
                // promtool reads the target files the job names: point it at the generated example
                assertEquals(List.of(ScrapeConfigs.FILE_SD_FILES), sd.get("files"));
                sd.put("files", List.of(dir.resolve(PrometheusArtifacts.FILE_SD_TARGETS).toString()));
            }
        }
        Path checked = write("snippet.check.yml", minimalConfig(jobs));

        String expected = "Checking " + checked + "\n"
                + " SUCCESS: " + checked + " is valid prometheus config file syntax\n"
                + "\n";
        Promtool.run(dir, "check", "config", checked.toString()).assertSuccess(expected);
    }

    /**
     * Debian builds Prometheus without Kubernetes discovery ("Kubernetes support has been completely removed",
     * NEWS.Debian for 1.5.0), so its promtool rejects {@code kubernetes_sd_configs} as an unknown field. The snippet
     * is checked as it is (an upstream promtool must accept it; Debian's must fail only on that field), then with the
     * discovery swapped for one static target so that promtool still validates the job and its relabelling.
     */
    @ParameterizedTest
    @ValueSource(strings = {PrometheusArtifacts.KUBERNETES_SNIPPET, PrometheusArtifacts.KUBERNETES_NODE_SNIPPET})
    @SuppressWarnings("unchecked")
    void kubernetesSnippetIsValid(String snippetPath) throws Exception {
        Map<String, Object> snippet = GeneratedPrometheusFiles.yaml(snippetPath);
        Map<String, Object> job = ((List<Map<String, Object>>) snippet.get("scrape_configs")).get(0);
        assertEquals(List.of(Map.of("role", "pod")), job.get("kubernetes_sd_configs"));

        Path asIs = write("kubernetes.check.yml", minimalConfig(List.of(job)));
        Promtool.Result result = Promtool.run(dir, "check", "config", asIs.toString());
        if (result.exitCode() != 0) {
            assertEquals("Checking " + asIs + "\n\n", result.stdout());
            String onlyKubernetesUnknown = Pattern.quote("  FAILED: parsing YAML file " + asIs
                    + ": yaml: unmarshal errors:\n") + "  line [0-9]+: field kubernetes_sd_configs not found in type "
                    + "config\\.ScrapeConfig\n";
            assertTrue(result.stderr().matches(onlyKubernetesUnknown), "promtool may fail on this snippet only "
                    + "because it was built without Kubernetes discovery, but said:\n" + result.stderr());
        }

        Map<String, Object> withoutDiscovery = new LinkedHashMap<>(job);
        withoutDiscovery.remove("kubernetes_sd_configs");
        withoutDiscovery.put("static_configs", List.of(Map.of("targets", List.of("10.0.0.1:9091"))));
        Path relabelled = write("kubernetes-relabel.check.yml", minimalConfig(List.of(withoutDiscovery)));
        Promtool.run(dir, "check", "config", relabelled.toString()).assertSuccess("Checking " + relabelled + "\n"
                + " SUCCESS: " + relabelled + " is valid prometheus config file syntax\n"
                + "\n");
    }

    @Test
    void fileSdExampleMatchesTheJobsPattern() {
        String name = Path.of(PrometheusArtifacts.FILE_SD_TARGETS).getFileName().toString();
        String pattern = Path.of(ScrapeConfigs.FILE_SD_FILES).getFileName().toString();
        assertTrue(name.matches(pattern.replace(".", "\\.").replace("*", ".*")),
                name + " must be picked up by " + ScrapeConfigs.FILE_SD_FILES + " when copied there");
    }

    private static Map<String, Object> minimalConfig(List<Map<String, Object>> jobs) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("scrape_configs", jobs);
        return config;
    }

    private Path write(String name, Map<String, Object> config) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, GeneratedPrometheusFiles.toYaml(config), StandardCharsets.UTF_8);
        return file;
    }

    static String rulesChecked(String file, List<RuleGroup> groups) {
        int rules = groups.stream().mapToInt(g -> g.rules().size()).sum();
        return "Checking " + file + "\n  SUCCESS: " + rules + " rules found\n\n";
    }
}
