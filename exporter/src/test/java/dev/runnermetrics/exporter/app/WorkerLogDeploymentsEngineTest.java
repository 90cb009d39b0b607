package dev.runnermetrics.exporter.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.github.jobs.GithubSettings;
import dev.runnermetrics.exporter.github.dora.WorkerLogDeployments;
import dev.runnermetrics.exporter.metrics.CatalogueCollector;
import dev.runnermetrics.exporter.metrics.Labels;
import dev.runnermetrics.exporter.metrics.SampleSource;
import dev.runnermetrics.exporter.metrics.RecordedSamples;
import dev.runnermetrics.exporter.metrics.Samples;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import dev.runnermetrics.exporter.state.StateStore;
import dev.runnermetrics.exporter.steps.CacheTypeFile;
import dev.runnermetrics.exporter.testing.Golden;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployments derived from a runner's Worker logs by the whole engine (tailer, interpreter, model, DORA), on the
 * constructed runner directory {@code constructed/deploy-runner} (see constructed/README.md): one failed and two
 * successful production deployments, a staging deployment, a build job and a cancelled deployment.
 */
class WorkerLogDeploymentsEngineTest {

    private static final Path FIXTURE = Path.of("src/test/resources/constructed/deploy-runner");
    private static final GithubSettings SETTINGS = new GithubSettings(Map.of(), List.of(), Pattern.compile(".*"), 50,
            Optional.of(Pattern.compile("(?i)deploy.*")), GithubSettings.DEFAULT_PRODUCTION, 100, Duration.ofDays(6));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-11T18:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private Path runner() throws IOException {
        Path runner = tmp.resolve("runner");
        try (Stream<Path> files = Files.walk(FIXTURE)) {
            for (Path p : files.toList()) {
                Path target = runner.resolve(FIXTURE.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return runner;
    }

    private ExporterEngine engine(Path runner, GithubSettings deployments) {
        return new ExporterEngine(List.of(new RunnerTarget("deploy-runner", "standard", runner,
                runner.resolve("_diag"))), new ExporterEngine.Settings(1 << 20, Duration.ofSeconds(3),
                Duration.ofMinutes(30), JobLabelPolicy.none(), false, CacheTypeFile.shipped()),
                new StateStore(tmp.resolve("state"), CLOCK), CLOCK,
                deployments == null ? List.of() : List.of(WorkerLogDeployments.factory(deployments)));
    }

    /** The engine's figures that are no runner's: the deployments derived from the Worker logs. */
    private static SampleSource deploymentsOnly(ExporterEngine engine) {
        return out -> engine.expose(new Samples() {
            @Override
            public void value(MetricSpec family, Labels labels, double value) {
                if (!family.perRunner()) {
                    out.value(family, labels, value);
                }
            }

            @Override
            public void histogram(MetricSpec family, Labels labels, long[] buckets, double sum, long count) {
                if (!family.perRunner()) {
                    out.histogram(family, labels, buckets, sum, count);
                }
            }
        });
    }

    private static String scrape(ExporterEngine engine) throws IOException {
        CollectorRegistry registry = new CollectorRegistry();
        new CatalogueCollector().add(deploymentsOnly(engine)).register(registry);
        StringWriter out = new StringWriter();
        TextFormat.write004(out, registry.metricFamilySamples());
        return out.toString();
    }

    @Test
    void theWorkerLogsGiveTheHandComputedDoraFigures() throws IOException {
        ExporterEngine engine = engine(runner(), SETTINGS);
        engine.poll();
        String scrape = scrape(engine);
        // failure 15:05:40; success 16:24:30 (commit 16:10:00Z): lead 870 s, restore 4730 s; success 17:00:30
        // from workflow_dispatch (no head commit): counted, lead time dropped. Staging, build, cancelled: none.
        assertEquals(List.of(
                "github_deployments_total{repository=\"example-org/shop\",environment=\"production\",result=\"success\",} 2.0",
                "github_deployments_total{repository=\"example-org/shop\",environment=\"production\",result=\"failure\",} 1.0",
                "github_deployment_lead_time_seconds_sum{repository=\"example-org/shop\",environment=\"production\",} 870.0",
                "github_deployment_time_to_restore_seconds_sum{repository=\"example-org/shop\",environment=\"production\",} 4730.0",
                "runner_metrics_github_observations_dropped_total{reason=\"commit_time_unknown\",} 1.0"),
                scrape.lines().filter(l -> l.startsWith("github_deployments_total") || l.contains("_seconds_sum")
                        || l.startsWith("runner_metrics_github_observations_dropped_total")).toList());
        Golden.assertMatches("exposition/worker-log-deployments.prom", scrape);
    }

    @Test
    void aRestartCountsNoDeploymentTwice() throws IOException {
        Path runner = runner();
        ExporterEngine first = engine(runner, SETTINGS);
        first.poll();
        String before = scrape(first);
        first.saveIfDirty();
        first.close();

        ExporterEngine second = engine(runner, SETTINGS);
        assertEquals(before, scrape(second), "the figures come back from the state file");
        second.poll();
        assertEquals(before, scrape(second), "nothing read again is counted again");
        second.close();

        // The files are read again from the start (offsets lost with the state file): still counted once.
        Files.delete(tmp.resolve("state").resolve("state.json"));
        ExporterEngine third = engine(runner, SETTINGS);
        third.poll();
        assertEquals(before, scrape(third));
        third.close();
    }

    @Test
    void aCrashBeforeTheStateIsSavedCountsTheDeploymentsOnceOnTheNextStart() throws IOException {
        Path runner = runner();
        ExporterEngine first = engine(runner, SETTINGS);
        first.poll();
        String expected = scrape(first);
        first.saveIfDirty();
        // A new successful deployment is read, then the process dies before the next save.
        Path late = Files.copy(runner.resolve("_diag/Worker_20260411-162000-utc.log"),
                runner.resolve("_diag/Worker_20260411-175000-utc.log"));
        Files.writeString(late, Files.readString(late).replace("7c2e4d6f-1a3b-5c7d-8e9f-0a1b2c3d4e02",
                "d17d9cbe-6f8a-5b0c-2d4e-5f6a7b8c9d07"));
        first.poll();
        String withLate = scrape(first);
        first.close();

        ExporterEngine second = engine(runner, SETTINGS);
        assertEquals(expected, scrape(second), "the unsaved deployment is not in the state file");
        second.poll();
        assertEquals(withLate, scrape(second), "read again once, counted once");
        assertEquals(true, withLate.contains("result=\"success\",} 3.0"));
    }

    @Test
    void withoutADeploymentJobPatternNoFiguresAreDerived() throws IOException {
        ExporterEngine engine = engine(runner(), null);
        engine.poll();
        assertTrue(RecordedSamples.of(deploymentsOnly(engine)).values().isEmpty());
        assertEquals(6, RunnerFigures.first(engine).jobs().values().stream().mapToLong(Long::longValue).sum(),
                "the jobs themselves are still counted");
    }
}
