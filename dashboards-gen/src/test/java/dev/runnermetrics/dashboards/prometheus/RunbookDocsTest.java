package dev.runnermetrics.dashboards.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every alert's runbook_url anchor lands on a section of docs/PROMETHEUS_INTEGRATION.md, and no section is stale. */
class RunbookDocsTest {

    private static final Pattern ALERT_HEADING = Pattern.compile("(?m)^### (GitHubRunner[A-Za-z0-9]*)\\s*$");

    @Test
    void everyAlertHasARunbookSectionAndEverySectionAnAlert() throws Exception {
        Path docs = Path.of(System.getProperty("basedir", ".")).resolve("../docs/PROMETHEUS_INTEGRATION.md");
        assertTrue(Files.exists(docs), docs + " is missing");
        String text = Files.readString(docs, StandardCharsets.UTF_8);
        List<String> sections = new ArrayList<>();
        Matcher m = ALERT_HEADING.matcher(text);
        while (m.find()) {
            sections.add(m.group(1));
        }
        assertEquals(GeneratedPrometheusFiles.alertNames(), sections,
                "docs/PROMETHEUS_INTEGRATION.md needs one '### AlertName' runbook section per alert, in rule order");
        for (Map<String, Object> rule : GeneratedPrometheusFiles.rules(PrometheusArtifacts.ALERTS)) {
            String url = (String) ((Map<?, ?>) rule.get("annotations")).get("runbook_url");
            assertEquals(githubAnchor((String) rule.get("alert")), url.substring(url.indexOf('#') + 1),
                    "runbook_url must point at the heading's anchor");
        }
    }

    /** How GitHub turns a heading into an anchor: lower case, punctuation dropped, spaces to hyphens. */
    static String githubAnchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
