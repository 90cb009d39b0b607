package dev.runnermetrics.dashboards.prometheus;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.runnermetrics.dashboards.output.Artifact;
import dev.runnermetrics.dashboards.output.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes what the generator writes for Prometheus into a folder, and reads YAML back for inspection. */
final class GeneratedPrometheusFiles {

    private GeneratedPrometheusFiles() {
    }

    /** Writes every Prometheus artifact below {@code root}, at the paths the generator uses. */
    static void writeTo(Path root) throws IOException {
        for (Artifact a : PrometheusArtifacts.all()) {
            Path file = root.resolve(a.path());
            Files.createDirectories(file.getParent());
            Files.writeString(file, a.content(), StandardCharsets.UTF_8);
        }
    }

    static String content(String path) {
        return PrometheusArtifacts.all().stream().filter(a -> a.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("not generated: " + path)).content();
    }

    static Map<String, Object> yaml(String path) throws IOException {
        return parse(content(path));
    }

    static Map<String, Object> parse(String yaml) throws IOException {
        return Json.YAML.readValue(yaml, new TypeReference<Map<String, Object>>() { });
    }

    static String toYaml(Object value) {
        return Json.yaml(value);
    }

    /** The rules of a generated rule file, across its groups. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules(String ruleFilePath) throws IOException {
        List<Map<String, Object>> groups = (List<Map<String, Object>>) yaml(ruleFilePath).get("groups");
        return groups.stream().flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream()).toList();
    }

    static List<String> alertNames() throws IOException {
        return rules(PrometheusArtifacts.ALERTS).stream().map(r -> (String) r.get("alert")).toList();
    }

    static List<String> recordNames() throws IOException {
        return rules(PrometheusArtifacts.RECORDING).stream().map(r -> (String) r.get("record")).toList();
    }
}
