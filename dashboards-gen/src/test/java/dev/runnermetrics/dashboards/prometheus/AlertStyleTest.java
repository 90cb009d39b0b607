package dev.runnermetrics.dashboards.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every generated alert follows the mixtool style; the rule model refuses alerts that do not. */
class AlertStyleTest {

    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasNameForSeveritySummaryTemplatedDescriptionAndRunbook() throws Exception {
        List<Map<String, Object>> rules = GeneratedPrometheusFiles.rules(PrometheusArtifacts.ALERTS);
        assertFalse(rules.isEmpty());
        Set<String> names = new HashSet<>();
        Set<String> severities = new HashSet<>();
        for (Map<String, Object> rule : rules) {
            String name = (String) rule.get("alert");
            assertTrue(name != null && name.matches("(?:[A-Z][a-z0-9]+)+"), "not CamelCase: " + rule);
            assertTrue(names.add(name), "alert defined twice: " + name);
            assertTrue(rule.get("expr") instanceof String e && !e.isBlank(), name + " has no expr");
            assertTrue(rule.get("for") instanceof String f && f.matches("[0-9]+[smh]"), name + " needs for:");

            Map<String, Object> labels = (Map<String, Object>) rule.get("labels");
            String severity = labels == null ? null : (String) labels.get("severity");
            assertTrue(SEVERITIES.contains(severity), name + " severity must be one of " + SEVERITIES);
            severities.add(severity);

            Map<String, Object> annotations = (Map<String, Object>) rule.get("annotations");
            assertEquals(Set.of("summary", "description", "runbook_url"), annotations.keySet(), name);
            String summary = (String) annotations.get("summary");
            assertTrue(summary != null && !summary.isBlank() && !summary.contains("\n"), name + " summary");
            String description = (String) annotations.get("description");
            assertTrue(description != null && description.matches("(?s).*\\{\\{ \\$labels\\.[a-z_]+ }}.*"),
                    name + " description must use {{ $labels.… }}: " + description);
            assertEquals(Runbook.baseUrl() + "#" + name.toLowerCase(Locale.ROOT), annotations.get("runbook_url"),
                    name + " runbook_url");
        }
        assertEquals(SEVERITIES, severities, "critical, warning and info are all in use");
    }

    @Test
    void runbookUrlFollowsTheBuildProperty() {
        String before = System.getProperty(Runbook.BASE_URL_PROPERTY);
        try {
            System.setProperty(Runbook.BASE_URL_PROPERTY, "https://example.org/docs/PROMETHEUS_INTEGRATION.md");
            assertEquals("https://example.org/docs/PROMETHEUS_INTEGRATION.md#githubrunneroffline",
                    RunnerAlerts.offline().runbookUrl());
            System.clearProperty(Runbook.BASE_URL_PROPERTY);
            assertEquals("docs/PROMETHEUS_INTEGRATION.md#githubrunneroffline", RunnerAlerts.offline().runbookUrl());
        } finally {
            if (before == null) {
                System.clearProperty(Runbook.BASE_URL_PROPERTY);
            } else {
                System.setProperty(Runbook.BASE_URL_PROPERTY, before);
            }
        }
    }

    @Test
    void theModelRefusesAlertsThatBreakTheStyle() {
        String expr = "vector(1)";
        String desc = "Runner {{ $labels.runner_name }} is odd.";
        assertThrows(IllegalArgumentException.class,
                () -> new AlertRule("github_runner_offline", expr, "5m", Severity.INFO, "Odd.", desc));
        assertThrows(IllegalArgumentException.class,
                () -> new AlertRule("GitHubRunnerOdd", expr, "", Severity.INFO, "Odd.", desc));
        assertThrows(IllegalArgumentException.class,
                () -> new AlertRule("GitHubRunnerOdd", expr, "5m", Severity.INFO, " ", desc));
        assertThrows(IllegalArgumentException.class,
                () -> new AlertRule("GitHubRunnerOdd", expr, "5m", Severity.INFO, "Odd.", "A runner is odd."));
        assertThrows(NullPointerException.class,
                () -> new AlertRule("GitHubRunnerOdd", expr, "5m", null, "Odd.", desc));
    }
}
