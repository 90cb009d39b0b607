package dev.runnermetrics.dashboards.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.catalogue.MetricType;
import dev.runnermetrics.catalogue.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/METRICS.md covers every catalogue family once, and its links land on its headings. */
class MetricsDocTest {

    private static final String DOC = MetricsDoc.artifact().content();

    @Test
    void everyFamilyHasOneSectionWithItsHelpAndSeries() {
        for (MetricSpec spec : Catalogue.ALL) {
            String exposed = spec.type() == MetricType.COUNTER ? spec.name() + "_total" : spec.name();
            assertEquals(1, count("(?m)^### " + Pattern.quote(exposed) + "$"), exposed + " needs one section");
            assertTrue(DOC.contains(spec.help()), exposed + ": its HELP text");
            for (String sample : spec.sampleNames()) {
                assertTrue(DOC.contains("`" + sample + "`"), exposed + ": series " + sample);
            }
        }
        assertEquals(Catalogue.ALL.size(), count("(?m)^### "), "no section for anything outside the catalogue");
    }

    @Test
    void overviewLinksLandOnHeadings() {
        List<String> anchors = new ArrayList<>();
        Matcher headings = Pattern.compile("(?m)^#{2,3} (.+)$").matcher(DOC);
        while (headings.find()) {
            anchors.add(MetricsDoc.anchor(headings.group(1)));
        }
        Matcher links = Pattern.compile("\\]\\(#([^)]+)\\)").matcher(DOC);
        int n = 0;
        while (links.find()) {
            assertTrue(anchors.contains(links.group(1)), "no heading for #" + links.group(1));
            n++;
        }
        assertEquals(Catalogue.ALL.size(), n, "one overview row per family");
    }

    /** Each family sits in the section of the subject the catalogue declares for it, not where its name hints. */
    @Test
    void everyFamilyIsInTheSectionOfItsSubject() {
        for (MetricSpec spec : Catalogue.ALL) {
            String exposed = spec.type() == MetricType.COUNTER ? spec.name() + "_total" : spec.name();
            int at = DOC.indexOf("\n### " + exposed + "\n");
            Matcher sections = Pattern.compile("(?m)^## (.+)$").matcher(DOC.substring(0, at));
            String section = null;
            while (sections.find()) {
                section = sections.group(1);
            }
            assertEquals(MetricsDoc.title(Catalogue.subject(spec).orElseThrow()), section, exposed);
        }
        // The receiver's own counters are about the exporter's intake, not about deployments.
        assertEquals("GitHub intake self-metrics", MetricsDoc.title(Subject.GITHUB_INTAKE));
        assertEquals(Subject.GITHUB_INTAKE, Catalogue.subject(Catalogue.WEBHOOK_DELIVERIES).orElseThrow());
    }

    @Test
    void durationsReadAsPeopleSayThem() {
        assertEquals("5 s", MetricsDoc.duration(5));
        assertEquals("1.5 min", MetricsDoc.duration(90));
        assertEquals("6 h", MetricsDoc.duration(21600));
        assertEquals("30 d", MetricsDoc.duration(2592000));
    }

    @Test
    void aFamilyOutsideEveryGroupFailsTheBuild() {
        MetricSpec stray = new MetricSpec("something_else", MetricType.GAUGE, "", "Not a runner metric.", true,
                List.of(), List.of(), List.of());
        assertThrows(IllegalStateException.class, () -> MetricsDoc.render(List.of(stray)));
    }

    private static int count(String regex) {
        Matcher m = Pattern.compile(regex).matcher(DOC);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
