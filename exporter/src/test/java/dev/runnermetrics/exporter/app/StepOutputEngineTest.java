package dev.runnermetrics.exporter.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.exporter.config.ExporterSettings;
import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.metrics.CatalogueCollector;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import dev.runnermetrics.exporter.state.StateStore;
import dev.runnermetrics.exporter.steps.CacheType;
import dev.runnermetrics.exporter.steps.CacheTypeFile;
import dev.runnermetrics.exporter.testing.Fixtures;
import dev.runnermetrics.exporter.testing.Configs;
import dev.runnermetrics.exporter.testing.Golden;
import dev.runnermetrics.exporter.testing.RunnerDir;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine reading a runner's step output beside its logs: real excerpts in real pages, restarts, user types. */
class StepOutputEngineTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final String TIMELINE = "2d31777a-5a08-418a-99cf-95b2c873149c";
    private static final String CACHE_STEP = "9e1e4f6b-6a2f-4a4d-8d35-1f7f0c6a2b11";
    private static final String BUILD_STEP = "0f1e2d3c-4b5a-4968-8776-655443322110";
    private static final String GRADLE_STEP = "c4a1d2e3-5b6f-4789-8abc-def012345678";

    @TempDir
    Path tmp;

    private final List<ExporterEngine> engines = new ArrayList<>();
    private final Clock clock = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);

    @AfterEach
    void close() {
        engines.forEach(ExporterEngine::close);
    }

    private ExporterEngine engine(RunnerDir dir, boolean stepOutput, List<CacheType> types) {
        ExporterEngine engine = new ExporterEngine(List.of(new RunnerTarget("r", "chrome", dir.root(), dir.diag())),
                new ExporterEngine.Settings(1 << 20, Duration.ofSeconds(3), Duration.ofMinutes(30),
                        JobLabelPolicy.none(), stepOutput, types),
                new StateStore(tmp.resolve("state"), clock), clock);
        engines.add(engine);
        return engine;
    }

    /** A runner running job J1. */
    private RunnerDir runningJob() {
        RunnerDir dir = new RunnerDir(tmp.resolve("r")).listenerStarts(T0, "2.333.1");
        dir.jobReceived(T0.plusSeconds(10), "J1", "build");
        dir.worker(T0.plusSeconds(10), null, "J1", "build", "acme/app", null);
        return dir;
    }

    /** The lines of a real excerpt, written by the runner's pager (which stamps each line). */
    private static String[] excerpt(String name) throws IOException {
        String text = Files.readString(Fixtures.RUNNER_LOGS.resolve("step-output").resolve(name));
        return text.substring(0, text.lastIndexOf('\n')).split("\n", -1);
    }

    private static String figures(ExporterEngine engine) {
        RunnerFigures f = RunnerFigures.first(engine);
        if (f.of(Catalogue.STEP_PAGES_SEEN) == null) {
            return "absent";
        }
        return f.of(Catalogue.STEP_PAGES_SEEN).longValue() + " seen, " + f.of(Catalogue.STEP_PAGES_READ).longValue()
                + " read, " + f.of(Catalogue.STEP_PAGES_MISSED).longValue() + " missed; "
                + f.cacheRequests().entrySet().stream()
                .filter(e -> e.getValue().values().stream().mapToLong(Long::longValue).sum() > 0)
                .map(e -> {
                    long partial = e.getValue().getOrDefault("partial", 0L);
                    return e.getKey() + " " + e.getValue().get("hit") + "/" + (partial > 0 ? partial + "/" : "")
                            + e.getValue().get("miss");
                })
                .collect(Collectors.joining(", "));
    }

    private static String exposition(ExporterEngine engine) throws IOException {
        CollectorRegistry registry = new CollectorRegistry();
        new CatalogueCollector().add(engine::expose).register(registry);
        StringWriter out = new StringWriter();
        TextFormat.write004(out, registry.metricFamilySamples());
        return out.toString();
    }

    @Test
    void restoresInRealStepOutputCountOnceAcrossARestart() throws IOException {
        RunnerDir dir = runningJob();
        dir.page(TIMELINE, CACHE_STEP, 1, T0.plusSeconds(12), excerpt("001-cache-471-restore-hit-v2.log"));
        // This excerpt is a raw job log, stamped as the pager stamps: the page holds it as it is (it ends mid-line).
        Files.copy(Fixtures.RUNNER_LOGS.resolve("step-output/004-bpa-1156-buildx-cached-timestamped-selfhosted.log"),
                dir.diag().resolve("pages/" + TIMELINE + "_" + BUILD_STEP + "_1.log"));
        ExporterEngine first = engine(dir, true, CacheTypeFile.shipped());
        first.poll();
        assertEquals("2 seen, 0 read, 0 missed; actions_cache 1/0, buildkit 10/0", figures(first));
        first.saveIfDirty();
        first.close();

        ExporterEngine second = engine(dir, true, CacheTypeFile.shipped());
        second.poll();
        assertEquals("2 seen, 0 read, 0 missed; actions_cache 1/0, buildkit 10/0", figures(second),
                "read again from the saved offsets: nothing counted twice");
        Files.writeString(dir.diag().resolve("pages/" + TIMELINE + "_" + BUILD_STEP + "_1.log"),
                "Z \n2024-06-25T14:33:47.5926001Z #17 [14/14] RUN make\n2024-06-25T14:33:51.1000000Z #17 DONE 3.5s\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.delete(dir.diag().resolve("pages/" + TIMELINE + "_" + CACHE_STEP + "_1.log"));
        second.poll();
        assertEquals("2 seen, 1 read, 0 missed; actions_cache 1/0, buildkit 10/1", figures(second));
        String ours = exposition(second).lines()
                .filter(l -> l.matches("^(# (HELP|TYPE) )?(github_runner_cache|runner_metrics_step).*"))
                .collect(Collectors.joining("\n", "", "\n"));
        Golden.assertMatches("exposition/step-output-runner.prom", ours);
    }

    @Test
    void aCacheTypeFromTheConfigurationFileCountsWithoutRebuilding() throws IOException {
        Path types = Files.writeString(tmp.resolve("cache-types.yaml"), String.join("\n",
                "# Gradle's configuration cache, as Gradle 8 reports it",
                "gradle_configuration:",
                "  step: '^\\./gradlew |^gradle '",
                "  hit: '^Reusing configuration cache\\.$'",
                "  miss: '^Calculating task graph as no (?:cached configuration|configuration cache) is available'",
                ""));
        ExporterSettings settings = ExporterSettings.resolve(Configs.of("cache-types-file", types.toString()),
                FileSystems.getDefault());
        RunnerDir dir = runningJob();
        dir.page(TIMELINE, GRADLE_STEP, 1, T0.plusSeconds(12), "##[group]Run ./gradlew build --configuration-cache",
                "##[endgroup]", "Calculating task graph as no cached configuration is available for tasks: build",
                "BUILD SUCCESSFUL in 41s");
        dir.page(TIMELINE, GRADLE_STEP, 1, T0.plusSeconds(20), "Run ./gradlew check --configuration-cache",
                "Reusing configuration cache.");
        ExporterEngine engine = engine(dir, settings.stepOutput(), settings.cacheTypes());
        engine.poll();
        assertEquals("1 seen, 0 read, 0 missed; gradle_configuration 1/1", figures(engine));
    }

    @Test
    void withStepOutputSwitchedOffCacheFiguresStayAbsent() throws IOException {
        RunnerDir dir = runningJob();
        dir.page(TIMELINE, CACHE_STEP, 1, T0.plusSeconds(12), excerpt("001-cache-471-restore-hit-v2.log"));
        ExporterEngine engine = engine(dir, false, CacheTypeFile.shipped());
        engine.poll();
        assertEquals("absent", figures(engine));
        assertEquals(List.of(), exposition(engine).lines()
                .filter(l -> l.contains("github_runner_cache") || l.contains("runner_metrics_step")).toList());
    }
}
