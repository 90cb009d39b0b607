package dev.runnermetrics.dashboards.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.testkit.prometheus.Promtool;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promtool test rules} with the hand-written tests in src/test/resources/prometheus/, run against the generated
 * rule files, and the rule that every generated alert has a case where it fires and one where it does not, and every
 * recording rule an expression test.
 */
class PromtoolRuleTestsTest {

    /** Stands for the build's runbook base URL in expected annotations. */
    static final String RUNBOOK_PLACEHOLDER = "@runbook.base-url@";

    @TempDir
    Path dir;

    @Test
    void ruleUnitTestsPass() throws Exception {
        GeneratedPrometheusFiles.writeTo(dir);
        Path prometheusDir = dir.resolve(PrometheusArtifacts.DIR);
        List<String> names = new ArrayList<>();
        StringBuilder expected = new StringBuilder();
        for (Path test : testFiles()) {
            String name = test.getFileName().toString();
            String content = Files.readString(test, StandardCharsets.UTF_8)
                    .replace(RUNBOOK_PLACEHOLDER, Runbook.baseUrl());
            Files.writeString(prometheusDir.resolve(name), content, StandardCharsets.UTF_8);
            names.add(name);
            expected.append("Unit Testing:  ").append(name).append("\n  SUCCESS\n\n");
        }
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        args.addAll(names);
        Promtool.run(prometheusDir, args.toArray(String[]::new)).assertSuccess(expected.toString());
    }

    @Test
    void everyAlertHasAFiringAndANonFiringCase() throws Exception {
        Set<String> firing = new TreeSet<>();
        Set<String> notFiring = new TreeSet<>();
        for (Map<String, Object> test : tests()) {
            for (Map<String, Object> c : list(test, "alert_rule_test")) {
                String alert = (String) c.get("alertname");
                (list(c, "exp_alerts").isEmpty() ? notFiring : firing).add(alert);
            }
        }
        List<String> alerts = GeneratedPrometheusFiles.alertNames();
        List<String> missing = new ArrayList<>();
        for (String alert : alerts) {
            if (!firing.contains(alert)) {
                missing.add(alert + " has no case in which it fires");
            }
            if (!notFiring.contains(alert)) {
                missing.add(alert + " has no case in which it stays silent");
            }
        }
        assertEquals(List.of(), missing, "add cases to src/test/resources/prometheus/*.test.yml");
        // A case for an alert that does not exist would pass without testing anything.
        Set<String> unknown = new TreeSet<>(firing);
        unknown.addAll(notFiring);
        alerts.forEach(unknown::remove);
        assertEquals(Set.of(), unknown, "test cases name alerts the generated rules do not have");
    }

    @Test
    void everyRecordingRuleIsTested() throws Exception {
        Set<String> tested = new LinkedHashSet<>();
        for (Map<String, Object> test : tests()) {
            for (Map<String, Object> c : list(test, "promql_expr_test")) {
                tested.add(((String) c.get("expr")).strip());
                assertFalse(list(c, "exp_samples").isEmpty(), "expression test without expected samples: " + c);
            }
        }
        List<String> untested = GeneratedPrometheusFiles.recordNames().stream()
                .filter(name -> !tested.contains(name)).toList();
        assertEquals(List.of(), untested, "recording rules without a promql_expr_test querying them");
    }

    @Test
    void testFilesLoadGeneratedRuleFiles() throws Exception {
        Set<String> generated = Set.of(PrometheusArtifacts.ALERTS_FILE, PrometheusArtifacts.RECORDING_FILE);
        for (Path test : testFiles()) {
            @SuppressWarnings("unchecked")
            List<String> ruleFiles = (List<String>) GeneratedPrometheusFiles.parse(Files.readString(test))
                    .get("rule_files");
            assertFalse(ruleFiles == null || ruleFiles.isEmpty(), test + " loads no rules");
            for (String ruleFile : ruleFiles) {
                assertTrue(ruleFile.startsWith("rules/") && generated.contains(ruleFile.substring(6)),
                        test + " loads " + ruleFile + ", expected rules/ and one of " + generated);
            }
        }
    }

    static List<Path> testFiles() throws IOException, URISyntaxException {
        Path resources = Path.of(PromtoolRuleTestsTest.class.getResource("/prometheus").toURI());
        try (Stream<Path> files = Files.list(resources)) {
            List<Path> tests = files.filter(f -> f.getFileName().toString().endsWith(".test.yml")).sorted().toList();
            assertFalse(tests.isEmpty(), "no *.test.yml in " + resources);
            return tests;
        }
    }

    private static List<Map<String, Object>> tests() throws IOException, URISyntaxException {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Path file : testFiles()) {
            all.addAll(list(GeneratedPrometheusFiles.parse(Files.readString(file)), "tests"));
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }
}
