package dev.runnermetrics.testkit.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpositionTest {

    /** As Micrometer writes it: trailing commas in label sets, histogram buckets with +Inf. */
    private static final String SCRAPE = String.join("\n",
            "# HELP github_runner_jobs_total Jobs",
            "# TYPE github_runner_jobs_total counter",
            "github_runner_jobs_total{runner_name=\"r1\",result=\"success\",} 3.0",
            "github_runner_jobs_total{runner_name=\"r1\",result=\"failure\",} 1.0",
            "github_runner_jobs_total{runner_name=\"r2\",result=\"success\",} 2.0",
            "# TYPE github_runner_job_duration_seconds histogram",
            "github_runner_job_duration_seconds_bucket{le=\"+Inf\",runner_name=\"r1\",} 4.0",
            "github_runner_status{runner_name=\"r1\",} 1.0 1700000000000",
            "runner_metrics_label{value=\"a \\\"quoted\\\" {brace}, and a\\nnewline\",} NaN",
            "process_uptime_seconds 12.5",
            "");

    @Test
    void everySampleLineIsReadWithItsLabelsUnescaped() {
        List<Exposition.Sample> samples = Exposition.parse(SCRAPE);
        assertEquals(7, samples.size());
        assertEquals(new Exposition.Sample("github_runner_status", Map.of("runner_name", "r1"), 1.0), samples.get(4));
        assertEquals("a \"quoted\" {brace}, and a\nnewline", samples.get(5).labels().get("value"));
        assertEquals(Double.NaN, samples.get(5).value());
        assertEquals(new Exposition.Sample("process_uptime_seconds", Map.of(), 12.5), samples.get(6));
    }

    @Test
    void seriesAreLabelSetsAndValuesInAStableOrder() {
        assertEquals(List.of("{result=failure, runner_name=r1} 1.0", "{result=success, runner_name=r1} 3.0",
                "{result=success, runner_name=r2} 2.0"), Exposition.series(SCRAPE, "github_runner_jobs_total"));
    }

    @Test
    void aValueIsFoundBySomeOfItsLabelsAndAnAmbiguousOneIsAnError() {
        assertEquals(3.0, Exposition.value(SCRAPE, "github_runner_jobs_total",
                Map.of("runner_name", "r1", "result", "success")));
        assertNull(Exposition.value(SCRAPE, "github_runner_jobs_total", Map.of("result", "skipped")));
        assertThrows(AssertionError.class,
                () -> Exposition.value(SCRAPE, "github_runner_jobs_total", Map.of("result", "success")));
    }

    @Test
    void sumsAreOverAFamilyOrByOneLabel() {
        assertEquals(6.0, Exposition.sum(SCRAPE, "github_runner_jobs_total"));
        assertEquals(0.0, Exposition.sum(SCRAPE, "github_deployments_total"));
        assertEquals(Map.of("failure", 1.0, "success", 5.0),
                Exposition.sumBy(SCRAPE, "github_runner_jobs_total", "result"));
    }

    @Test
    void typeLinesNameEachFamilysType() {
        assertEquals(Map.of("github_runner_jobs_total", "counter", "github_runner_job_duration_seconds", "histogram"),
                Exposition.types(SCRAPE));
    }

    @Test
    void somethingOtherThanTheTextFormatIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Exposition.parse("<html><body>Forbidden</body></html>"));
        assertThrows(IllegalArgumentException.class, () -> Exposition.parse("name{label=unquoted} 1"));
        assertThrows(IllegalArgumentException.class, () -> Exposition.parse("name{a=\"1\",a=\"2\"} 1"));
        assertEquals(List.of(), Exposition.parse(""));
    }

    @Test
    void nonFiniteValuesAreReadAsPrometheusWritesThem() {
        assertEquals(Double.POSITIVE_INFINITY, Exposition.number("+Inf"));
        assertEquals(Double.NEGATIVE_INFINITY, Exposition.number("-Inf"));
        assertEquals(Double.NaN, Exposition.number("NaN"));
        assertEquals(1e-3, Exposition.number("1e-3"));
    }
}
