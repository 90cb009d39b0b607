package dev.runnermetrics.exporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.exporter.testing.RunnerDir;
import dev.runnermetrics.testkit.exposition.Exposition;
import dev.runnermetrics.testkit.process.ExporterProcess;
import dev.runnermetrics.testkit.prometheus.PrometheusServer;
import dev.runnermetrics.testkit.prometheus.Promtool;
import dev.runnermetrics.testkit.prometheus.QueryResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged exporter against the real Prometheus tools: its text exposition passes {@code promtool check metrics}
 * without a single remark, and a real Prometheus scraping it every second ends up with exactly the jobs, durations and
 * runner state the logs describe.
 */
class PrometheusIT {

    private static final String RUNNER_NAME = "it-runner-1";
    private static final String RUNNER_TYPE = "chrome";
    private static final String SCRAPE_JOB = "runner-metrics";
    private static final String SELECTOR =
            "{runner_name=\"" + RUNNER_NAME + "\",runner_type=\"" + RUNNER_TYPE + "\"}";

    private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private ExporterProcess exporter;
    /** When the third job finished, as the logs say. */
    private Instant lastJobEnd;

    @BeforeEach
    void startExporter() throws Exception {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));
        RunnerDir runner = new RunnerDir(tmp.resolve("runner")).config("name-from-dot-runner");
        runner.listenerStarts(base, "2.333.1");
        // 30 s, 120 s and 5 s from "Job request ... received" to the listener's finish line.
        job(runner, base.plusSeconds(10), base.plusSeconds(40), "build", "Succeeded");
        job(runner, base.plusSeconds(60), base.plusSeconds(180), "test", "Failed");
        lastJobEnd = base.plusSeconds(205);
        job(runner, base.plusSeconds(200), lastJobEnd, "deploy", "Canceled");

        Path state = Files.createDirectories(tmp.resolve("state"));
        exporter = ExporterProcess.start(Map.of(
                "RUNNER_DIR", runner.root().toString(),
                "STATE_DIR", state.toString(),
                "RUNNER_TYPE", RUNNER_TYPE,
                "RUNNER_NAME", RUNNER_NAME), tmp.resolve("exporter.log"));
    }

    @AfterEach
    void stopExporter() {
        if (exporter != null) {
            exporter.close();
        }
    }

    @Test
    void promtoolFindsNothingToCriticise() throws Exception {
        Promtool.binary(); // fail first, with the install hint, when it is missing
        HttpResponse<String> response = exporter.get("/metrics", "text/plain");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT),
                "promtool reads the Prometheus text format only");

        String scrape = exporter.scrape();
        // A lint of an empty or partial page proves nothing: every family the runner's own logs produce is there,
        // typed as the catalogue declares (counters may be named with or without _total in the text format); those
        // whose source this runner directory lacks (nothing skipped or folded, no step output, no deployments) are
        // absent.
        Map<String, String> types = Exposition.types(scrape);
        List<MetricSpec> present = List.of(Catalogue.RUNNER_STATUS, Catalogue.RUNNER_BUSY, Catalogue.RUNNER_INFO,
                Catalogue.RUNNER_UPTIME, Catalogue.JOBS, Catalogue.JOB_DURATION, Catalogue.LAST_JOB_COMPLETED,
                Catalogue.SOURCE_UP, Catalogue.SOURCE_LINES, Catalogue.SOURCE_LAST_EVENT, Catalogue.RESULT_CONFLICTS,
                Catalogue.STATE_SAVE_FAILURES);
        List<MetricSpec> absent = List.of(Catalogue.SOURCE_ERRORS, Catalogue.LABEL_OVERFLOW, Catalogue.DEPLOYMENTS,
                Catalogue.DEPLOYMENT_LEAD_TIME, Catalogue.DEPLOYMENT_TIME_TO_RESTORE, Catalogue.CACHE_REQUESTS);
        for (MetricSpec spec : present) {
            String found = types.getOrDefault(spec.name(), types.get(spec.name() + "_total"));
            assertEquals(spec.type().name().toLowerCase(Locale.ROOT), found, "# TYPE of " + spec.name() + " in:\n"
                    + scrape);
        }
        for (MetricSpec spec : absent) {
            assertEquals(null, types.getOrDefault(spec.name(), types.get(spec.name() + "_total")),
                    spec.name() + " has no source here:\n" + scrape);
        }
        Map<String, Double> jobs = new TreeMap<>();
        for (Map.Entry<Map<String, String>, Double> sample : samples(scrape, "github_runner_jobs_total").entrySet()) {
            Map<String, String> labels = new TreeMap<>(sample.getKey());
            assertEquals(RUNNER_NAME, labels.remove("runner_name"), "runner_name of " + sample.getKey());
            assertEquals(RUNNER_TYPE, labels.remove("runner_type"), "runner_type of " + sample.getKey());
            assertEquals(List.of("result"), List.copyOf(labels.keySet()), "labels of " + sample.getKey());
            jobs.put(labels.get("result"), sample.getValue());
        }
        // Results with no job yet are a known 0 once the logs are read.
        assertEquals(Map.of("success", 1.0, "failure", 1.0, "cancelled", 1.0, "skipped", 0.0, "abandoned", 0.0), jobs,
                scrape);

        Promtool.checkMetrics(scrape, tmp).assertSuccess("");
    }

    @Test
    void prometheusStoresWhatTheLogsSay() throws Exception {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("up", Map.of("", 1.0));
        expected.put("jobs by result",
                Map.of("success", 1.0, "failure", 1.0, "cancelled", 1.0, "skipped", 0.0, "abandoned", 0.0));
        expected.put("status", Map.of("", 1.0));
        expected.put("busy", Map.of("", 0.0));
        expected.put("duration count", Map.of("", 3.0));
        expected.put("duration sum", Map.of("", 155.0));
        expected.put("duration count by result",
                Map.of("success", 1.0, "failure", 1.0, "cancelled", 1.0, "skipped", 0.0));
        // Cumulative buckets: 5 s lands in le=5, 30 s in le=30 (bounds are inclusive), 120 s in le=120.
        Map<String, Double> buckets = new TreeMap<>();
        for (double bound : Catalogue.JOB_DURATION_BUCKETS) {
            buckets.put(le(Double.toString(bound)), bound < 30 ? 1.0 : bound < 120 ? 2.0 : 3.0);
        }
        buckets.put("+Inf", 3.0);
        expected.put("duration buckets", buckets);
        expected.put("last job completed", Map.of("", (double) lastJobEnd.getEpochSecond()));
        expected.put("result conflicts", Map.of("", 0.0));

        try (PrometheusServer prometheus = PrometheusServer.start(tmp, SCRAPE_JOB, exporter.port(), SCRAPE_INTERVAL,
                List.of())) {
            Instant deadline = Instant.now().plus(QUERY_TIMEOUT);
            Map<String, Object> observed = observe(prometheus);
            while (!expected.equals(observed) && Instant.now().isBefore(deadline)) {
                prometheus.assertAlive();
                Thread.sleep(250);
                observed = observe(prometheus);
            }
            assertEquals(expected, observed, "what Prometheus stored after scraping for up to " + QUERY_TIMEOUT
                    + "; exporter scrape now:\n" + exporter.scrape());

            // Prometheus drops samples it cannot ingest (duplicate series, out of order) and only counts them.
            Map<String, Double> own = promMetrics(prometheus);
            for (String dropped : List.of("prometheus_target_scrapes_sample_duplicate_timestamp_total",
                    "prometheus_target_scrapes_sample_out_of_order_total",
                    "prometheus_target_scrapes_sample_out_of_bounds_total")) {
                assertEquals(0.0, own.get(dropped), dropped);
            }
        }
    }

    /** Everything the test checks in Prometheus, as query name -> (grouping label value or "" -> value). */
    private static Map<String, Object> observe(PrometheusServer prometheus) throws IOException, InterruptedException {
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("up", query(prometheus, "up{job=\"" + SCRAPE_JOB + "\"}", null));
        observed.put("jobs by result",
                query(prometheus, "sum by (result) (github_runner_jobs_total" + SELECTOR + ")", "result"));
        observed.put("status", query(prometheus, "github_runner_status" + SELECTOR, null));
        observed.put("busy", query(prometheus, "github_runner_busy" + SELECTOR, null));
        observed.put("duration count",
                query(prometheus, "sum(github_runner_job_duration_seconds_count" + SELECTOR + ")", null));
        observed.put("duration sum",
                query(prometheus, "sum(github_runner_job_duration_seconds_sum" + SELECTOR + ")", null));
        observed.put("duration count by result",
                query(prometheus, "sum by (result) (github_runner_job_duration_seconds_count" + SELECTOR + ")",
                        "result"));
        Map<String, Double> buckets = new TreeMap<>();
        query(prometheus, "sum by (le) (github_runner_job_duration_seconds_bucket" + SELECTOR + ")", "le")
                .forEach((le, v) -> buckets.put(le(le), v));
        observed.put("duration buckets", buckets);
        observed.put("last job completed",
                query(prometheus, "github_runner_last_job_completed_timestamp_seconds" + SELECTOR, null));
        observed.put("result conflicts",
                query(prometheus, "runner_metrics_job_result_conflicts_total" + SELECTOR, null));
        return observed;
    }

    /**
     * An instant query's vector as grouping label value -> sample value; with {@code label} null the key is "" and a
     * second series is an error, so a duplicated series cannot pass as one.
     */
    private static Map<String, Double> query(PrometheusServer prometheus, String promql, String label)
            throws IOException, InterruptedException {
        QueryResult result = prometheus.query(promql);
        assertNull(result.error(), promql + " -> " + result.raw());
        assertEquals("vector", result.type(), promql + " -> " + result.raw());
        Map<String, Double> values = new TreeMap<>();
        for (QueryResult.Series sample : result.series()) {
            String key = label == null ? "" : sample.labels().getOrDefault(label, "");
            if (values.put(key, sample.last()) != null) {
                fail(promql + " returned two series for '" + key + "': " + result.raw());
            }
        }
        return values;
    }

    /** Prometheus' own counters from its /metrics page (unlabelled samples only). */
    private static Map<String, Double> promMetrics(PrometheusServer prometheus)
            throws IOException, InterruptedException {
        HttpResponse<String> response = prometheus.get("/metrics");
        assertEquals(200, response.statusCode());
        Map<String, Double> values = new TreeMap<>();
        Exposition.parse(response.body()).stream().filter(s -> s.labels().isEmpty())
                .forEach(s -> values.put(s.name(), s.value()));
        return values;
    }

    /** One job as the runner logs it: listener lines around a Worker_ file that starts 2 s after the assignment. */
    private static void job(RunnerDir runner, Instant received, Instant finished, String name, String result) {
        String jobId = java.util.UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
        runner.jobReceived(received, jobId, name);
        runner.worker(received.plusSeconds(2), finished, jobId, name, "acme/app", result);
        runner.jobFinished(finished, jobId, name, result);
    }

    /** The samples of one series name in a text exposition: label set -> value. */
    private static Map<Map<String, String>, Double> samples(String scrape, String name) {
        Map<Map<String, String>, Double> samples = new LinkedHashMap<>();
        for (Exposition.Sample s : Exposition.parse(scrape)) {
            if (s.name().equals(name) && samples.put(s.labels(), s.value()) != null) {
                fail("duplicate series " + name + s.labels() + " in:\n" + scrape);
            }
        }
        return samples;
    }

    /** A bucket bound as a comparable key: Prometheus 2 keeps "30.0" as exposed, Prometheus 3 normalises to "30". */
    private static String le(String value) {
        return value.equals("+Inf") ? value : new BigDecimal(value).stripTrailingZeros().toPlainString();
    }
}
