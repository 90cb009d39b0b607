package dev.runnermetrics.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogueTest {

    @Test
    void everyFamilyHasAUniqueNameAndSampleNamesResolveBackToIt() {
        Set<String> names = new HashSet<>();
        for (MetricSpec spec : Catalogue.ALL) {
            assertTrue(names.add(spec.name()), "declared twice: " + spec.name());
            for (String sample : spec.sampleNames()) {
                assertEquals(spec, Catalogue.bySampleName(sample).orElseThrow());
            }
        }
        assertEquals(List.of("github_runner_job_duration_seconds_bucket", "github_runner_job_duration_seconds_sum",
                "github_runner_job_duration_seconds_count"), Catalogue.JOB_DURATION.sampleNames());
        assertEquals("github_runner_jobs_total", Catalogue.JOBS.series());
        assertTrue(Catalogue.bySampleName("github_runner_jobs").isEmpty(), "counters are queried with _total");
    }

    @Test
    void everyFamilyIsDeclaredUnderOneSubject() {
        List<MetricSpec> declared = new java.util.ArrayList<>();
        Catalogue.SUBJECTS.values().forEach(declared::addAll);
        assertEquals(new HashSet<>(Catalogue.ALL), new HashSet<>(declared), "SUBJECTS and ALL hold the same families");
        assertEquals(Catalogue.ALL.size(), declared.size(), "each family under one subject only");
        assertEquals(Subject.GITHUB_INTAKE, Catalogue.subject(Catalogue.WEBHOOK_DELIVERIES).orElseThrow());
        assertEquals(Subject.DEPLOYMENTS, Catalogue.subject(Catalogue.DEPLOYMENT_LEAD_TIME).orElseThrow());
    }

    @Test
    void runnerFiguresCarryRunnerLabelsAndRepositoryFiguresDoNot() {
        assertEquals(List.of("runner_name", "runner_type", "runner_namespace", "result", "repository", "workflow",
                "job"),
                Catalogue.JOBS.allLabels());
        assertEquals(List.of("repository", "environment", "result"), Catalogue.DEPLOYMENTS.allLabels());
    }

    @Test
    void refusesDeclarationsThatBreakPrometheusConventions() {
        assertEquals("declare counters without _total: x_total", assertThrows(IllegalArgumentException.class,
                () -> new MetricSpec("x_total", MetricType.COUNTER, "", "h", true, List.of(), List.of(), List.of()))
                .getMessage());
        assertEquals("_total is for counters only: g_total", assertThrows(IllegalArgumentException.class,
                () -> new MetricSpec("g_total", MetricType.GAUGE, "", "h", true, List.of(), List.of(), List.of()))
                .getMessage());
        assertEquals("d_ms must end with its unit _seconds", assertThrows(IllegalArgumentException.class,
                () -> new MetricSpec("d_ms", MetricType.GAUGE, "seconds", "h", true, List.of(), List.of(),
                        List.of())).getMessage());
        assertEquals("n needs a HELP text", assertThrows(IllegalArgumentException.class,
                () -> new MetricSpec("n", MetricType.GAUGE, "", " ", true, List.of(), List.of(), List.of()))
                .getMessage());
        assertEquals("h_seconds: buckets must be strictly ascending", assertThrows(IllegalArgumentException.class,
                () -> new MetricSpec("h_seconds", MetricType.HISTOGRAM, "seconds", "h", true, List.of(), List.of(),
                        List.of(2.0, 1.0))).getMessage());
        assertEquals("metric name is not snake_case: jobsTotal", assertThrows(IllegalArgumentException.class,
                () -> new MetricSpec("jobsTotal", MetricType.GAUGE, "", "h", true, List.of(), List.of(), List.of()))
                .getMessage());
    }
}
