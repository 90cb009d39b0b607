package dev.runnermetrics.dashboards.panels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.dashboards.Generate;
import dev.runnermetrics.dashboards.model.Dashboard;
import dev.runnermetrics.dashboards.output.LayoutPicture;
import dev.runnermetrics.dashboards.promql.QueryScan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The four dashboards hang together: stable uids, one tag, links that carry the variables, the same variables. */
class SuiteTest {

    private final List<Dashboard> suite = Suite.dashboards();

    private static List<Dashboard.Panel> panels(Dashboard d) {
        return d.panels.stream().filter(p -> !"row".equals(p.type)).toList();
    }

    private Dashboard dashboard(String uid) {
        return suite.stream().filter(d -> d.uid.equals(uid)).findFirst().orElseThrow();
    }

    @Test
    void fourDashboardsWithStableUidsAndTitles() {
        assertEquals(List.of("github-runners:GitHub Runners", "github-runners-dora:GitHub Runners / DORA",
                        "github-runners-jobs:GitHub Runners / Job Analysis",
                        "github-runners-capacity:GitHub Runners / Capacity & Health"),
                suite.stream().map(d -> d.uid + ":" + d.title).toList());
    }

    @Test
    void everyDashboardCarriesTheTagAndLinksToTheOthersWithItsVariablesAndTime() {
        for (Dashboard d : suite) {
            assertTrue(d.tags.contains(Suite.TAG), d.uid + " tags " + d.tags);
            assertNotNull(d.links, d.uid + " has no links");
            assertEquals(1, d.links.size(), d.uid);
            Dashboard.Link link = d.links.get(0);
            assertEquals("dashboards", link.type(), "a link listing the dashboards with the suite's tag");
            assertEquals(List.of(Suite.TAG), link.tags());
            assertTrue(link.includeVars() && link.keepTime(), "the link carries the variables and the time range");
        }
    }

    @Test
    void aVariableMeansTheSameOnEveryDashboardThatHasIt() {
        Map<String, String> definitions = new HashMap<>();
        for (Dashboard d : suite) {
            for (Dashboard.Variable v : d.templating.list) {
                String definition = v.type + " " + (v.definition != null ? v.definition : v.query);
                String before = definitions.putIfAbsent(v.name, definition);
                assertTrue(before == null || before.equals(definition),
                        v.name + " differs on " + d.uid + ": " + definition + " vs " + before);
            }
        }
        assertEquals(Set.of("datasource", "job", "runner_type", "runner_name", "repository", "environment"),
                definitions.keySet());
        assertEquals(List.of("datasource", "job", "repository", "environment"),
                dashboard(DoraDashboard.UID).templating.list.stream().map(v -> v.name).toList());
        for (String uid : List.of(JobAnalysisDashboard.UID, CapacityDashboard.UID)) {
            assertEquals(List.of("datasource", "job", "runner_type", "runner_name"),
                    dashboard(uid).templating.list.stream().map(v -> v.name).toList(), uid);
        }
    }

    @Test
    void theNewDashboardsHaveThePanelsTheSpecAsksFor() {
        assertEquals(List.of("Deployment Frequency:stat", "Lead Time for Changes:stat",
                        "Lead Time for Changes (p90):stat", "Change Failure Rate:gauge", "Time to Restore Service:stat",
                        "Deployments:stat", "Four Keys by Repository and Environment:table",
                        "Deployments per Week:timeseries", "Lead Time Trend:timeseries",
                        "Change Failure Rate Trend:timeseries", "Time to Restore Trend:timeseries",
                        "Deployment Outcomes by Environment:table", "Where the Figures Come From:table",
                        "Observations Not Counted:timeseries"),
                titles(DoraDashboard.UID));
        assertEquals(List.of("Jobs by Result:timeseries", "Success Rate per Runner Type:timeseries",
                        "Success Rate by Runner Type:bargauge", "Job Status Distribution:piechart",
                        "Job Duration Percentiles:timeseries", "Job Duration Distribution:heatmap",
                        "Queue Time by runs-on Labels:timeseries", "Cancelled Before a Runner Took Them:stat",
                        "Abandoned Jobs:stat", "Result Conflicts:stat", "Top Failing Workflows:bargauge",
                        "Slowest Workflows:bargauge"),
                titles(JobAnalysisDashboard.UID));
        assertEquals(List.of("Utilisation per Runner Type:timeseries", "Queued Jobs vs Idle Runners:timeseries",
                        "Online Runners:timeseries", "Runner Churn:timeseries",
                        "Listener Problems by Reason:timeseries", "Cache Hit Rates:timeseries", "Sources Up:stat",
                        "State Save Failures:stat", "Log Lag:timeseries", "Parse Errors:timeseries",
                        "Webhook Deliveries:timeseries", "REST API Rate Limit Remaining:timeseries",
                        "REST API Requests:timeseries"),
                titles(CapacityDashboard.UID));
    }

    /** The DORA stats are banded by the report's levels, and say so with the source. */
    @Test
    void everyBandedDoraPanelCitesTheReportAndHasFourLevels() {
        for (Dashboard.Panel p : panels(dashboard(DoraDashboard.UID))) {
            if (p.fieldConfig.defaults.thresholds != null && p.fieldConfig.defaults.thresholds.steps().size() == 4) {
                assertTrue(p.description.contains("DORA") && p.description.contains("levels"), p.title);
            }
        }
        Dashboard.Panel restore = panels(dashboard(DoraDashboard.UID)).stream()
                .filter(p -> p.title.equals("Time to Restore Service")).findFirst().orElseThrow();
        assertEquals(4, restore.fieldConfig.defaults.thresholds.steps().size());
        assertTrue(restore.description.contains("State of DevOps Report 2023"), restore.description);
    }

    @Test
    void everyPanelUsesOnlyTheVariablesOfItsDashboardAndEveryQueryPassesTheLinter() {
        for (Dashboard d : suite) {
            Set<String> defined = new TreeSet<>(d.templating.list.stream().map(v -> v.name).toList());
            for (Dashboard.Panel p : panels(d)) {
                for (Dashboard.Target t : p.targets) {
                    assertTrue(defined.containsAll(QueryScan.of(t.expr).variables()), d.uid + " " + p.title);
                }
                assertFalse(p.description == null || p.description.isBlank(), p.title);
                assertNotNull(p.fieldConfig.defaults.unit, p.title);
            }
            assertEquals(List.of(), Generate.validate(d), d.uid);
        }
    }

    @Test
    void theLayoutPictureShowsEveryPanelWithItsType() {
        for (Dashboard d : suite) {
            String svg = Generate.artifacts().stream().filter(a -> a.path().equals(LayoutPicture.path(d)))
                    .findFirst().orElseThrow().content();
            assertTrue(svg.startsWith("<svg ") && svg.endsWith("</svg>\n"), d.uid);
            assertEquals(panels(d).size(), svg.split("<rect x=", -1).length - 1, d.uid + ": one box per panel");
            for (Dashboard.Panel p : panels(d)) {
                String prefix = p.title.substring(0, Math.min(10, p.title.length())).replace("&", "&amp;");
                assertTrue(svg.contains(">" + prefix), d.uid + ": no title " + p.title);
                assertTrue(svg.contains(">" + p.type + " · " + p.gridPos.w() + "×" + p.gridPos.h() + "<"),
                        d.uid + ": no type of " + p.title);
            }
        }
    }

    private List<String> titles(String uid) {
        return panels(dashboard(uid)).stream().map(p -> p.title + ":" + p.type).toList();
    }
}
