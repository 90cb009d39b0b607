package dev.runnermetrics.dashboards.panels;

import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.dashboards.model.Dashboard.DataSourceRef;
import dev.runnermetrics.dashboards.model.PanelBuilder;
import dev.runnermetrics.dashboards.prometheus.PrometheusArtifacts;
import dev.runnermetrics.dashboards.promql.Promql;
import dev.runnermetrics.dashboards.promql.Selector;
import java.util.List;
import java.util.Map;

/** Shared looks and filters: every panel of the dashboard starts from one of these. */
public final class Presets {

    public static final String DATASOURCE_VARIABLE = "datasource";
    public static final DataSourceRef DATASOURCE = new DataSourceRef("prometheus", "${" + DATASOURCE_VARIABLE + "}");

    /** The variables' matchers every per-runner query carries. */
    public static final List<String> RUNNER_FILTER =
            List.of("job=~\"$job\"", "runner_type=~\"$runner_type\"", "runner_name=~\"$runner_name\"");

    /** The matchers of series recorded per runner type (they have no runner_name). */
    public static final List<String> TYPE_FILTER = List.of("job=~\"$job\"", "runner_type=~\"$runner_type\"");

    /** The matcher of the exporter-wide families (webhooks, REST API): they belong to no runner. */
    public static final List<String> JOB_FILTER = List.of("job=~\"$job\"");

    /** The variables that select deployments; only the DORA panels carry them (runner series lack these labels). */
    public static final String REPOSITORY_VARIABLE = "repository";
    public static final String ENVIRONMENT_VARIABLE = "environment";
    public static final List<String> DELIVERY_FILTER = List.of(
            "repository=~\"$" + REPOSITORY_VARIABLE + "\"", "environment=~\"$" + ENVIRONMENT_VARIABLE + "\"");

    public static final String GREEN = "green";
    public static final String BLUE = "blue";
    public static final String YELLOW = "yellow";
    public static final String ORANGE = "orange";
    public static final String RED = "red";

    private Presets() {
    }

    /** A per-runner family filtered by the dashboard's variables. */
    public static Selector runners(MetricSpec spec) {
        return Selector.of(spec).all(RUNNER_FILTER);
    }

    public static Selector runnerBuckets(MetricSpec histogram) {
        return Selector.bucket(histogram).all(RUNNER_FILTER);
    }

    /** A series of our recording rules, filtered by the dashboard's variables (the rules keep those labels). */
    public static Selector recorded(String name) {
        return Selector.recorded(name).all(RUNNER_FILTER);
    }

    /** A series our recording rules keep per runner type, filtered by the job and runner type variables. */
    public static Selector recordedPerType(String name) {
        return Selector.recorded(name).all(TYPE_FILTER);
    }

    /**
     * What a range panel counts in each step ($__interval), right at any range: with every runner selected, the
     * per-type increases recorded every 5 minutes summed over the step (few series, each sample read once, every job
     * counted once); with chosen runners, their per-runner recorded rates averaged over the step and scaled to it.
     * Which part answers follows from the runner variable alone: recorded series have no runner_name or instance
     * label, so runner_name=~"$runner_name" keeps the per-type series only when the variable matches the empty
     * value (All, .*), and instance!~"$runner_name" drops every per-runner series exactly then, so Prometheus never
     * reads both. Panels using this need {@link #STEP_PANEL_INTERVAL} as their min interval.
     *
     * @param by the labels the panel keeps
     * @param typeIncreases a series recorded per runner type as increases over each 5-minute step
     * @param runnerRates the matching series recorded per runner as rates
     */
    public static String stepCounts(List<String> by, String typeIncreases, String runnerRates) {
        return stepCounts(by, typeIncreases, runnerRates, List.of());
    }

    /** {@link #stepCounts(List, String, String)} of the series that also match these matchers. */
    public static String stepCounts(List<String> by, String typeIncreases, String runnerRates, List<String> matchers) {
        String perRunner = Selector.recorded(runnerRates).all(RUNNER_FILTER).all(matchers)
                .all(List.of(NOT_PER_RUNNER)) + "[$__interval]";
        return Promql.sumBy(by, recordedSum(typeIncreases, matchers, "$__interval")) + " or "
                + Promql.sumBy(by, "avg_over_time(" + perRunner + ")") + " * $__interval_ms / 1000";
    }

    /**
     * What a figure over the whole selected range counts, e.g. the jobs finished in it: with every runner selected,
     * the per-type (or per-workflow) increases recorded every 5 minutes summed over the range (a few series of one
     * sample per 5 minutes, however many runners); with chosen runners, increase() of their raw series over the range.
     * The runner variable chooses the part as in {@link #stepCounts(List, String, String)}.
     *
     * @param by the labels the panel keeps (none: one total)
     * @param increases a series recorded as increases over each 5-minute step, without runner_name
     * @param raw the counter (or histogram buckets) the series records
     * @param matchers further matchers on both (result="failure", ...)
     */
    public static String rangeCounts(List<String> by, String increases, Selector raw, List<String> matchers) {
        String perRunner = Promql.increase(raw.all(RUNNER_FILTER).all(matchers).all(List.of(NOT_PER_RUNNER)),
                Promql.RANGE);
        String recorded = recordedSum(increases, matchers, Promql.RANGE);
        return by.isEmpty()
                ? Promql.sum(recorded) + " or " + Promql.sum(perRunner)
                : Promql.sumBy(by, recorded) + " or " + Promql.sumBy(by, perRunner);
    }

    /**
     * The recorded step increases over a window ending 1 ms before the query's time. The samples are 5 minutes apart
     * and the panels' steps multiples of that (Grafana puts their points on multiples of the step), but Prometheus 2
     * includes both ends of a range (3 only the end): a sample on a step boundary would count in two steps. Rules
     * evaluated on the 5-minute marks (promtool's tests, possibly its backfill) put their samples there; 1 ms back,
     * the shared edge is off the marks, and Prometheus spreads other groups' evaluations over the 5 minutes.
     */
    private static String recordedSum(String increases, List<String> matchers, String window) {
        return "sum_over_time(" + Selector.recorded(increases).all(RUNNER_FILTER).all(matchers) + "[" + window
                + "] offset " + STEP_EDGE + ")";
    }

    /** How far back the windows over recorded step increases end; see {@link #recordedSum}. */
    public static final String STEP_EDGE = "1ms";

    /** Drops every per-runner series when the runner variable is All (see {@link #stepCounts}). */
    private static final String NOT_PER_RUNNER = "instance!~\"$runner_name\"";

    /** {@link #stepCounts} per hour of the step. */
    public static String stepCountsPerHour(List<String> by, String typeIncreases, String runnerRates) {
        return "(" + stepCounts(by, typeIncreases, runnerRates) + ") * 3600000 / $__interval_ms";
    }

    /** The min interval of panels built on {@link #stepCounts}: a step holds at least one recorded increase. */
    public static final String STEP_PANEL_INTERVAL = PrometheusArtifacts.recordedStep();

    /** A family of the exporter itself (not of one runner), filtered by the job variable. */
    public static Selector exporters(MetricSpec spec) {
        return Selector.of(spec).all(JOB_FILTER);
    }

    /** A deployment family filtered by the repository and environment variables. */
    public static Selector deployments(MetricSpec spec) {
        return Selector.of(spec).all(DELIVERY_FILTER);
    }

    public static Selector deploymentBuckets(MetricSpec histogram) {
        return Selector.bucket(histogram).all(DELIVERY_FILTER);
    }

    /** A big number for the selected range. */
    public static PanelBuilder stat(String title, String description) {
        return new PanelBuilder("stat").title(title).description(description).size(6, 5)
                .option("reduceOptions", Map.of("calcs", List.of("lastNotNull"), "fields", "", "values", false))
                .option("colorMode", "value")
                .option("graphMode", "none")
                .option("justifyMode", "auto")
                .option("textMode", "auto")
                .option("orientation", "auto");
    }

    public static PanelBuilder gauge(String title, String description) {
        return new PanelBuilder("gauge").title(title).description(description).size(6, 5)
                .option("reduceOptions", Map.of("calcs", List.of("lastNotNull"), "fields", "", "values", false))
                .option("showThresholdMarkers", true)
                .option("orientation", "auto");
    }

    /** Horizontal bars, one per series, for rankings and per-type figures over the selected range. */
    public static PanelBuilder barGauge(String title, String description) {
        return new PanelBuilder("bargauge").title(title).description(description).size(12, 8)
                .option("reduceOptions", Map.of("calcs", List.of("lastNotNull"), "fields", "", "values", false))
                .option("displayMode", "basic")
                .option("orientation", "horizontal")
                .option("legend", Map.of("displayMode", "list", "placement", "bottom", "showLegend", false,
                        "calcs", List.of()));
    }

    /** A table of instant queries, one row per label set. */
    public static PanelBuilder table(String title, String description) {
        return new PanelBuilder("table").title(title).description(description).size(24, 8)
                .option("showHeader", true);
    }

    public static PanelBuilder timeseries(String title, String description) {
        return new PanelBuilder("timeseries").title(title).description(description).size(12, 8)
                .custom("drawStyle", "line")
                .custom("lineWidth", 1)
                .custom("fillOpacity", 10)
                .custom("showPoints", "never")
                .custom("spanNulls", false)
                .option("legend", Map.of("displayMode", "list", "placement", "bottom", "showLegend", true,
                        "calcs", List.of()))
                .option("tooltip", Map.of("mode", "multi", "sort", "desc"));
    }

    /** Grafana's value mapping for one exact value. */
    public static Map<String, Object> valueText(String value, String text, String color, int index) {
        return Map.of("type", "value",
                "options", Map.of(value, Map.of("text", text, "color", color, "index", index)));
    }
}
