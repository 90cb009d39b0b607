package dev.runnermetrics.dashboards.panels;

import dev.runnermetrics.dashboards.model.Dashboard;
import dev.runnermetrics.dashboards.model.RowBuilder;
import java.util.List;

/** What happens to jobs: results, success per runner type, durations, queue time, lost jobs and hot spots. */
public final class JobAnalysisDashboard {

    public static final String UID = "github-runners-jobs";
    public static final String TITLE = "GitHub Runners / Job Analysis";

    private JobAnalysisDashboard() {
    }

    public static Dashboard build() {
        return Suite.dashboard(TITLE, UID,
                "Jobs on self-hosted GitHub Actions runners: results over time, success rate per runner "
                        + "type, duration percentiles and distribution, queue time by runs-on labels, jobs lost or "
                        + "disputed, and the failing and slowest workflows, from Runner Metrics exporters.",
                List.of("github-actions", "runners", "ci"), "1m", "now-24h")
                .withVariable(Suite.runnerType())
                .withVariable(Suite.runnerName())
                .withRow(new RowBuilder("Results"))
                .withPanel(JobPanels.jobsByResult())
                .withPanel(JobPanels.successRateByType())
                .withPanel(JobPanels.successRateByTypeInRange())
                .withPanel(JobPanels.statusDistribution().size(12, 8))
                .withRow(new RowBuilder("Durations and queue time"))
                .withPanel(JobPanels.durationPercentilesByType())
                .withPanel(JobPanels.durationHeatmap())
                .withPanel(JobPanels.queueTimeByRunsOn().size(24, 8))
                .withRow(new RowBuilder("Lost and disputed jobs"))
                .withPanel(JobPanels.cancelledBeforeRun())
                .withPanel(JobPanels.abandonedJobs())
                .withPanel(JobPanels.resultConflicts())
                .withRow(new RowBuilder("Hot spots (opt-in repository and workflow labels)"))
                .withPanel(JobPanels.topFailingWorkflows())
                .withPanel(JobPanels.slowestWorkflows())
                .build();
    }
}
