package dev.runnermetrics.dashboards.docs;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.catalogue.MetricType;
import dev.runnermetrics.catalogue.Subject;
import dev.runnermetrics.dashboards.output.Artifact;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * docs/METRICS.md: the metric reference, written from the catalogue so that it can never disagree with what the
 * exporter emits and the dashboard queries. Committed at the repository root's docs/ and drift-tested.
 */
public final class MetricsDoc {

    /** Path below the generator's output folder, and of the committed copy below the repository root. */
    public static final String PATH = "docs/METRICS.md";

    static final String CATALOGUE_SOURCE =
            "../src/catalogue/src/main/java/dev/runnermetrics/catalogue/Catalogue.java";

    /** A section of the page: the families the catalogue declares under one subject. */
    private record Group(Subject subject, String title, String intro) {
    }

    /** The sections, in page order; which family goes where is declared in the catalogue (Catalogue.SUBJECTS). */
    private static final List<Group> GROUPS = List.of(
            new Group(Subject.RUNNER, "Runner metrics",
                    "What the runner's `_diag` logs (and, for caches, its jobs' step output) say about each runner."),
            new Group(Subject.GITHUB_JOBS, "GitHub workflow job metrics",
                    "What GitHub's `workflow_job` webhooks say about jobs before and while a runner runs them: how "
                            + "long they waited for a runner, how they concluded, how many wait or run now. A hub "
                            + "that receives GitHub webhooks has them all ([GITHUB.md](GITHUB.md)); a sidecar with the "
                            + "REST API client has queue time for its own jobs. Absent until the first `workflow_job` "
                            + "delivery or lookup. `runner_name` and `runner_type` are the "
                            + "runner's own when it is one of the exporter's runners, `other` for any other runner "
                            + "and `none` for a job no runner has taken."),
            new Group(Subject.DEPLOYMENTS, "Repository metrics (DORA)",
                    "Deployments to production and the DORA figures derived from them, from GitHub "
                            + "`deployment_status` webhooks or configured deployment jobs; how each is computed is in "
                            + "[GITHUB.md](GITHUB.md#dora-figures). They belong to a repository and environment, not "
                            + "to a runner, and carry no runner labels. Absent (never 0) until the first deployment "
                            + "to a production environment is seen; without webhooks the DORA panels stay empty."),
            new Group(Subject.EXPORTER, "Exporter self-metrics",
                    "The exporter's view of its own work: whether it can read each source, how much it read and "
                            + "skipped, and whether it can save its state. Start here when a panel shows no data "
                            + "([TROUBLESHOOTING.md](TROUBLESHOOTING.md))."),
            new Group(Subject.GITHUB_FLEET, "GitHub fleet metrics",
                    "Every self-hosted runner of an organisation or repository as GitHub's REST API lists it, "
                            + "including runners without an exporter beside them. Only with the REST API client on "
                            + "([GITHUB.md](GITHUB.md#rest-api-client)); absent until its first complete listing, and "
                            + "again when the listing is too old."),
            new Group(Subject.GITHUB_INTAKE, "GitHub intake self-metrics",
                    "The exporter's view of the GitHub data it takes in: webhook deliveries by event and outcome, "
                            + "deliveries whose processing failed, REST API requests and rate limit, and figures it "
                            + "could not observe. One receiver and one client per exporter, so no runner labels; "
                            + "present only while the webhook receiver or the REST API client is on "
                            + "([GITHUB.md](GITHUB.md#what-each-delivery-gets))."),
            new Group(Subject.PROCESS, "Exporter process metrics",
                    "The exporter process's own CPU time, memory and open files, under the names Prometheus "
                            + "client libraries use, read from `/proc` at each scrape (absent where there is no "
                            + "`/proc`). No runner labels: one process per scrape target. The JVM's own figures "
                            + "(Micrometer's `jvm_*`) are not exposed: they cost the exporter about 3 MiB of memory "
                            + "and no panel or rule reads them ([PERFORMANCE.md](PERFORMANCE.md))."));

    private MetricsDoc() {
    }

    public static Artifact artifact() {
        return new Artifact(PATH, render(Catalogue.ALL));
    }

    /** The markdown for these families; every family must fall into exactly one group. */
    public static String render(List<MetricSpec> specs) {
        Map<Group, List<MetricSpec>> grouped = new LinkedHashMap<>();
        GROUPS.forEach(g -> grouped.put(g, new ArrayList<>()));
        for (MetricSpec spec : specs) {
            Subject subject = Catalogue.subject(spec).orElseThrow(() -> new IllegalStateException(spec.name()
                    + " has no subject: declare it in Catalogue.SUBJECTS, which decides its section of METRICS.md"));
            grouped.get(group(subject)).add(spec);
        }
        StringBuilder md = new StringBuilder();
        md.append("<!-- Generated by dashboards-gen (MetricsDoc) from the metric catalogue; do not edit. After ")
                .append("changing the catalogue run: ./mvnw -pl dashboards-gen test -Ddeployment.update=true -->\n\n");
        md.append("# Metrics\n\n");
        md.append("Every metric family of Runner Metrics, as declared once in [`Catalogue.java`](")
                .append(CATALOGUE_SOURCE).append("). The exporter emits exactly these and refuses undeclared ")
                .append("labels; the dashboard, alerting and recording rules are built from the same declarations, ")
                .append("and the build fails when a query names anything else. This page is generated from the ")
                .append("catalogue during the build, and a test fails when the committed copy drifts.\n\n");
        md.append("* Per-runner series carry ").append(String.join(" and ", Catalogue.RUNNER_LABELS.stream()
                .map(l -> "`" + l + "`").toList())).append(", so one Prometheus can hold many runners; in node mode ")
                .append("with the Kubernetes API on they also carry ").append(codeList(Catalogue.NODE_LABELS))
                .append(", the runner pod's namespace ([CONFIGURATION.md](CONFIGURATION.md#node-mode)).\n");
        md.append("* Counters are exposed with `_total`, histograms as `_bucket`, `_sum` and `_count`.\n");
        md.append("* A figure the logs do not give is absent, not 0. A 0 means the logs were read and hold none.\n");
        md.append("* Optional labels (").append(codeList(Catalogue.JOB_CONTEXT_LABELS)).append(") appear only when ")
                .append("switched on with `RUNNER_METRICS_JOB_LABELS`, capped in distinct values ")
                .append("([CONFIGURATION.md](CONFIGURATION.md#opt-in-job-context-labels)).\n");
        md.append("\n");

        md.append("## Overview\n\n");
        md.append("| metric | type | labels | optional labels |\n|---|---|---|---|\n");
        for (Map.Entry<Group, List<MetricSpec>> group : grouped.entrySet()) {
            for (MetricSpec spec : group.getValue()) {
                String name = exposedName(spec);
                md.append("| [`").append(name).append("`](#").append(anchor(name)).append(") | ")
                        .append(typeName(spec.type())).append(" | ").append(codeList(fixedLabels(spec)))
                        .append(" | ").append(codeList(spec.optionalLabels())).append(" |\n");
            }
        }
        md.append('\n');

        for (Map.Entry<Group, List<MetricSpec>> group : grouped.entrySet()) {
            md.append("## ").append(group.getKey().title()).append("\n\n").append(group.getKey().intro())
                    .append("\n\n");
            for (MetricSpec spec : group.getValue()) {
                family(md, spec);
            }
        }
        return md.toString();
    }

    private static Group group(Subject subject) {
        return GROUPS.stream().filter(g -> g.subject() == subject).findFirst().orElseThrow(
                () -> new IllegalStateException("no section of METRICS.md for subject " + subject));
    }

    /** The section title for a subject. */
    static String title(Subject subject) {
        return group(subject).title();
    }

    private static void family(StringBuilder md, MetricSpec spec) {
        md.append("### ").append(exposedName(spec)).append("\n\n");
        md.append(spec.help()).append("\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| type | ").append(typeName(spec.type()));
        if (!spec.unit().isEmpty()) {
            md.append(", in ").append(spec.unit());
        }
        md.append(" |\n");
        md.append("| series | ").append(codeList(spec.sampleNames())).append(" |\n");
        List<String> labels = fixedLabels(spec);
        md.append("| labels | ").append(labels.isEmpty() ? "none" : codeList(labels)).append(" |\n");
        if (!spec.optionalLabels().isEmpty()) {
            md.append("| optional labels | ").append(codeList(spec.optionalLabels()))
                    .append(" (opt-in, see above) |\n");
        }
        if (!spec.buckets().isEmpty()) {
            md.append("| buckets (`le`) | ").append(buckets(spec)).append(" |\n");
        }
        String example = example(spec);
        if (!example.isEmpty()) {
            md.append("| example | `").append(example).append("` |\n");
        }
        md.append('\n');
    }

    /** Labels every series carries: the runner labels (if any) and the family's own, without opt-in ones. */
    private static List<String> fixedLabels(MetricSpec spec) {
        return spec.allLabels().stream()
                .filter(l -> !spec.optionalLabels().contains(l) && !Catalogue.NODE_LABELS.contains(l)).toList();
    }

    /** The name as it appears in a scrape: counters with _total. */
    private static String exposedName(MetricSpec spec) {
        return spec.type() == MetricType.COUNTER ? spec.name() + "_total" : spec.name();
    }

    private static String example(MetricSpec spec) {
        String by = !spec.labels().isEmpty() ? spec.labels().get(0) : spec.perRunner() ? "runner_type" : null;
        return switch (spec.type()) {
            case GAUGE -> spec.name().endsWith("_timestamp_seconds") ? "time() - " + spec.name() : "";
            case COUNTER -> by == null ? "increase(" + spec.series() + "[1h])"
                    : "sum by (" + by + ") (increase(" + spec.series() + "[1h]))";
            case HISTOGRAM -> "histogram_quantile(0.95, sum by (le) (rate(" + spec.bucket() + "[5m])))";
        };
    }

    private static String buckets(MetricSpec spec) {
        List<String> out = new ArrayList<>();
        for (double b : spec.buckets()) {
            String raw = b == Math.rint(b) ? Long.toString((long) b) : Double.toString(b);
            out.add("seconds".equals(spec.unit()) ? raw + " (" + duration(b) + ")" : raw);
        }
        out.add("+Inf");
        return String.join(", ", out);
    }

    /** 90 → "1.5 min", 86400 → "1 d": the largest unit the value reaches. */
    static String duration(double seconds) {
        double[] sizes = {86400, 3600, 60, 1};
        String[] units = {"d", "h", "min", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (seconds >= sizes[i] || i == sizes.length - 1) {
                double v = seconds / sizes[i];
                String n = v == Math.rint(v) ? Long.toString((long) v)
                        : String.format(Locale.ROOT, "%.1f", v);
                return n + " " + units[i];
            }
        }
        throw new AssertionError();
    }

    private static String typeName(MetricType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    private static String codeList(List<String> names) {
        return String.join(", ", names.stream().map(n -> "`" + n + "`").toList());
    }

    /** GitHub's heading anchor for a metric name (underscores survive). */
    static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
