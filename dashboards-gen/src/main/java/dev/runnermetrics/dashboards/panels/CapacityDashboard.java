package dev.runnermetrics.dashboards.panels;

import dev.runnermetrics.dashboards.model.Dashboard;
import dev.runnermetrics.dashboards.model.RowBuilder;
import java.util.List;

/** Enough runners and a healthy exporter: utilisation, saturation, churn, listener problems, caches, intake. */
public final class CapacityDashboard {

    public static final String UID = "github-runners-capacity";
    public static final String TITLE = "GitHub Runners / Capacity & Health";

    private CapacityDashboard() {
    }

    public static Dashboard build() {
        return Suite.dashboard(TITLE, UID,
                "Capacity and health of self-hosted GitHub Actions runners: utilisation and saturation "
                        + "per runner type, online runners and churn, listener problems, cache hit rates, and the "
                        + "Runner Metrics exporters' own health (sources, lag, parse errors, state, webhooks, REST "
                        + "API).",
                List.of("github-actions", "runners", "capacity"), "1m", "now-7d")
                .withVariable(Suite.runnerType())
                .withVariable(Suite.runnerName())
                .withRow(new RowBuilder("Capacity"))
                .withPanel(CapacityPanels.utilisation())
                .withPanel(CapacityPanels.saturation())
                .withPanel(CapacityPanels.onlineRunners())
                .withPanel(CapacityPanels.churn())
                .withRow(new RowBuilder("Runner health"))
                .withPanel(CapacityPanels.listenerProblems())
                .withPanel(CachePanels.cacheHitRates())
                .withRow(new RowBuilder("Exporter health"))
                .withPanel(ExporterHealthPanels.sourcesUp())
                .withPanel(ExporterHealthPanels.stateSaveFailures())
                .withPanel(ExporterHealthPanels.lag().size(6, 6))
                .withPanel(ExporterHealthPanels.parseErrors())
                .withPanel(ExporterHealthPanels.webhookDeliveries())
                .withPanel(ExporterHealthPanels.apiRateLimit())
                .withPanel(ExporterHealthPanels.apiRequests())
                .build();
    }
}
