package dev.runnermetrics.dashboards.panels;

import dev.runnermetrics.dashboards.model.Dashboard;
import dev.runnermetrics.dashboards.model.RowBuilder;
import java.util.List;

/** The "GitHub Runners" dashboard, the suite's overview: variables, then one row per topic. */
public final class RunnerDashboard {

    public static final String UID = "github-runners";
    public static final String TITLE = "GitHub Runners";

    private RunnerDashboard() {
    }

    public static Dashboard build() {
        return Suite.dashboard(TITLE, UID,
                "Self-hosted GitHub Actions runners: status, jobs, durations, caches and DORA "
                        + "delivery metrics, from Runner Metrics exporters.",
                List.of("github-actions", "runners", "ci", "dora"), "30s", "now-24h")
                .withVariable(Suite.runnerType())
                .withVariable(Suite.runnerName())
                .withVariable(Suite.repository("Repositories with deployments; filters the DORA panels only"))
                .withVariable(Suite.environment("Deployment environments of the selected repositories; filters the "
                        + "DORA panels only"))
                .withRow(new RowBuilder("Fleet"))
                .withPanel(FleetPanels.runnerStatusOverview())
                .withPanel(FleetPanels.activeRunners())
                .withPanel(JobPanels.totalJobs())
                .withPanel(FleetPanels.runnerUptime())
                .withRow(new RowBuilder("Jobs"))
                .withPanel(JobPanels.successRate())
                .withPanel(JobPanels.statusDistribution())
                .withPanel(JobPanels.jobsPerHour())
                .withPanel(JobPanels.durationTrends())
                .withPanel(CachePanels.cacheHitRates())
                .withRow(new RowBuilder("Delivery (DORA)"))
                .withPanel(DoraPanels.deploymentFrequency())
                .withPanel(DoraPanels.leadTime())
                .withPanel(DoraPanels.changeFailureRate())
                .build();
    }
}
