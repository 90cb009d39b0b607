package dev.runnermetrics.dashboards.panels;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.dashboards.model.Dashboard;
import dev.runnermetrics.dashboards.model.DashboardBuilder;
import dev.runnermetrics.dashboards.model.VariableBuilder;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the four dashboards share: one tag, one link that lists the others (carrying the variables and the time
 * range), and the variables, defined once so that a variable means the same on every dashboard.
 */
public final class Suite {

    /** The tag every dashboard of the suite carries; the dashboard link lists the dashboards with it. */
    public static final String TAG = "runner-metrics";

    private Suite() {
    }

    /** The four dashboards, the overview first. */
    public static List<Dashboard> dashboards() {
        return List.of(RunnerDashboard.build(), DoraDashboard.build(), JobAnalysisDashboard.build(),
                CapacityDashboard.build());
    }

    /**
     * One link of type "dashboards": Grafana shows every dashboard tagged {@link #TAG} side by side, and opens it
     * with the current variables and time range.
     */
    /**
     * A dashboard of the suite with what they all share: its tags and the suite's, the link to the others, the
     * panels' data source, and the data source and scrape job variables (its own variables follow).
     *
     * @param from the start of its default time range, to now
     */
    static DashboardBuilder dashboard(String title, String uid, String description, List<String> tags,
            String refresh, String from) {
        return new DashboardBuilder(title)
                .uid(uid)
                .description(description)
                .tags(Stream.concat(tags.stream(), Stream.of(TAG)).toList())
                .link(otherDashboards())
                .refresh(refresh)
                .time(from, "now")
                .panelDatasource(Presets.DATASOURCE)
                .withVariable(datasource())
                .withVariable(job());
    }

    static Dashboard.Link otherDashboards() {
        return new Dashboard.Link("Runner Metrics", "dashboards", "external link",
                "The other Runner Metrics dashboards, with the selected variables and time range", "", List.of(TAG),
                false, false, true, true);
    }

    static VariableBuilder datasource() {
        return VariableBuilder.datasource(Presets.DATASOURCE_VARIABLE, "prometheus").label("Data source");
    }

    static VariableBuilder job() {
        return VariableBuilder.labelValues("job", Presets.DATASOURCE, Catalogue.SOURCE_UP.series(), "job")
                .label("Job").description("Prometheus scrape job of the exporters");
    }

    static VariableBuilder runnerType() {
        return VariableBuilder.labelValues("runner_type", Presets.DATASOURCE,
                Catalogue.SOURCE_UP.series() + "{job=~\"$job\"}", "runner_type").label("Runner type");
    }

    static VariableBuilder runnerName() {
        return VariableBuilder.labelValues("runner_name", Presets.DATASOURCE,
                Catalogue.SOURCE_UP.series() + "{job=~\"$job\", runner_type=~\"$runner_type\"}", "runner_name")
                .label("Runner");
    }

    /** Every counted deployment, whatever its result; not by job: a central webhook exporter may report them. */
    static VariableBuilder repository(String description) {
        return VariableBuilder.labelValues(Presets.REPOSITORY_VARIABLE, Presets.DATASOURCE,
                Catalogue.DEPLOYMENTS.series(), "repository").label("Repository").description(description);
    }

    static VariableBuilder environment(String description) {
        return VariableBuilder.labelValues(Presets.ENVIRONMENT_VARIABLE, Presets.DATASOURCE,
                Catalogue.DEPLOYMENTS.series() + "{repository=~\"$" + Presets.REPOSITORY_VARIABLE + "\"}",
                "environment").label("Environment").description(description);
    }
}
