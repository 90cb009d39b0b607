package dev.runnermetrics.dashboards.panels;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.dashboards.model.Dashboard;
import dev.runnermetrics.dashboards.model.DashboardBuilder;
import dev.runnermetrics.dashboards.model.RowBuilder;
import dev.runnermetrics.dashboards.model.VariableBuilder;
import java.util.List;

/** The "GitHub Runners" dashboard: variables, then one row per topic. */
public final class RunnerDashboard {

    public static final String UID = "github-runners";
    public static final String TITLE = "GitHub Runners";

    private RunnerDashboard() {
    }

    public static Dashboard build() {
        String source = Catalogue.SOURCE_UP.series(); // present for every watched runner from the first poll
        // Every counted deployment, whatever its result; not by job: a central webhook exporter may report them.
        String deployments = Catalogue.DEPLOYMENTS.series();
        return new DashboardBuilder(TITLE)
                .uid(UID)
                .description("Self-hosted GitHub Actions runners: status, jobs, durations, caches and DORA "
                        + "delivery metrics, from Runner Metrics exporters.")
                .tags(List.of("github-actions", "runners", "ci", "dora"))
                .refresh("30s")
                .time("now-24h", "now")
                .panelDatasource(Presets.DATASOURCE)
                .withVariable(VariableBuilder.datasource(Presets.DATASOURCE_VARIABLE, "prometheus")
                        .label("Data source"))
                .withVariable(VariableBuilder.labelValues("job", Presets.DATASOURCE, source, "job")
                        .label("Job").description("Prometheus scrape job of the exporters"))
                .withVariable(VariableBuilder.labelValues("runner_type", Presets.DATASOURCE,
                        source + "{job=~\"$job\"}", "runner_type").label("Runner type"))
                .withVariable(VariableBuilder.labelValues("runner_name", Presets.DATASOURCE,
                        source + "{job=~\"$job\", runner_type=~\"$runner_type\"}", "runner_name").label("Runner"))
                .withVariable(VariableBuilder.labelValues(Presets.REPOSITORY_VARIABLE, Presets.DATASOURCE,
                        deployments, "repository").label("Repository")
                        .description("Repositories with deployments; filters the DORA panels only"))
                .withVariable(VariableBuilder.labelValues(Presets.ENVIRONMENT_VARIABLE, Presets.DATASOURCE,
                        deployments + "{repository=~\"$" + Presets.REPOSITORY_VARIABLE + "\"}", "environment")
                        .label("Environment")
                        .description("Deployment environments of the selected repositories; filters the DORA panels "
                                + "only"))
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
