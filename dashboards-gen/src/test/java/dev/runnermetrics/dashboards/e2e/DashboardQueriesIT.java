package dev.runnermetrics.dashboards.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.JobResult;
import dev.runnermetrics.dashboards.model.Dashboard;
import dev.runnermetrics.dashboards.panels.RunnerDashboard;
import dev.runnermetrics.dashboards.panels.Suite;
import dev.runnermetrics.dashboards.prometheus.PrometheusArtifacts;
import dev.runnermetrics.testkit.exposition.Exposition;
import dev.runnermetrics.testkit.process.ExporterProcess;
import dev.runnermetrics.testkit.process.Processes;
import dev.runnermetrics.testkit.prometheus.PrometheusServer;
import dev.runnermetrics.testkit.prometheus.QueryResult;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, as a user sees it: the packaged exporter watches the bundled demo runner while {@code DemoReplay} runs
 * jobs on it, a real Prometheus scrapes the exporter every second under the scrape job name the dashboard expects, and
 * every query of every panel of the generated dashboard, with Grafana's variables filled in, is evaluated through
 * Prometheus' HTTP API the way Grafana would (instant targets as instant queries, range targets as range queries over
 * the test's window).
 *
 * <p>The exporter runs with a webhook secret, and {@link WebhookScript} posts signed GitHub deliveries to it: four
 * deployments before Prometheus starts, then, while the replay runs, six production deployments to two repositories
 * and environments (a failure and its restore in each) and three workflow jobs on the demo runner (queued, in
 * progress, completed); besides, a job cancelled while it waited (one before Prometheus starts, one while it watches)
 * and a job with a skewed clock on another team's runner (its queue time dropped, before Prometheus starts).
 *
 * <p>Every target of every panel must return at least one finite sample: no panel is without a source any more. The
 * cache panel has data because the replayed jobs write step output with cache restores into the runner's
 * {@code _diag/pages}, and the exporter's cache counter must be in its scrape and above 0. Where the figures are
 * stable, the panels must also show the right numbers: the jobs that finished while Prometheus watched, one runner
 * online, the hand-computed DORA figures and queue time of the scripted deliveries (see {@link WebhookScript}), and
 * the exporter's own DORA and queue-time counters must match the hand computation exactly. The DORA panels are also
 * evaluated with the repository and environment variables set the way Grafana sets a selection (one value
 * regex-escaped, several as an alternation): each selection must show exactly its own site's figures, and the
 * variables' own queries must offer the right values.
 *
 * <p>The suite's three other dashboards are evaluated the same way: every target must show data, except the few whose
 * source the demo cannot feed, listed with the reason in {@link #NO_SOURCE_IN_DEMO} (and those must show none).
 */
class DashboardQueriesIT {

    /** The scrape job name the dashboard's {@code $job} variable selects and the generated scrape configs use. */
    private static final String SCRAPE_JOB = "github-runners";
    /** {@code agentName} in src/demo/runner/.runner. */
    private static final String RUNNER_NAME = "demo-runner-1";
    /** The replay's first five jobs cover every outcome (success, failure, abandoned, continue-on-error, cancelled). */
    private static final int REPLAY_JOBS = 5;
    private static final long REPLAY_SEED = 42;
    /**
     * A safety stop for the replay should this JVM die before killing it; it serves GitHub's REST API from before the
     * exporter starts until the test ends.
     */
    private static final int REPLAY_MAX_SECONDS = 300;
    /** The demo's token for its REST API (not a GitHub token); the exporter's client sends it. */
    private static final String API_TOKEN = "runner-metrics-demo-token";
    /** The organisation of src/demo/runner/.runner's gitHubUrl, whose runners the demo's API lists. */
    private static final String API_ORG = "acme";
    private static final Pattern API_ADDRESS = Pattern.compile("GitHub REST API at (http://127\\.0\\.0\\.1:\\d+)");

    private static final int SCRAPE_INTERVAL_SECONDS = 1;
    /**
     * The interval, and the increase() window, of a rule group with its own interval (the dashboards' 5-minute step
     * group) in this test: Prometheus evaluates such a group only at its interval, the first time at an offset of up
     * to one interval after it starts, and the test cannot wait 5 minutes for it. Interval and window stay equal, as
     * in the generated rules, so consecutive recorded increases still count every job once, and the panels that sum
     * them over their (at least 5-minute) step still count what they count in production; ten scrapes per window so
     * that increase() has samples to work with.
     */
    private static final Duration TEST_STEP = Duration.ofSeconds(10);
    /** The dashboard's range; it must cover everything Prometheus saw during the test. */
    private static final Duration RANGE = Duration.ofMinutes(10);

    /**
     * What Grafana would put in for the dashboard's variables: {@code $__rate_interval} is at least four scrape
     * intervals, {@code $__range} covers the whole test, and "All" (their allValue .*) for the runner and delivery
     * variables.
     */
    private static final Map<String, String> VARIABLES = Map.ofEntries(
            Map.entry("__rate_interval", "30s"),
            Map.entry("__interval", SCRAPE_INTERVAL_SECONDS + "s"),
            Map.entry("__interval_ms", Long.toString(SCRAPE_INTERVAL_SECONDS * 1000L)),
            Map.entry("__range", RANGE.toMinutes() + "m"),
            Map.entry("__range_s", Long.toString(RANGE.toSeconds())),
            Map.entry("__range_ms", Long.toString(RANGE.toMillis())),
            Map.entry("job", SCRAPE_JOB),
            Map.entry("runner_type", ".*"),
            Map.entry("runner_name", ".*"),
            Map.entry("repository", ".*"),
            Map.entry("environment", ".*"));

    /**
     * Has data: each of the replay's first jobs that runs writes cache restores into its step output (setup-node,
     * setup-java, actions/cache, apt), which the exporter counts.
     */
    private static final String CACHE_PANEL = "Cache Hit Rates";
    /** The line DemoReplay prints once its jobs are done: what it wrote, the ground truth for the cache counter. */
    private static final String REPLAY_TRUTH = "step output written in total: ";

    private static final String TOTAL_JOBS_PANEL = "Total Jobs Executed";
    private static final String ACTIVE_RUNNERS_PANEL = "Active Runners";
    private static final String STATUS_PANEL = "Runner Status Overview";
    private static final String DISTRIBUTION_PANEL = "Job Status Distribution";
    private static final String SUCCESS_RATE_PANEL = "Job Success Rate";
    private static final String DURATION_PANEL = "Job Duration Trends";
    private static final String DEPLOYMENT_FREQUENCY_PANEL = "Deployment Frequency";
    private static final String LEAD_TIME_PANEL = "Lead Time for Changes";
    private static final String CHANGE_FAILURE_RATE_PANEL = "Change Failure Rate";

    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(100);
    private static final Duration PANELS_TIMEOUT = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path tmp;

    private ExporterProcess exporter;
    private PrometheusServer prometheus;
    private Process replay;
    private Path replayLog;

    /** None of these stops throws (an interrupted one kills at once), so each process is stopped whatever happens. */
    @AfterEach
    void stopProcesses() {
        Processes.stop(replay);
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.close();
        }
    }

    @Test
    void everyPanelWithASourceShowsDataAndTheRightFigures() throws Exception {
        Instant testStart = Instant.now();
        PrometheusServer.binary(); // fail first, with the install hint, when it is missing
        Path repo = repositoryRoot();

        // 1. The bundled runner root (history: one earlier listener session with three jobs) and the exporter on it,
        // its REST API client polling the demo's GitHub API (the replay serves it now, its runner starts later).
        Path runnerDir = copyTree(repo.resolve("src/demo/runner"), tmp.resolve("runner"));
        String apiBase = launchReplay(repo, runnerDir);
        exporter = ExporterProcess.start(Map.ofEntries(
                Map.entry("RUNNER_DIR", runnerDir.toString()),
                Map.entry("STATE_DIR", Files.createDirectories(tmp.resolve("state")).toString()),
                Map.entry("RUNNER_TYPE", "standard"),
                Map.entry("GITHUB_WEBHOOK_SECRET", WebhookScript.SECRET),
                Map.entry("RUNNER_METRICS_GITHUB_API_ENABLED", "true"),
                Map.entry("RUNNER_METRICS_GITHUB_API_BASE_URL", apiBase),
                Map.entry("RUNNER_METRICS_GITHUB_API_ORG", API_ORG),
                Map.entry("RUNNER_METRICS_GITHUB_API_POLL_INTERVAL", "10s"),
                Map.entry("GITHUB_TOKEN", API_TOKEN),
                Map.entry("QUARKUS_HTTP_HOST", "127.0.0.1")), tmp.resolve("exporter.log")); // loopback only
        Map<String, Double> before = awaitStableJobs();
        double jobsBefore = sum(before);
        assertTrue(jobsBefore > 0, "the bundled history holds finished jobs; exporter scrape:\n" + exporter.scrape());
        // Yesterday's deployments, so the deployment series exist before Prometheus counts the live ones.
        WebhookScript webhooks = new WebhookScript(exporter.port(), repo.resolve("src/demo/github-webhooks"),
                RUNNER_NAME);
        for (WebhookScript.Deployment d : WebhookScript.HISTORY) {
            webhooks.deploy(d);
        }
        webhooks.cancelBeforeStart(WebhookScript.CANCELLED_EARLIER);
        webhooks.runElsewhere(WebhookScript.SKEWED_ELSEWHERE, WebhookScript.OTHER_TEAMS_RUNNER);
        await("the exporter to count the " + WebhookScript.HISTORY.size() + " deployments sent before Prometheus",
                () -> deployments(scrapeQuietly()) == WebhookScript.HISTORY.size(), SETTLE_TIMEOUT);

        // 2. Prometheus scraping it as job "github-runners" every second, with the generated rules if there are any.
        List<Path> ruleFiles = ruleFiles();
        prometheus = PrometheusServer.start(tmp, SCRAPE_JOB, exporter.port(),
                Duration.ofSeconds(SCRAPE_INTERVAL_SECONDS), ruleFiles);
        Instant scrapingSince = Instant.now();
        String rawJobs = "sum(" + Catalogue.JOBS.series() + "{job=\"" + SCRAPE_JOB + "\"})";
        await("Prometheus to store the history's " + jobsBefore + " jobs",
                () -> valueIs(rawJobs, jobsBefore), SETTLE_TIMEOUT);
        String rawDeployments = "sum(" + Catalogue.DEPLOYMENTS.series() + "{job=\"" + SCRAPE_JOB + "\"})";
        await("Prometheus to store the " + WebhookScript.HISTORY.size() + " earlier deployments",
                () -> valueIs(rawDeployments, WebhookScript.HISTORY.size()), SETTLE_TIMEOUT);

        // The step rules count a series born on an exporter whole only once that exporter was scraped a step
        // before (else a new exporter's saved counts would land in one step): the live series come after that.
        sleepUntil(scrapingSince.plus(TEST_STEP.multipliedBy(2)));

        // 3. New jobs while Prometheus watches, and GitHub's deliveries meanwhile; the replay idles once its jobs are
        // done and keeps serving the REST API until the test ends.
        startReplay();
        sendLiveDeliveries(webhooks);
        webhooks.cancelBeforeStart(WebhookScript.CANCELLED_LIVE);
        await("DemoReplay to replay " + REPLAY_JOBS + " jobs",
                () -> replayLogContains("all jobs replayed"), REPLAY_TIMEOUT);
        double jobsAfter = jobsBefore + REPLAY_JOBS;
        await("the exporter to count the " + REPLAY_JOBS + " replayed jobs (every one ends with a result, the "
                + "abandoned one included)", () -> sum(jobsByResult(scrapeQuietly())) == jobsAfter, SETTLE_TIMEOUT);
        Map<String, Double> after = jobsByResult(exporter.scrape());
        await("Prometheus to store all " + jobsAfter + " jobs", () -> valueIs(rawJobs, jobsAfter), SETTLE_TIMEOUT);
        Map<String, Long> finished = difference(after, before);
        long deploymentsAfter = WebhookScript.DEPLOYMENTS;
        await("Prometheus to store all " + deploymentsAfter + " deployments",
                () -> valueIs(rawDeployments, deploymentsAfter), SETTLE_TIMEOUT);
        String finalScrape = exporter.scrape();
        // The range totals read the step rules, which see the last job at their next evaluation.
        sleepUntil(Instant.now().plus(TEST_STEP.multipliedBy(2)));

        // 4. Every panel target, variables substituted, through Prometheus' HTTP API.
        Dashboard dashboard = RunnerDashboard.build();
        List<Dashboard.Panel> panels = nonRowPanels(dashboard.panels);
        List<String> titles = panels.stream().map(p -> p.title).toList();
        assertTrue(titles.contains(CACHE_PANEL), "no panel '" + CACHE_PANEL + "'; panels: " + titles);
        // The cache panel is a hit ratio: it has data once the exporter counted cache requests (0 / 0 is NaN).
        List<String> cacheLines = finalScrape.lines()
                .filter(l -> l.startsWith(Catalogue.CACHE_REQUESTS.series() + "{")
                        || l.startsWith(Catalogue.CACHE_REQUESTS.series() + " "))
                .toList();
        double cacheRequests = Exposition.sum(finalScrape, Catalogue.CACHE_REQUESTS.series());
        String replayTruth = replayLogLine(REPLAY_TRUTH);
        assertFalse(cacheLines.isEmpty(), Catalogue.CACHE_REQUESTS.series() + " is not in the exporter's scrape, "
                + "although the replayed jobs wrote step output (" + replayTruth + "); exporter scrape:\n" + finalScrape);
        assertTrue(cacheRequests > 0, Catalogue.CACHE_REQUESTS.series() + " is in the scrape but every count is 0, "
                + "although the replay wrote " + replayTruth + ":\n" + String.join("\n", cacheLines));
        assertCacheCountsMatchTheReplay(replayTruth, finalScrape);
        assertExporterFiguresMatchTheScript(finalScrape);
        assertApiFigures(finalScrape);

        long rangeStart = scrapingSince.getEpochSecond() - 1;
        assertTrue(Duration.between(scrapingSince, Instant.now()).compareTo(RANGE) < 0,
                "the test outlasted the dashboard range " + RANGE + " it queries with");
        List<Evaluation> polled = evaluate(panels, rangeStart);
        Instant panelsDeadline = Instant.now().plus(PANELS_TIMEOUT);
        while (!(allHaveData(polled) && runnerFactsHold(polled)) && Instant.now().isBefore(panelsDeadline)) {
            assertAlive();
            Thread.sleep(1000);
            polled = evaluate(panels, rangeStart);
        }
        List<Evaluation> evaluations = polled;

        // 5. What the panels show.
        List<Executable> checks = new ArrayList<>();
        for (Evaluation e : evaluations) {
            checks.add(() -> assertTrue(e.result.error() == null && e.result.hasFiniteSample(),
                    "panel '" + e.panel.title + "' target " + e.target.refId + " has a source but showed no data "
                            + "within " + PANELS_TIMEOUT + ":\n  query: " + e.query + "\n  Prometheus: "
                            + e.result));
        }
        long finishedTotal = finished.values().stream().mapToLong(Long::longValue).sum();
        String countingHint = "\n  jobs finished while Prometheus watched (exporter scrapes before/after): " + finished
                + newSeriesHint(before, after);
        checks.add(() -> {
            QueryResult.Series total = single(evaluation(evaluations, TOTAL_JOBS_PANEL));
            assertEquals(finishedTotal, Math.round(total.last()), TOTAL_JOBS_PANEL + " shows " + total.last()
                    + " (Grafana rounds to 0 decimals; increase() extrapolates a little)" + countingHint);
        });
        checks.add(() -> {
            Map<String, Long> shown = new TreeMap<>();
            for (QueryResult.Series s : evaluation(evaluations, DISTRIBUTION_PANEL).result.series()) {
                long n = Math.round(s.last());
                if (n != 0) {
                    shown.put(s.labels().get("result"), n);
                }
            }
            assertEquals(finished, shown, DISTRIBUTION_PANEL + " by result" + countingHint);
        });
        checks.add(() -> {
            long decided = finished.entrySet().stream().filter(en -> !en.getKey().equals(JobResult.SKIPPED.label()))
                    .mapToLong(Map.Entry::getValue).sum();
            double expected = finished.getOrDefault(JobResult.SUCCESS.label(), 0L) / (double) decided;
            double shown = single(evaluation(evaluations, SUCCESS_RATE_PANEL)).last();
            assertEquals(expected, shown, 0.005, SUCCESS_RATE_PANEL + countingHint);
        });
        checks.add(() -> assertEquals(1.0, single(evaluation(evaluations, ACTIVE_RUNNERS_PANEL)).last(),
                ACTIVE_RUNNERS_PANEL + ": " + evaluation(evaluations, ACTIVE_RUNNERS_PANEL).result));
        checks.add(() -> {
            QueryResult.Series status = single(evaluation(evaluations, STATUS_PANEL));
            assertEquals(RUNNER_NAME, status.labels().get("runner_name"), STATUS_PANEL + ": " + status);
            assertEquals("standard", status.labels().get("runner_type"), STATUS_PANEL + ": " + status);
            assertEquals(1.0, status.last(), STATUS_PANEL + " (1 = Online): " + status);
        });
        List<Evaluation> suite = evaluateSuite(rangeStart, panelsDeadline);
        addSuiteChecks(checks, suite);
        addDeliveryChecks(checks, evaluations);
        checks.addAll(selectionChecks(panels, rangeStart));
        checks.addAll(chosenRunnerChecks(Stream.concat(panels.stream(), suitePanels().stream()).toList(),
                rangeStart));
        checks.addAll(deliveryVariableChecks(dashboard, rangeStart));
        if (!ruleFiles.isEmpty()) {
            checks.add(() -> assertRulesHealthy(ruleFiles));
        }
        System.out.printf("DashboardQueriesIT: %d rule files %s; jobs finished while Prometheus watched %s; replay "
                        + "wrote %s; exporter counted %s; panels:%n",
                ruleFiles.size(), ruleFiles.stream().map(f -> f.getFileName().toString()).toList(), finished,
                replayTruth, cacheLines.stream().filter(l -> !l.endsWith(" 0.0"))
                        .map(l -> l.replaceAll(".*cache_type=\"([^\"]*)\",result=\"([^\"]*)\".*\\} (\\S+)$", "$1 $2=$3"))
                        .toList());
        evaluations.forEach(e -> System.out.printf("  %-24s %s  %s%n",
                e.panel.title, e.target.refId, summary(e.result)));
        suite.forEach(e -> System.out.printf("  %-40s %s  %s%n",
                e.panel.title, e.target.refId, summary(e.result)));
        assertAll("dashboard panels against Prometheus " + prometheusVersion() + " scraping the exporter on the demo "
                + "runner, fed " + webhooks.sent() + " webhook deliveries (panels: " + titles + ")", checks);

        System.out.printf("DashboardQueriesIT: %d panels with data, %d webhook deliveries, %d rule files, %d s%n",
                panels.size(), webhooks.sent(), ruleFiles.size(),
                Duration.between(testStart, Instant.now()).toSeconds());
    }

    // ------------------------------------------------------------------ panels and queries

    /**
     * Targets of the suite's other dashboards whose source the demo cannot feed, with why; every other target must
     * show data. A listed target that shows data fails the test too, so the list stays true.
     */
    private static final Map<String, String> NO_SOURCE_IN_DEMO = Map.of(
            "Parse Errors/A", "a real runner writes no line the exporter cannot parse (a cut last line is never "
                    + "read, a cut line in the middle parses), so the demo writes none either; the counter appears "
                    + "with the first one");

    private static final String CANCELLED_PANEL = "Cancelled Before a Runner Took Them";

    /** The overview is checked above; these are the other dashboards of the suite. */
    private static List<Dashboard.Panel> suitePanels() {
        List<Dashboard.Panel> out = new ArrayList<>();
        for (Dashboard d : Suite.dashboards()) {
            if (!d.uid.equals(RunnerDashboard.UID)) {
                out.addAll(nonRowPanels(d.panels));
            }
        }
        return out;
    }

    /** The suite's panels, polled until every target with a source shows data or the deadline passes. */
    private List<Evaluation> evaluateSuite(long rangeStart, Instant deadline)
            throws IOException, InterruptedException {
        List<Dashboard.Panel> panels = suitePanels();
        List<Evaluation> shown = evaluate(panels, rangeStart);
        while (!shown.stream().allMatch(e -> NO_SOURCE_IN_DEMO.containsKey(key(e)) || hasData(e))
                && Instant.now().isBefore(deadline)) {
            assertAlive();
            Thread.sleep(1000);
            shown = evaluate(panels, rangeStart);
        }
        return shown;
    }

    private static String key(Evaluation e) {
        return e.panel.title + "/" + e.target.refId;
    }

    private static boolean hasData(Evaluation e) {
        return e.result.error() == null && e.result.hasFiniteSample();
    }

    private static void addSuiteChecks(List<Executable> checks, List<Evaluation> suite) {
        for (Evaluation e : suite) {
            String reason = NO_SOURCE_IN_DEMO.get(key(e));
            if (reason == null) {
                checks.add(() -> assertTrue(hasData(e), "panel '" + e.panel.title + "' target " + e.target.refId
                        + " has a source in the demo but showed no data:\n  query: " + e.query + "\n  Prometheus: "
                        + e.result));
            } else {
                checks.add(() -> assertTrue(e.result.error() == null && !e.result.hasFiniteSample(),
                        "panel '" + e.panel.title + "' target " + e.target.refId + " is listed as without a source "
                                + "in the demo (" + reason + ") but shows data; take it off NO_SOURCE_IN_DEMO:\n  "
                                + "query: " + e.query + "\n  Prometheus: " + e.result));
            }
        }
        assertEquals(NO_SOURCE_IN_DEMO.keySet(), suite.stream().map(DashboardQueriesIT::key)
                .filter(NO_SOURCE_IN_DEMO::containsKey).collect(Collectors.toSet()), "NO_SOURCE_IN_DEMO names targets "
                + "the dashboards do not have");
        checks.add(() -> assertEquals(1, Math.round(single(evaluation(suite, CANCELLED_PANEL)).last()),
                CANCELLED_PANEL + ": the one job cancelled while Prometheus watched"));
    }

    /** One panel target evaluated: the query as sent and what Prometheus answered. */
    private record Evaluation(Dashboard.Panel panel, Dashboard.Target target, String query, QueryResult result) {
    }

    /** Series count and, per series, its labels that are not the runner's and its last finite value. */
    private static String summary(QueryResult result) {
        if (result.error() != null) {
            return "error: " + result.error();
        }
        return result.series().size() + " series " + result.series().stream().map(s -> {
            Map<String, String> own = new TreeMap<>(s.labels());
            List.of("__name__", "job", "instance", "runner_name", "runner_type").forEach(own::remove);
            List<Double> finite = s.values().stream().filter(Double::isFinite).toList();
            return own + "=" + (finite.isEmpty() ? "no finite value"
                    : finite.get(finite.size() - 1) + (s.values().size() > 1
                            ? " (" + finite.size() + "/" + s.values().size() + " points finite)" : ""));
        }).toList();
    }

    private static List<Dashboard.Panel> nonRowPanels(List<Dashboard.Panel> panels) {
        List<Dashboard.Panel> out = new ArrayList<>();
        for (Dashboard.Panel p : panels) {
            if ("row".equals(p.type)) {
                if (p.panels != null) {
                    out.addAll(nonRowPanels(p.panels)); // a collapsed row carries its panels
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private List<Evaluation> evaluate(List<Dashboard.Panel> panels, long rangeStart)
            throws IOException, InterruptedException {
        return evaluate(panels, rangeStart, VARIABLES);
    }

    private List<Evaluation> evaluate(List<Dashboard.Panel> panels, long rangeStart, Map<String, String> variables)
            throws IOException, InterruptedException {
        List<Evaluation> out = new ArrayList<>();
        long now = Instant.now().getEpochSecond();
        for (Dashboard.Panel panel : panels) {
            assertTrue(panel.targets != null && !panel.targets.isEmpty(), "panel '" + panel.title + "' has no targets");
            Duration step = panel.interval == null ? Duration.ofSeconds(SCRAPE_INTERVAL_SECONDS)
                    : prometheusDuration(panel.interval);
            Map<String, String> panelVariables = panel.interval == null ? variables : withStep(variables, step);
            // With a step longer than the test, Grafana's first point (at the range's start) would be its only one;
            // the points end at now instead, the last one counting the step just gone, all of them covering the range.
            long start = panel.interval == null ? rangeStart
                    : now - ceilDiv(now - rangeStart, step.toSeconds()) * step.toSeconds();
            for (Dashboard.Target target : panel.targets) {
                String query = substitute(target.expr, panelVariables);
                QueryResult result = Boolean.TRUE.equals(target.range)
                        ? prometheus.queryRange(query, start, now, step)
                        : prometheus.query(query);
                out.add(new Evaluation(panel, target, query, result));
            }
        }
        return out;
    }

    /**
     * The variables as Grafana fills them in for a panel with a min interval longer than what the range alone would
     * give ($__interval is then the min interval, the step of the range query too), and {@code $__rate_interval} at
     * least one scrape longer than it.
     */
    private static Map<String, String> withStep(Map<String, String> variables, Duration step) {
        Map<String, String> out = new TreeMap<>(variables);
        out.put("__interval", step.toSeconds() + "s");
        out.put("__interval_ms", Long.toString(step.toMillis()));
        out.put("__rate_interval", (step.toSeconds() + SCRAPE_INTERVAL_SECONDS) + "s");
        return out;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** A Prometheus duration of one unit ({@code 30s}, {@code 5m}, {@code 1h}), as the panels' min intervals are. */
    static Duration prometheusDuration(String text) {
        Matcher m = Pattern.compile("(\\d+)([smh])").matcher(text);
        assertTrue(m.matches(), "not a duration of seconds, minutes or hours: " + text);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** Grafana's variables as Grafana would fill them in; an unknown one fails the test rather than the query. */
    static String substitute(String expr, Map<String, String> variables) {
        String out = expr;
        for (Map.Entry<String, String> v : variables.entrySet()) {
            out = out.replace("${" + v.getKey() + "}", v.getValue())
                    .replaceAll("\\$" + Pattern.quote(v.getKey()) + "(?![A-Za-z0-9_])",
                            Matcher.quoteReplacement(v.getValue()));
        }
        if (out.contains("$")) {
            fail("a variable this test does not know in: " + expr + " (after substitution: " + out + "); add it to "
                    + "VARIABLES");
        }
        return out;
    }

    private static boolean allHaveData(List<Evaluation> evaluations) {
        return evaluations.stream().allMatch(e -> e.result.error() == null && e.result.hasFiniteSample());
    }

    /** The listener of the replayed session is online; the exporter's state may need a scrape to get there. */
    private static boolean runnerFactsHold(List<Evaluation> evaluations) {
        List<QueryResult.Series> status = evaluation(evaluations, STATUS_PANEL).result.series();
        return status.size() == 1 && status.get(0).last() == 1.0;
    }

    private static Evaluation evaluation(List<Evaluation> evaluations, String title) {
        List<Evaluation> found = evaluations.stream().filter(e -> e.panel.title.equals(title)).toList();
        assertEquals(1, found.size(), "targets of panel '" + title + "'");
        return found.get(0);
    }

    private static QueryResult.Series single(Evaluation e) {
        assertTrue(e.result.error() == null && e.result.series().size() == 1,
                "panel '" + e.panel.title + "' should return exactly one series:\n  query: " + e.query
                        + "\n  Prometheus: " + e.result);
        return e.result.series().get(0);
    }

    private boolean valueIs(String promql, double expected) {
        try {
            QueryResult r = prometheus.query(promql);
            return r.error() == null && r.series().size() == 1 && r.series().get(0).last() == expected;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void assertRulesHealthy(List<Path> ruleFiles) throws IOException, InterruptedException {
        HttpResponse<String> response = prometheus.get("/api/v1/rules");
        assertEquals(200, response.statusCode(), "/api/v1/rules: " + response.body());
        JsonNode groups = JSON.readTree(response.body()).path("data").path("groups");
        assertTrue(groups.size() > 0, "rule files " + ruleFiles + " given, but Prometheus loaded no rule group");
        List<String> broken = new ArrayList<>();
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                if ("err".equals(rule.path("health").asText())) {
                    broken.add(group.path("name").asText() + "/" + rule.path("name").asText() + ": "
                            + rule.path("lastError").asText());
                }
            }
        }
        assertEquals(List.of(), broken, "rules Prometheus failed to evaluate");
    }

    private String prometheusVersion() {
        try {
            HttpResponse<String> response = prometheus.get("/api/v1/status/buildinfo");
            return JSON.readTree(response.body()).path("data").path("version").asText("?");
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    // ------------------------------------------------------------------ GitHub webhook deliveries

    /**
     * The live part of the script, sent while the replay runs (so it adds no time): each job starts, and Prometheus
     * stores the new queue-time count before the next one, so the queue-time rate has steps to show; the
     * deployments go in between.
     */
    private void sendLiveDeliveries(WebhookScript webhooks) throws IOException, InterruptedException {
        List<WebhookScript.Deployment> live = WebhookScript.LIVE;
        List<List<WebhookScript.Deployment>> deploymentsAfterJob = List.of(live.subList(0, 2), live.subList(2, 4),
                live.subList(4, 6));
        String queueTimes = "sum(" + Catalogue.QUEUE_TIME.count() + "{job=\"" + SCRAPE_JOB + "\"})";
        for (int i = 0; i < WebhookScript.JOBS.size(); i++) {
            WebhookScript.Job job = WebhookScript.JOBS.get(i);
            webhooks.start(job);
            int observed = i + 1;
            await("Prometheus to store queue time number " + observed + " (workflow job " + job.id() + ")",
                    () -> valueIs(queueTimes, observed), SETTLE_TIMEOUT);
            webhooks.complete(job);
            for (WebhookScript.Deployment d : deploymentsAfterJob.get(i)) {
                webhooks.deploy(d);
            }
        }
        await("the exporter to count all " + WebhookScript.DEPLOYMENTS + " deployments",
                () -> deployments(scrapeQuietly()) == WebhookScript.DEPLOYMENTS,
                SETTLE_TIMEOUT);
    }

    /** The exporter's own figures of the scripted deliveries, history included: exact. */
    /**
     * The REST API client's figures from the demo's API: the fleet (the replayed runner online, its busy state
     * known; demo-runner-2 online; mac-mini-1 offline), the runner listings it asked for and the rate limit left.
     */
    private static void assertApiFigures(String scrape) {
        String online = Catalogue.FLEET_RUNNER_ONLINE.series();
        String busy = Catalogue.FLEET_RUNNER_BUSY.series();
        assertAll("the REST API figures in the exporter's scrape:\n" + scrape.lines()
                        .filter(l -> l.contains("fleet") || l.contains("github_api")).collect(Collectors.joining("\n")),
                () -> assertEquals(1.0, sample(scrape, online, Map.of("runner_name", RUNNER_NAME, "os", "linux"))),
                // busy or not, depending on whether the last poll fell in the last job
                () -> assertFalse(Double.isNaN(sample(scrape, busy, Map.of("runner_name", RUNNER_NAME, "os", "linux")))),
                () -> assertEquals(1.0, sample(scrape, online, Map.of("runner_name", "demo-runner-2", "os", "linux"))),
                () -> assertEquals(0.0, sample(scrape, online, Map.of("runner_name", "mac-mini-1", "os", "macos"))),
                () -> assertTrue(sample(scrape, Catalogue.GITHUB_API_REQUESTS.series(),
                        Map.of("endpoint", "runners", "outcome", "ok")) > 0),
                () -> {
                    double left = Exposition.sum(scrape, Catalogue.GITHUB_API_RATE_LIMIT_REMAINING.series());
                    assertTrue(left > 0 && left < 5000, "rate limit remaining " + left);
                });
    }

    private static void assertExporterFiguresMatchTheScript(String scrape) {
        Map<String, String> where = Map.of("repository", WebhookScript.REPOSITORY,
                "environment", WebhookScript.ENVIRONMENT);
        Map<String, String> other = Map.of("repository", WebhookScript.OTHER_REPOSITORY,
                "environment", WebhookScript.OTHER_ENVIRONMENT);
        Map<String, String> onTheRunner = Map.of("runner_name", RUNNER_NAME, "runner_type", "standard");
        Map<String, String> success = new TreeMap<>(where);
        success.put("result", "success");
        Map<String, String> failure = new TreeMap<>(where);
        failure.put("result", "failure");
        Map<String, String> jobSucceeded = new TreeMap<>(onTheRunner);
        jobSucceeded.put("conclusion", "success");
        Map<String, String> jobFailed = new TreeMap<>(onTheRunner);
        jobFailed.put("conclusion", "failure");
        assertAll("the exporter's figures of the scripted webhook deliveries (see WebhookScript); scrape:\n"
                        + scrape.lines().filter(l -> l.startsWith("github_deployment") || l.contains("queue_time")
                                || l.contains("workflow_jobs") || l.startsWith("runner_metrics_webhook")
                                || l.startsWith("runner_metrics_github")).collect(Collectors.joining("\n")),
                () -> assertEquals(WebhookScript.SUCCESSES, sample(scrape, Catalogue.DEPLOYMENTS.series(), success)),
                () -> assertEquals(WebhookScript.FAILURES, sample(scrape, Catalogue.DEPLOYMENTS.series(), failure)),
                () -> assertEquals(WebhookScript.LEAD_TIME_COUNT,
                        sample(scrape, Catalogue.DEPLOYMENT_LEAD_TIME.count(), where)),
                () -> assertEquals(WebhookScript.LEAD_TIME_SUM,
                        sample(scrape, Catalogue.DEPLOYMENT_LEAD_TIME.sum(), where)),
                () -> assertEquals(WebhookScript.TIME_TO_RESTORE_COUNT,
                        sample(scrape, Catalogue.DEPLOYMENT_TIME_TO_RESTORE.count(), where)),
                () -> assertEquals(WebhookScript.TIME_TO_RESTORE_SUM,
                        sample(scrape, Catalogue.DEPLOYMENT_TIME_TO_RESTORE.sum(), where)),
                () -> assertEquals(WebhookScript.OTHER_SUCCESSES,
                        sample(scrape, Catalogue.DEPLOYMENTS.series(), withResult(other, "success"))),
                () -> assertEquals(WebhookScript.OTHER_FAILURES,
                        sample(scrape, Catalogue.DEPLOYMENTS.series(), withResult(other, "failure"))),
                () -> assertEquals(WebhookScript.OTHER_LEAD_TIME_COUNT,
                        sample(scrape, Catalogue.DEPLOYMENT_LEAD_TIME.count(), other)),
                () -> assertEquals(WebhookScript.OTHER_LEAD_TIME_SUM,
                        sample(scrape, Catalogue.DEPLOYMENT_LEAD_TIME.sum(), other)),
                () -> assertEquals(WebhookScript.OTHER_TIME_TO_RESTORE_COUNT,
                        sample(scrape, Catalogue.DEPLOYMENT_TIME_TO_RESTORE.count(), other)),
                () -> assertEquals(WebhookScript.OTHER_TIME_TO_RESTORE_SUM,
                        sample(scrape, Catalogue.DEPLOYMENT_TIME_TO_RESTORE.sum(), other)),
                () -> assertEquals(WebhookScript.QUEUE_TIME_COUNT,
                        sample(scrape, Catalogue.QUEUE_TIME.count(), onTheRunner)),
                () -> assertEquals(WebhookScript.QUEUE_TIME_SUM,
                        sample(scrape, Catalogue.QUEUE_TIME.sum(), onTheRunner)),
                () -> assertEquals(2.0, sample(scrape, Catalogue.WORKFLOW_JOBS_COMPLETED.series(), jobSucceeded)),
                () -> assertEquals(1.0, sample(scrape, Catalogue.WORKFLOW_JOBS_COMPLETED.series(), jobFailed)));
    }

    private static Map<String, String> withResult(Map<String, String> labels, String result) {
        Map<String, String> out = new TreeMap<>(labels);
        out.put("result", result);
        return out;
    }

    /**
     * The DORA panels (with "All" repositories and environments) and the queue-time line show the hand-computed
     * figures of the live deliveries.
     */
    private static void addDeliveryChecks(List<Executable> checks, List<Evaluation> evaluations) {
        addDoraChecks(checks, evaluations, "All", WebhookScript.ALL_LIVE_SUCCESSES,
                WebhookScript.ALL_CHANGE_FAILURE_RATE, WebhookScript.ALL_LEAD_TIME_MEDIAN_SHOWN);
        checks.add(() -> {
            Evaluation queue = target(evaluations, DURATION_PANEL,
                    PrometheusArtifacts.recordedQueueTimeBucketRates());
            QueryResult.Series series = single(queue);
            List<Double> finite = series.values().stream().filter(Double::isFinite).toList();
            assertFalse(finite.isEmpty(), DURATION_PANEL + " queue time: no finite point: " + queue.result);
            // Every point, not only the last: each step's count has the same share of jobs in the (10, 30] bucket.
            for (double v : finite) {
                assertEquals(WebhookScript.QUEUE_TIME_P95_SHOWN, v, 1e-9, DURATION_PANEL + " '"
                        + queue.target.legendFormat + "' points " + finite);
            }
        });
    }

    /** The three DORA panels, as evaluated for one selection of the repository and environment variables. */
    private static void addDoraChecks(List<Executable> checks, List<Evaluation> evaluations, String selection,
            long liveSuccesses, double changeFailureRate, double leadTimeMedian) {
        checks.add(() -> {
            // successes per day over $__range: Prometheus' increase() extrapolates a little, so compare the count
            // behind it, rounded, as for Total Jobs Executed.
            double perDay = single(evaluation(evaluations, DEPLOYMENT_FREQUENCY_PANEL)).last();
            double perRange = perDay * RANGE.toSeconds() / 86_400.0;
            assertEquals(liveSuccesses, Math.round(perRange), DEPLOYMENT_FREQUENCY_PANEL + " (" + selection
                    + ") shows " + perDay + " per day, i.e. " + perRange + " successful deployments in " + RANGE);
        });
        checks.add(() -> {
            // Exact: every success and failure series is sampled together and started above 0 before the range
            // (history), so increase() extrapolates them all by the same factor.
            double shown = single(evaluation(evaluations, CHANGE_FAILURE_RATE_PANEL)).last();
            assertEquals(changeFailureRate, shown, 1e-9, CHANGE_FAILURE_RATE_PANEL + " (" + selection + ")");
        });
        checks.add(() -> {
            // Exact: the buckets holding live lead times and all above them started above 0 and move together.
            double shown = single(evaluation(evaluations, LEAD_TIME_PANEL)).last();
            assertEquals(leadTimeMedian, shown, 1e-9, LEAD_TIME_PANEL + " (median, " + selection + ")");
        });
    }

    /**
     * The panels with a min interval (the step panels) again, with one runner chosen as Grafana writes it: then the
     * per-runner recorded rates answer instead of the per-type step increases, which carry no runner. The replayed
     * runner must show data, a runner that does not exist none (so the per-type increases of all runners never
     * answer for a chosen one).
     */
    private List<Executable> chosenRunnerChecks(List<Dashboard.Panel> panels, long rangeStart)
            throws IOException, InterruptedException {
        List<Dashboard.Panel> stepPanels = panels.stream().filter(p -> p.interval != null).toList();
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertFalse(stepPanels.isEmpty(), "no panel with a min interval"));
        for (String runner : List.of(RUNNER_NAME, "no-such-runner")) {
            Map<String, String> chosen = new TreeMap<>(VARIABLES);
            chosen.put("runner_name", grafanaSelection(List.of(runner)));
            List<Evaluation> shown = evaluate(stepPanels, rangeStart, chosen);
            log("runner_name=" + runner, shown);
            boolean exists = runner.equals(RUNNER_NAME);
            for (Evaluation e : shown) {
                checks.add(() -> assertTrue(e.result.error() == null && e.result.hasFiniteSample() == exists,
                        "panel '" + e.panel.title + "' target " + e.target.refId + " with runner " + runner
                                + (exists ? " chosen showed no data" : " chosen showed data") + ":\n  query: "
                                + e.query + "\n  Prometheus: " + e.result));
            }
        }
        return checks;
    }

    /**
     * The DORA panels again, with the repository and environment variables on one selection at a time, written into
     * the queries the way Grafana does: each shows exactly its own site's figures, a selection of both sites the
     * figures of All, and a repository with an environment it never deployed to nothing at all (the variables are
     * ANDed).
     */
    private List<Executable> selectionChecks(List<Dashboard.Panel> panels, long rangeStart)
            throws IOException, InterruptedException {
        List<Dashboard.Panel> dora = panels.stream().filter(p -> List.of(DEPLOYMENT_FREQUENCY_PANEL, LEAD_TIME_PANEL,
                CHANGE_FAILURE_RATE_PANEL).contains(p.title)).toList();
        assertEquals(3, dora.size(), "the DORA panels");
        String helloWorld = grafanaSelection(List.of(WebhookScript.REPOSITORY));
        String other = grafanaSelection(List.of(WebhookScript.OTHER_REPOSITORY));
        assertEquals("octocat/octocat\\\\.github\\\\.io", other, "Grafana escapes a selected value's regex characters");
        List<Executable> checks = new ArrayList<>();
        List<Evaluation> shown = evaluate(dora, rangeStart, selecting(helloWorld, ".*"));
        log("repository " + WebhookScript.REPOSITORY, shown);
        addDoraChecks(checks, shown, "repository " + WebhookScript.REPOSITORY, WebhookScript.LIVE_SUCCESSES,
                WebhookScript.CHANGE_FAILURE_RATE, WebhookScript.LEAD_TIME_MEDIAN_SHOWN);
        shown = evaluate(dora, rangeStart, selecting(other, ".*"));
        log("repository " + WebhookScript.OTHER_REPOSITORY, shown);
        addDoraChecks(checks, shown, "repository " + WebhookScript.OTHER_REPOSITORY,
                WebhookScript.OTHER_LIVE_SUCCESSES, WebhookScript.OTHER_CHANGE_FAILURE_RATE,
                WebhookScript.OTHER_LEAD_TIME_MEDIAN_SHOWN);
        shown = evaluate(dora, rangeStart, selecting(".*", grafanaSelection(List.of(WebhookScript.ENVIRONMENT))));
        log("environment " + WebhookScript.ENVIRONMENT, shown);
        addDoraChecks(checks, shown, "environment " + WebhookScript.ENVIRONMENT, WebhookScript.LIVE_SUCCESSES,
                WebhookScript.CHANGE_FAILURE_RATE, WebhookScript.LEAD_TIME_MEDIAN_SHOWN);
        shown = evaluate(dora, rangeStart,
                selecting(".*", grafanaSelection(List.of(WebhookScript.OTHER_ENVIRONMENT))));
        log("environment " + WebhookScript.OTHER_ENVIRONMENT, shown);
        addDoraChecks(checks, shown, "environment " + WebhookScript.OTHER_ENVIRONMENT,
                WebhookScript.OTHER_LIVE_SUCCESSES, WebhookScript.OTHER_CHANGE_FAILURE_RATE,
                WebhookScript.OTHER_LEAD_TIME_MEDIAN_SHOWN);
        shown = evaluate(dora, rangeStart, selecting(grafanaSelection(List.of(WebhookScript.REPOSITORY,
                WebhookScript.OTHER_REPOSITORY)), ".*"));
        log("both repositories", shown);
        addDoraChecks(checks, shown, "both repositories selected", WebhookScript.ALL_LIVE_SUCCESSES,
                WebhookScript.ALL_CHANGE_FAILURE_RATE, WebhookScript.ALL_LEAD_TIME_MEDIAN_SHOWN);
        List<Evaluation> none = evaluate(dora, rangeStart,
                selecting(helloWorld, grafanaSelection(List.of(WebhookScript.OTHER_ENVIRONMENT))));
        for (Evaluation e : none) {
            checks.add(() -> assertTrue(e.result.error() == null && e.result.series().isEmpty(),
                    "panel '" + e.panel.title + "' with " + WebhookScript.REPOSITORY + " in "
                            + WebhookScript.OTHER_ENVIRONMENT + " (never deployed there) should show no data:"
                            + "\n  query: " + e.query + "\n  Prometheus: " + e.result));
        }
        return checks;
    }

    /**
     * The repository and environment variables' own queries, as Grafana runs label_values(selector, label) (the
     * label values API with the selector as match[] over the dashboard's range): both sites are offered, and the
     * environment picker offers only the environments of the selected repositories.
     */
    private List<Executable> deliveryVariableChecks(Dashboard dashboard, long rangeStart)
            throws IOException, InterruptedException {
        Map<String, Dashboard.Variable> byName = new TreeMap<>();
        dashboard.templating.list.forEach(v -> byName.put(v.name, v));
        List<String> repositories = labelValues(byName.get("repository"), VARIABLES, rangeStart);
        List<String> environments = labelValues(byName.get("environment"), VARIABLES, rangeStart);
        List<String> otherEnvironments = labelValues(byName.get("environment"),
                selecting(grafanaSelection(List.of(WebhookScript.OTHER_REPOSITORY)), ".*"), rangeStart);
        return List.of(
                () -> assertEquals(List.of(WebhookScript.REPOSITORY, WebhookScript.OTHER_REPOSITORY), repositories,
                        "values of the repository variable"),
                () -> assertEquals(List.of(WebhookScript.ENVIRONMENT, WebhookScript.OTHER_ENVIRONMENT), environments,
                        "values of the environment variable, all repositories"),
                () -> assertEquals(List.of(WebhookScript.OTHER_ENVIRONMENT), otherEnvironments,
                        "values of the environment variable, repository " + WebhookScript.OTHER_REPOSITORY));
    }

    private List<String> labelValues(Dashboard.Variable variable, Map<String, String> variables, long rangeStart)
            throws IOException, InterruptedException {
        assertTrue(variable != null, "no such variable");
        Matcher m = Pattern.compile("^label_values\\((.*), *(\\w+)\\)$").matcher(variable.definition);
        assertTrue(m.matches(), variable.name + ": " + variable.definition);
        String match = URLEncoder.encode(substitute(m.group(1), variables), StandardCharsets.UTF_8);
        HttpResponse<String> response = prometheus.get("/api/v1/label/" + m.group(2) + "/values?match[]=" + match
                + "&start=" + rangeStart + "&end=" + Instant.now().getEpochSecond());
        assertEquals(200, response.statusCode(), variable.name + ": " + response.body());
        List<String> values = new ArrayList<>();
        JSON.readTree(response.body()).path("data").forEach(v -> values.add(v.asText()));
        return values;
    }

    /** The test's variables with these values for the repository and environment variables. */
    private static Map<String, String> selecting(String repository, String environment) {
        Map<String, String> v = new TreeMap<>(VARIABLES);
        v.put("repository", repository);
        v.put("environment", environment);
        return v;
    }

    /**
     * A selection of a multi-value variable as Grafana's Prometheus datasource writes it into a query: each value
     * regex-escaped (a backslash becomes four, and {@code $^*{}[]'+?.()|} get two before them), one value as is,
     * several as {@code (a|b)}. "All" is the variable's allValue instead.
     */
    static String grafanaSelection(List<String> values) {
        List<String> escaped = values.stream().map(v -> v.replace("\\", "\\\\\\\\")
                .replaceAll("[$^*{}\\[\\]'+?.()|]", "\\\\\\\\$0")).toList();
        return escaped.size() == 1 ? escaped.get(0) : "(" + String.join("|", escaped) + ")";
    }

    private static void log(String selection, List<Evaluation> evaluations) {
        evaluations.forEach(e -> System.out.printf("  %-24s %s  %s  [%s]%n", e.panel.title, e.target.refId,
                summary(e.result), selection));
    }

    /** The one target of a panel whose query reads {@code series}. */
    private static Evaluation target(List<Evaluation> evaluations, String title, String series) {
        List<Evaluation> found = evaluations.stream()
                .filter(e -> e.panel.title.equals(title) && e.target.expr.contains(series)).toList();
        assertEquals(1, found.size(), "targets of panel '" + title + "' reading " + series);
        return found.get(0);
    }

    /** All deployments the exporter counted, 0 before the first. */
    private static double deployments(String scrape) {
        return Exposition.sum(scrape, Catalogue.DEPLOYMENTS.series());
    }

    /**
     * The value of the one sample {@code name} carrying these labels (among others) in a text exposition; NaN when
     * there is none, so the assertion that compares it says what the scrape held.
     */
    private static double sample(String scrape, String name, Map<String, String> labels) {
        Double value = Exposition.value(scrape, name, labels);
        return value == null ? Double.NaN : value;
    }

    // ------------------------------------------------------------------ job counts from the exporter itself

    /** The history is read once the counts hold still over a second (no replay runs yet, so nothing else moves). */
    private Map<String, Double> awaitStableJobs() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
        Map<String, Double> previous = jobsByResult(exporter.scrape());
        while (Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
            Map<String, Double> current = jobsByResult(exporter.scrape());
            if (!current.isEmpty() && current.equals(previous)) {
                return current;
            }
            previous = current;
        }
        return fail("the exporter's job counts did not settle within " + SETTLE_TIMEOUT + ": " + previous
                + "\nexporter log:\n" + exporter.log());
    }

    private String scrapeQuietly() {
        if (exporter == null) {
            return "";
        }
        try {
            return exporter.scrape();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** github_runner_jobs_total by result, summed over runners, from a text exposition. */
    private static Map<String, Double> jobsByResult(String scrape) {
        return Exposition.sumBy(scrape, Catalogue.JOBS.series(), "result");
    }

    private static double sum(Map<String, Double> counts) {
        return counts.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static Map<String, Long> difference(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Long> diff = new TreeMap<>();
        after.forEach((result, n) -> {
            long d = Math.round(n - before.getOrDefault(result, 0.0));
            if (d != 0) {
                diff.put(result, d);
            }
        });
        return diff;
    }

    /**
     * Why increase() may miss jobs: a result's series first exposed after Prometheus started scraping begins at 1,
     * and increase() has no earlier sample to count that first job from.
     */
    private static String newSeriesHint(Map<String, Double> before, Map<String, Double> after) {
        List<String> born = after.keySet().stream().filter(r -> !before.containsKey(r)).toList();
        return born.isEmpty() ? "" : "\n  note: the series for result " + born + " did not exist when Prometheus "
                + "started scraping (the exporter exposes a result's series only after its first job), so "
                + "increase() over the range cannot count the job that created each of them";
    }

    // ------------------------------------------------------------------ processes

    /**
     * {@code ${generated.dir}/prometheus/rules/*.yml}, if the generator writes rules (yet), copied into the test's
     * directory with every group of its own interval evaluated at {@link #TEST_STEP} instead (see there).
     */
    private List<Path> ruleFiles() throws IOException {
        String generated = System.getProperty("generated.dir");
        if (generated == null) {
            return List.of();
        }
        Path rules = Path.of(generated, "prometheus", "rules");
        if (!Files.isDirectory(rules)) {
            return List.of();
        }
        List<Path> generatedFiles;
        try (Stream<Path> files = Files.list(rules)) {
            generatedFiles = files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml"))
                    .sorted(Comparator.naturalOrder()).toList();
        }
        Path testRules = Files.createDirectories(tmp.resolve("rules"));
        List<Path> out = new ArrayList<>();
        for (Path f : generatedFiles) {
            JsonNode file = YAML.readTree(f.toFile());
            for (JsonNode group : file.path("groups")) {
                if (group.hasNonNull("interval")) {
                    atTestStep((ObjectNode) group);
                }
            }
            out.add(Files.writeString(testRules.resolve(f.getFileName()), YAML.writeValueAsString(file)));
        }
        return out;
    }

    /**
     * A group of its own interval, its interval and its rules' look back of that interval (an increase() window equal
     * to it, or an offset by it: the last sample one evaluation ago) at TEST_STEP.
     */
    private static void atTestStep(ObjectNode group) {
        String interval = group.get("interval").asText();
        String step = TEST_STEP.toSeconds() + "s";
        group.put("interval", step);
        for (JsonNode rule : group.path("rules")) {
            String expr = rule.path("expr").asText();
            assertTrue(expr.contains("[" + interval + "]") || expr.contains("offset " + interval + ")"),
                    "rule " + rule.path("record").asText() + " of group " + group.path("name").asText()
                            + " (interval " + interval + ") does not look back by its interval, which the test "
                            + "shortens with it: " + expr);
            ((ObjectNode) rule).put("expr", expr.replace("[" + interval + "]", "[" + step + "]")
                    .replace("offset " + interval + ")", "offset " + step + ")"));
        }
    }

    /** Starts the replay's GitHub REST API on a free port, the runner held until {@link #startReplay}; its URL. */
    private String launchReplay(Path repo, Path runnerDir) throws IOException, InterruptedException {
        replayLog = tmp.resolve("replay.log");
        // The demo module's jar: built before this module by the same build (or: ./mvnw package -pl src/demo -am).
        Path demoJar = repo.resolve("src/demo/target/runner-metrics-demo.jar");
        assertTrue(Files.isRegularFile(demoJar), demoJar + " is missing: build the demo module (src/demo) first");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", demoJar.toString(), runnerDir.toString(),
                "--jobs", Integer.toString(REPLAY_JOBS),
                "--seconds", Integer.toString(REPLAY_MAX_SECONDS),
                "--seed", Long.toString(REPLAY_SEED),
                "--github-api", "0", "--start-on-stdin");
        builder.environment().put("GITHUB_TOKEN", API_TOKEN);
        replay = builder.redirectErrorStream(true).redirectOutput(replayLog.toFile()).start();
        await("DemoReplay to serve GitHub's REST API", () -> replayLogContains("GitHub REST API at "),
                SETTLE_TIMEOUT);
        Matcher address = API_ADDRESS.matcher(Files.readString(replayLog));
        assertTrue(address.find(), "no API address in the replay's output:\n" + Files.readString(replayLog));
        return address.group(1);
    }

    /** Lets the held replay start its runner: a new listener session, then the jobs. */
    private void startReplay() throws IOException {
        replay.getOutputStream().write('\n');
        replay.getOutputStream().flush();
    }

    private boolean replayLogContains(String text) {
        try {
            String log = Files.readString(replayLog);
            if (!replay.isAlive() && !log.contains(text)) {
                fail("DemoReplay exited with " + replay.exitValue() + " before '" + text + "'; output:\n" + log);
            }
            return log.contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** The rest of the replay's output line that contains {@code marker}, or a note that there is none. */
    private String replayLogLine(String marker) {
        try {
            return Files.readAllLines(replayLog).stream().filter(l -> l.contains(marker))
                    .map(l -> l.substring(l.indexOf(marker) + marker.length())).findFirst()
                    .orElse("(no '" + marker + "' line in the replay output)");
        } catch (IOException e) {
            return "(replay output unreadable: " + e + ")";
        }
    }

    private void assertAlive() {
        if (exporter != null && !exporter.isAlive()) {
            fail("the exporter exited; log:\n" + exporter.log());
        }
        if (prometheus != null) {
            prometheus.assertAlive();
        }
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private void await(String what, BooleanSupplier condition, Duration timeout)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            assertAlive();
            if (!Instant.now().isBefore(deadline)) {
                fail("timed out after " + timeout + " waiting for " + what + "\nexporter scrape:\n"
                        + scrapeQuietly().lines().filter(l -> l.startsWith("github_runner_")
                                && !l.contains("_bucket")).collect(Collectors.joining("\n"))
                        + (replayLog != null && Files.exists(replayLog)
                                ? "\nreplay output:\n" + Files.readString(replayLog) : ""));
            }
            Thread.sleep(250);
        }
    }

    // ------------------------------------------------------------------ files

    /** The checkout holding src/demo, found upwards from the working directory (the module's directory in Maven). */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("src/demo/pom.xml"))) {
                return dir;
            }
        }
        return fail("src/demo/pom.xml not found above " + Path.of("").toAbsolutePath());
    }

    /** A plain copy, hidden files (the runner's .runner) included. */
    private static Path copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
        assertTrue(Files.isRegularFile(target.resolve(".runner")), "no .runner copied from " + source);
        assertFalse(listNames(target.resolve("_diag")).isEmpty(), "no _diag logs copied from " + source);
        return target;
    }

    private static List<String> listNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }

    /**
     * Every restore the replay wrote is counted once as a hit, partial restore or miss of its type (the job-level record repeats step
     * lines and must not count twice). A page deleted before it could be read is best-effort by design: then the
     * counts may only fall short, and the exporter says so in runner_metrics_step_pages_missed_total.
     */
    private static void assertCacheCountsMatchTheReplay(String replayTruth, String scrape) {
        Map<String, Double> written = new TreeMap<>();
        Matcher m = Pattern.compile("(\\w+) hit=(\\d+) partial=(\\d+) miss=(\\d+)")
                .matcher(replayTruth.substring(replayTruth.indexOf("cache restores")));
        while (m.find()) {
            written.put(m.group(1) + "/hit", Double.parseDouble(m.group(2)));
            written.put(m.group(1) + "/partial", Double.parseDouble(m.group(3)));
            written.put(m.group(1) + "/miss", Double.parseDouble(m.group(4)));
        }
        assertFalse(written.isEmpty(), "no per-type figures in the replay's line: " + replayTruth);
        Map<String, Double> counted = new TreeMap<>();
        for (Exposition.Sample s : Exposition.parse(scrape)) {
            String type = s.labels().get("cache_type");
            String result = s.labels().get("result");
            if (s.name().equals(Catalogue.CACHE_REQUESTS.series()) && type != null && result != null
                    && (s.value() > 0 || written.containsKey(type + "/" + result))) {
                counted.merge(type + "/" + result, s.value(), Double::sum);
            }
        }
        double missed = Exposition.sum(scrape, "runner_metrics_step_pages_missed_total");
        if (missed == 0) {
            assertEquals(written, counted, "cache restores written by the replay vs counted by the exporter");
        } else {
            counted.forEach((key, n) -> assertTrue(n <= written.getOrDefault(key, 0.0),
                    key + ": counted " + n + " but the replay wrote " + written.get(key) + " (pages missed: " + missed
                            + ")"));
        }
    }
}
