package dev.runnermetrics.dashboards.panels;

import dev.runnermetrics.dashboards.model.Dashboard;
import dev.runnermetrics.dashboards.model.RowBuilder;
import java.util.List;

/** DORA's four keys per repository and environment: the figures, their weekly trends, and where they come from. */
public final class DoraDashboard {

    public static final String UID = "github-runners-dora";
    public static final String TITLE = "GitHub Runners / DORA";

    private DoraDashboard() {
    }

    public static Dashboard build() {
        return Suite.dashboard(TITLE, UID,
                "DORA's four keys (deployment frequency, lead time for changes, change failure rate, "
                        + "time to restore service) per repository and environment, banded by the DORA report's "
                        + "performance levels, from Runner Metrics exporters (webhooks on a hub, Worker logs on a "
                        + "sidecar).",
                List.of("github-actions", "dora"), "1m", "now-7d")
                .withVariable(Suite.repository("Repositories with deployments"))
                .withVariable(Suite.environment("Deployment environments of the selected repositories"))
                .withRow(new RowBuilder("The four keys"))
                .withPanel(DoraPanels.deploymentFrequency())
                .withPanel(DoraPanels.leadTime())
                .withPanel(DoraPanels.leadTimeP90())
                .withPanel(DoraPanels.changeFailureRate())
                .withPanel(DoraPanels.timeToRestore())
                .withPanel(DoraPanels.deploymentsByResult())
                .withPanel(DoraPanels.fourKeysTable())
                .withRow(new RowBuilder("Trends (rolling week)"))
                .withPanel(DoraPanels.deploymentsPerWeek())
                .withPanel(DoraPanels.leadTimeTrend())
                .withPanel(DoraPanels.changeFailureRateTrend())
                .withPanel(DoraPanels.timeToRestoreTrend())
                .withRow(new RowBuilder("Deployments and sources"))
                .withPanel(DoraPanels.recentOutcomes())
                .withPanel(DoraPanels.deploymentSources())
                .withPanel(DoraPanels.droppedObservations().size(24, 6))
                .build();
    }
}
