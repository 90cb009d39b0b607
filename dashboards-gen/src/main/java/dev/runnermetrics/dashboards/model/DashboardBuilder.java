package dev.runnermetrics.dashboards.model;

import dev.runnermetrics.dashboards.model.Dashboard.DataSourceRef;
import dev.runnermetrics.dashboards.model.Dashboard.GridPos;
import dev.runnermetrics.dashboards.model.Dashboard.Panel;
import dev.runnermetrics.dashboards.model.Dashboard.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a dashboard like the SDK's {@code dashboard.DashboardBuilder}; also lays panels out left to right in the
 * 24-column grid, starting a new line when one does not fit, and a new line for every row header.
 */
public final class DashboardBuilder {

    public static final int GRID_COLUMNS = 24;

    private final Dashboard dashboard = new Dashboard();
    private final List<Object> items = new ArrayList<>();
    private DataSourceRef panelDatasource;

    public DashboardBuilder(String title) {
        dashboard.title = title;
    }

    public DashboardBuilder uid(String uid) {
        dashboard.uid = uid;
        return this;
    }

    public DashboardBuilder description(String description) {
        dashboard.description = description;
        return this;
    }

    public DashboardBuilder tags(List<String> tags) {
        dashboard.tags = new ArrayList<>(tags);
        return this;
    }

    public DashboardBuilder link(Dashboard.Link link) {
        if (dashboard.links == null) {
            dashboard.links = new ArrayList<>();
        }
        dashboard.links.add(link);
        return this;
    }

    public DashboardBuilder refresh(String refresh) {
        dashboard.refresh = refresh;
        return this;
    }

    public DashboardBuilder time(String from, String to) {
        dashboard.time = new Dashboard.TimeRange(from, to);
        return this;
    }

    /** The datasource every panel and query uses (a reference to the datasource variable). */
    public DashboardBuilder panelDatasource(DataSourceRef datasource) {
        this.panelDatasource = datasource;
        return this;
    }

    public DashboardBuilder withVariable(VariableBuilder variable) {
        dashboard.templating.list.add(variable.build());
        return this;
    }

    public DashboardBuilder withRow(RowBuilder row) {
        items.add(row);
        return this;
    }

    public DashboardBuilder withPanel(PanelBuilder panel) {
        items.add(panel);
        return this;
    }

    public Dashboard build() {
        dashboard.annotations = Map.of("list", List.of(Map.of(
                "builtIn", 1, "datasource", Map.of("type", "grafana", "uid", "-- Grafana --"), "enable", true,
                "hide", true, "iconColor", "rgba(0, 211, 255, 1)", "name", "Annotations & Alerts",
                "type", "dashboard")));
        dashboard.panels = new ArrayList<>();
        int id = 1;
        int x = 0;
        int y = 0;
        int lineHeight = 0;
        for (Object item : items) {
            if (item instanceof RowBuilder row) {
                y += lineHeight;
                Panel p = new Panel();
                p.id = id++;
                p.type = "row";
                p.title = row.title();
                p.collapsed = false;
                p.panels = List.of();
                p.gridPos = new GridPos(1, GRID_COLUMNS, 0, y);
                dashboard.panels.add(p);
                x = 0;
                y += 1;
                lineHeight = 0;
                continue;
            }
            PanelBuilder builder = (PanelBuilder) item;
            if (x + builder.width() > GRID_COLUMNS) {
                x = 0;
                y += lineHeight;
                lineHeight = 0;
            }
            Panel p = builder.build();
            p.id = id++;
            p.gridPos = new GridPos(builder.height(), builder.width(), x, y);
            p.datasource = panelDatasource;
            for (Target t : p.targets) {
                t.datasource = panelDatasource;
            }
            dashboard.panels.add(p);
            x += builder.width();
            lineHeight = Math.max(lineHeight, builder.height());
        }
        return dashboard;
    }
}
