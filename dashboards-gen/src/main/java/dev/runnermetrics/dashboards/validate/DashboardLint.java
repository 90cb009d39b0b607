package dev.runnermetrics.dashboards.validate;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.catalogue.MetricType;
import dev.runnermetrics.dashboards.model.Dashboard;
import dev.runnermetrics.dashboards.model.Dashboard.Panel;
import dev.runnermetrics.dashboards.model.Dashboard.Target;
import dev.runnermetrics.dashboards.model.Dashboard.Variable;
import dev.runnermetrics.dashboards.model.DashboardBuilder;
import dev.runnermetrics.dashboards.promql.QueryScan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Structure checks and lint rules modelled on grafana/dashboard-linter, plus the catalogue check on every query.
 * Rule names follow the linter's where one exists.
 */
public final class DashboardLint {

    /** Where we knowingly differ from the linter, and why. */
    public static final List<Exclusion> EXCLUSIONS = List.of(
            new Exclusion("template-instance-rule", Exclusion.ALL_PANELS,
                    "one exporter may serve several runners, so instance is not a runner; runner_name is our "
                            + "instance-level variable"),
            new Exclusion("target-instance-rule", Exclusion.ALL_PANELS,
                    "runner_name=~\"$runner_name\" selects runners instead of instance (see template-instance-rule)"),
            new Exclusion("target-job-rule", "Deployment Frequency",
                    "deployments belong to repositories and may come from a central webhook exporter, not the "
                            + "runner exporters the job variable selects"),
            new Exclusion("target-job-rule", "Lead Time for Changes", "as Deployment Frequency"),
            new Exclusion("target-job-rule", "Change Failure Rate", "as Deployment Frequency"),
            new Exclusion("target-job-rule", "Lead Time for Changes (p90)", "as Deployment Frequency"),
            new Exclusion("target-job-rule", "Time to Restore Service", "as Deployment Frequency"),
            new Exclusion("target-job-rule", "Deployments", "as Deployment Frequency"),
            new Exclusion("target-job-rule", "Four Keys by Repository and Environment", "as Deployment Frequency"),
            new Exclusion("target-job-rule", "Deployment Outcomes by Environment", "as Deployment Frequency"),
            new Exclusion("target-job-rule", "Deployments per Week", "as Deployment Frequency"),
            new Exclusion("target-job-rule", "Lead Time Trend", "as Deployment Frequency"),
            new Exclusion("target-job-rule", "Change Failure Rate Trend", "as Deployment Frequency"),
            new Exclusion("target-job-rule", "Time to Restore Trend", "as Deployment Frequency"),
            new Exclusion("target-job-rule", "Where the Figures Come From",
                    "lists every exporter that counted deployments, whichever job scrapes it"),
            new Exclusion("target-counter-agg-rule", "Deployments per Week",
                    "the trailing week as the counter now minus a week ago (offset 1w): two lookups per point where "
                            + "increase(...[1w]) would read a week of samples per point; the exporter keeps its "
                            + "counts across restarts, so no reset falls between"),
            new Exclusion("target-counter-agg-rule", "Change Failure Rate Trend", "as Deployments per Week"),
            new Exclusion("target-increase-range-rule", Exclusion.ALL_PANELS,
                    "totals over the selected range (Total Jobs, Success Rate, Status Distribution, DORA panels) "
                            + "are increase(...[$__range]) by design; every rate() uses $__rate_interval"));

    private static final Pattern WINDOW_FUNCTION = Pattern.compile("\\b(rate|irate|increase)\\(");
    private static final Set<String> COUNTER_FUNCTIONS = Set.of("rate", "irate", "increase");
    private static final Set<String> UNITLESS_TYPES = Set.of("row", "text");

    private final CatalogueCheck catalogue;

    public DashboardLint(CatalogueCheck catalogue) {
        this.catalogue = catalogue;
    }

    public List<Violation> check(Dashboard d) {
        List<Violation> out = new ArrayList<>();
        variables(d, out);
        Set<Integer> ids = new HashSet<>();
        List<Panel> placed = new ArrayList<>();
        for (Panel p : d.panels) {
            String where = "panel '" + p.title + "'";
            if (!ids.add(p.id)) {
                add(out, "panel-unique-id", p, where, "id " + p.id + " is used twice");
            }
            grid(p, placed, where, out);
            if ("row".equals(p.type)) {
                continue;
            }
            panel(d, p, where, out);
        }
        return out;
    }

    private void variables(Dashboard d, List<Violation> out) {
        Optional<Variable> ds = variable(d, "datasource");
        if (ds.isEmpty() || !"datasource".equals(ds.get().type) || !"prometheus".equals(ds.get().query)) {
            out.add(new Violation("template-datasource-rule", "templating",
                    "needs a datasource variable named datasource for prometheus"));
        }
        Optional<Variable> job = variable(d, "job");
        if (job.isEmpty() || !Boolean.TRUE.equals(job.get().multi) || !Boolean.TRUE.equals(job.get().includeAll)) {
            out.add(new Violation("template-job-rule", "templating", "needs a multi-value job variable with All"));
        }
        Set<String> used = usedVariables(d);
        for (Variable v : d.templating.list) {
            if (!"query".equals(v.type)) {
                continue;
            }
            String where = "variable " + v.name;
            if (v.datasource == null || !("${datasource}".equals(v.datasource.uid()))) {
                out.add(new Violation("template-datasource-rule", where, "must query ${datasource}"));
            }
            if (v.refresh == null || v.refresh != 2) {
                out.add(new Violation("template-on-time-change-reload-rule", where,
                        "must refresh on time range change (refresh 2)"));
            }
            String definition = v.definition == null ? "" : v.definition;
            Matcher m = Pattern.compile("^label_values\\((.*), *(\\w+)\\)$").matcher(definition);
            if (!m.matches()) {
                out.add(new Violation("template-label-promql-rule", where, "expected label_values(selector, label)"));
                continue;
            }
            catalogue.check(where, m.group(1), out);
            checkVariablesDefined(d, where, definition, out);
            if (!used.contains(v.name)) {
                out.add(new Violation("template-variable-used", where,
                        "no panel query or other variable uses $" + v.name));
            }
            QueryScan scan = QueryScan.of(m.group(1));
            for (QueryScan.Use use : scan.uses()) {
                Optional<MetricSpec> spec = Catalogue.bySampleName(use.metric());
                if (spec.isPresent() && !spec.get().allLabels().contains(m.group(2)) && !m.group(2).equals("job")) {
                    out.add(new Violation("template-label-promql-rule", where,
                            use.metric() + " has no label " + m.group(2)));
                }
            }
        }
    }

    private static void grid(Panel p, List<Panel> placed, String where, List<Violation> out) {
        Dashboard.GridPos g = p.gridPos;
        if (g == null) {
            out.add(new Violation("panel-grid", where, "has no gridPos"));
            return;
        }
        if (g.x() < 0 || g.y() < 0 || g.w() < 1 || g.h() < 1 || g.x() + g.w() > DashboardBuilder.GRID_COLUMNS) {
            out.add(new Violation("panel-grid", where, "gridPos " + g + " is outside the 24-column grid"));
        }
        for (Panel other : placed) {
            Dashboard.GridPos o = other.gridPos;
            boolean overlap = g.x() < o.x() + o.w() && o.x() < g.x() + g.w() && g.y() < o.y() + o.h()
                    && o.y() < g.y() + g.h();
            if (overlap) {
                out.add(new Violation("panel-grid", where, "overlaps panel '" + other.title + "'"));
            }
        }
        placed.add(p);
    }

    private void panel(Dashboard d, Panel p, String where, List<Violation> out) {
        if (p.title == null || p.title.isBlank() || p.description == null || p.description.isBlank()) {
            add(out, "panel-title-description-rule", p, where, "needs a title and a description");
        }
        if (!UNITLESS_TYPES.contains(p.type)
                && (p.fieldConfig == null || p.fieldConfig.defaults.unit == null
                        || p.fieldConfig.defaults.unit.isBlank())) {
            add(out, "panel-units-rule", p, where, "needs a unit");
        }
        if (p.datasource == null || !"${datasource}".equals(p.datasource.uid())) {
            add(out, "panel-datasource-rule", p, where, "must use the ${datasource} variable");
        }
        if (p.targets == null || p.targets.isEmpty()) {
            add(out, "panel-no-targets-rule", p, where, "has no query");
            return;
        }
        Set<String> refIds = new HashSet<>();
        for (Target t : p.targets) {
            String at = where + " target " + t.refId;
            if (!refIds.add(t.refId)) {
                add(out, "target-unique-refid", p, at, "refId " + t.refId + " is used twice");
            }
            if (t.datasource == null || !"${datasource}".equals(t.datasource.uid())) {
                add(out, "panel-datasource-rule", p, at, "target must use the ${datasource} variable");
            }
            target(d, p, at, t.expr, out);
        }
    }

    private void target(Dashboard d, Panel p, String at, String expr, List<Violation> out) {
        if (expr == null || expr.isBlank()) {
            add(out, "target-promql-rule", p, at, "empty expression");
            return;
        }
        catalogue.check(at, expr, out);
        checkVariablesDefined(d, at, expr, out);
        Matcher windows = WINDOW_FUNCTION.matcher(expr);
        while (windows.find()) {
            int close = expr.indexOf(']', windows.end());
            int open = expr.lastIndexOf('[', close);
            String window = open < 0 ? "" : expr.substring(open + 1, close);
            if ("increase".equals(windows.group(1)) && "$__range".equals(window)) {
                add(out, "target-increase-range-rule", p, at, "increase over [$__range]");
            } else if (!"$__rate_interval".equals(window)) {
                add(out, "target-rate-interval-rule", p, at, windows.group(1) + " over [" + window
                        + "] instead of [$__rate_interval]");
            }
        }
        QueryScan scan = QueryScan.of(expr);
        for (QueryScan.Use use : scan.uses()) {
            Optional<MetricSpec> spec = Catalogue.bySampleName(use.metric());
            if (spec.isEmpty()) {
                continue;
            }
            String inner = use.enclosingFunctions().isEmpty() ? "" : use.enclosingFunctions().get(0);
            if (spec.get().type() == MetricType.COUNTER && !COUNTER_FUNCTIONS.contains(inner)) {
                add(out, "target-counter-agg-rule", p, at, "counter " + use.metric()
                        + " must be inside rate() or increase()");
            }
            if (use.metric().endsWith("_bucket") && spec.get().type() == MetricType.HISTOGRAM
                    && (!use.enclosingFunctions().contains("histogram_quantile")
                            || !scan.groupingLabels().contains("le"))) {
                add(out, "target-histogram-le-rule", p, at, use.metric()
                        + " buckets belong inside histogram_quantile(..., sum by (le) (...))");
            }
            if (spec.get().perRunner() && !use.matcherLabels().contains("job")) {
                add(out, "target-job-rule", p, at, use.metric() + " must be filtered by job=~\"$job\"");
            }
        }
        if (scan.uses().stream().noneMatch(u -> u.matcherLabels().contains("job"))
                && scan.uses().stream().anyMatch(u -> Catalogue.bySampleName(u.metric())
                        .map(s -> !s.perRunner()).orElse(false))) {
            add(out, "target-job-rule", p, at, "not filtered by job=~\"$job\"");
        }
    }

    /**
     * Variables the panels' queries and the other variables' definitions use: a picker that filters nothing misleads
     * (the user selects a value and every panel stays the same).
     */
    private static Set<String> usedVariables(Dashboard d) {
        Set<String> used = new HashSet<>();
        for (Variable v : d.templating.list) {
            if (v.definition != null) {
                Set<String> own = new HashSet<>(QueryScan.of(v.definition).variables());
                own.remove(v.name);
                used.addAll(own);
            }
        }
        for (Panel p : d.panels) {
            if (p.targets != null) {
                p.targets.stream().filter(t -> t.expr != null)
                        .forEach(t -> used.addAll(QueryScan.of(t.expr).variables()));
            }
        }
        return used;
    }

    private static void checkVariablesDefined(Dashboard d, String where, String expr, List<Violation> out) {
        for (String name : QueryScan.of(expr).variables()) {
            if (variable(d, name).isEmpty()) {
                out.add(new Violation("template-variable-defined", where, "uses $" + name + ", which is not defined"));
            }
        }
    }

    private static Optional<Variable> variable(Dashboard d, String name) {
        return d.templating.list.stream().filter(v -> name.equals(v.name)).findFirst();
    }

    private static void add(List<Violation> out, String rule, Panel p, String where, String message) {
        for (Exclusion e : EXCLUSIONS) {
            if (e.covers(rule, p.title)) {
                return;
            }
        }
        out.add(new Violation(rule, where, message));
    }

    /** For reports: the exclusions as "rule (panel): reason" lines. */
    public static List<String> describeExclusions() {
        List<String> lines = new ArrayList<>();
        for (Exclusion e : EXCLUSIONS) {
            lines.add(e.rule() + " (" + e.panelTitle() + "): " + e.reason());
        }
        return lines;
    }
}
