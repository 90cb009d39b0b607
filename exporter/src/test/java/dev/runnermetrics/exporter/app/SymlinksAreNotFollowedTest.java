package dev.runnermetrics.exporter.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.config.RunnerTargets;
import dev.runnermetrics.exporter.metrics.CatalogueCollector;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import dev.runnermetrics.exporter.state.StateStore;
import dev.runnermetrics.exporter.steps.CacheTypeFile;
import dev.runnermetrics.exporter.testing.Configs;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No symbolic link is followed out of the folder the exporter reads: real runner folders with real links to "secret"
 * files outside that look like runner logs. Their content must reach neither /metrics nor the state file.
 */
class SymlinksAreNotFollowedTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final String TIMELINE = "2d31777a-5a08-418a-99cf-95b2c873149c";
    private static final String CACHE_STEP = "9e1e4f6b-6a2f-4a4d-8d35-1f7f0c6a2b11";
    private static final String[] CACHE_HIT = {"##[group]Run actions/cache@v4", "##[endgroup]",
        "Cache restored from key: maven-Linux-0d9c2b"};

    @TempDir
    Path tmp;

    private final List<ExporterEngine> engines = new ArrayList<>();
    private final Clock clock = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);

    @AfterEach
    void close() {
        engines.forEach(ExporterEngine::close);
    }

    private ExporterEngine engine(RunnerTarget target) {
        ExporterEngine engine = new ExporterEngine(List.of(target), new ExporterEngine.Settings(1 << 20,
                Duration.ofSeconds(3), Duration.ofMinutes(30), JobLabelPolicy.none(), true, CacheTypeFile.shipped()),
                new StateStore(tmp.resolve("state"), clock), clock);
        engines.add(engine);
        return engine;
    }

    private ExporterEngine engine(RunnerDir dir) {
        return engine(new RunnerTarget("r", "standard", dir.root(), dir.diag()));
    }

    private static RunnerTarget configured(Path runnerDir) {
        return RunnerTargets.resolve(Configs.of("runner-dir", runnerDir.toString()), FileSystems.getDefault(),
                () -> "the-host").get(0);
    }

    /** A runner that ran job J1 (succeeded) and now runs J2. */
    private RunnerDir runner() {
        RunnerDir dir = new RunnerDir(tmp.resolve("r")).listenerStarts(T0, "2.333.1");
        dir.jobReceived(T0.plusSeconds(10), "J1", "build").jobFinished(T0.plusSeconds(40), "J1", "build", "Succeeded");
        dir.jobReceived(T0.plusSeconds(45), "J2", "test");
        dir.worker(T0.plusSeconds(45), null, "J2", "test", "acme/app", null);
        return dir;
    }

    /** A folder outside the runner's that holds what reads as another runner's logs: the "secret". */
    private RunnerDir secret() {
        RunnerDir secret = new RunnerDir(tmp.resolve("secret")).listenerStarts(T0, "9.9.9");
        secret.jobReceived(T0.plusSeconds(20), "SECRETJOB", "shadow-build")
                .jobFinished(T0.plusSeconds(30), "SECRETJOB", "shadow-build", "Failed");
        return secret;
    }

    private static String exposition(ExporterEngine engine) throws IOException {
        CollectorRegistry registry = new CollectorRegistry();
        new CatalogueCollector().add(engine::expose).register(registry);
        StringWriter out = new StringWriter();
        TextFormat.write004(out, registry.metricFamilySamples());
        return out.toString();
    }

    /** Everything the engine shows and keeps: the exposition and the state file it saves. */
    private String shownAndKept(ExporterEngine engine) throws IOException {
        engine.saveIfDirty();
        StringBuilder all = new StringBuilder(exposition(engine));
        try (Stream<Path> files = Files.walk(tmp.resolve("state"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    private static void assertNothingOf(String text, String... secrets) {
        for (String secret : secrets) {
            assertFalse(text.contains(secret), () -> "'" + secret + "' leaked into:\n" + text);
        }
    }

    @Test
    void aRunnerLogLinkedToAFileOutsideIsNotReadAndItsContentReachesNeitherMetricsNorState() throws IOException {
        RunnerDir dir = runner();
        Files.createSymbolicLink(dir.diag().resolve("Runner_20261101-110000-utc.log"), secret().runnerLog());
        ExporterEngine engine = engine(dir);
        engine.poll();
        RunnerFigures f = RunnerFigures.first(engine);
        assertEquals(Map.of("success", 1L), f.jobs(), "J1 only: the secret's failed job is not counted");
        assertEquals("2.333.1", f.info("version"));
        assertEquals(Map.of("not_regular_file", 1L), f.parseErrors("runner_log"));
        assertNothingOf(shownAndKept(engine), "SECRETJOB", "shadow", "9.9.9", "20261101-110000");

        dir.jobFinished(T0.plusSeconds(50), "J2", "test", "Succeeded");
        engine.poll();
        engine.poll();
        assertEquals(Map.of("success", 2L), RunnerFigures.first(engine).jobs(), "the real log is still read");
        assertEquals(Map.of("not_regular_file", 1L), RunnerFigures.first(engine).parseErrors("runner_log"),
                "a link is counted once, not once a poll");
    }

    @Test
    void aWorkerLogLinkedToAFileOutsideIsNotRead() throws IOException {
        RunnerDir dir = runner();
        RunnerDir secret = secret();
        Path secretWorker = secret.worker(T0.plusSeconds(20), T0.plusSeconds(30), "SECRETJOB", "shadow-build",
                "acme/secret-repo", "Succeeded");
        Files.createSymbolicLink(dir.diag().resolve("Worker_20261101-110000-utc.log"), secretWorker);
        ExporterEngine engine = engine(dir);
        engine.poll();
        RunnerFigures f = RunnerFigures.first(engine);
        assertEquals(Map.of("success", 1L), f.jobs());
        assertEquals(Map.of("not_regular_file", 1L), f.parseErrors("worker_log"));
        assertEquals(Boolean.TRUE, f.up("worker_log"), "the runner's own Worker log is read");
        assertNothingOf(shownAndKept(engine), "SECRETJOB", "shadow", "secret-repo", "20261101-110000");
    }

    @Test
    void aStepOutputPageOrBlockLinkedToAFileOutsideIsNotReadAndCountsAsMissed() throws IOException {
        RunnerDir dir = runner();
        RunnerDir secret = secret();
        Path page = secret.page(TIMELINE, CACHE_STEP, 1, T0.plusSeconds(50), CACHE_HIT);
        Path block = secret.block("7d31777a-5a08-418a-99cf-95b2c873149c", CACHE_STEP, 1, T0.plusSeconds(50),
                CACHE_HIT);
        Files.createDirectories(dir.diag().resolve("pages"));
        Files.createDirectories(dir.diag().resolve("blocks"));
        Files.createSymbolicLink(dir.diag().resolve("pages").resolve(page.getFileName()), page);
        Files.createSymbolicLink(dir.diag().resolve("blocks").resolve(block.getFileName()), block);
        ExporterEngine engine = engine(dir);
        engine.poll();
        engine.poll();
        RunnerFigures f = RunnerFigures.first(engine);
        assertEquals(2.0, f.of(Catalogue.STEP_PAGES_SEEN));
        assertEquals(0.0, f.of(Catalogue.STEP_PAGES_READ));
        assertEquals(2.0, f.of(Catalogue.STEP_PAGES_MISSED), "listed, never read: missed, once each");
        assertTrue(f.cacheRequests().values().stream().flatMap(m -> m.values().stream()).allMatch(n -> n == 0),
                "no restore counted from the secret: " + f.cacheRequests());
        assertNothingOf(shownAndKept(engine), "maven-Linux");
    }

    @Test
    void aPagesFolderThatIsALinkIsNotFollowed() throws IOException {
        RunnerDir dir = runner();
        Path page = secret().page(TIMELINE, CACHE_STEP, 1, T0.plusSeconds(50), CACHE_HIT);
        Files.createSymbolicLink(dir.diag().resolve("pages"), page.getParent());
        ExporterEngine engine = engine(dir);
        engine.poll();
        assertNull(RunnerFigures.first(engine).of(Catalogue.STEP_PAGES_SEEN),
                "no step output folder is read, so nothing is known of it");
    }

    @Test
    void aDiagFolderThatIsALinkInsideTheRunnerRootIsNotFollowedAndTheRunnerIsNotReady() throws IOException {
        RunnerDir elsewhere = runner();
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createSymbolicLink(root.resolve("_diag"), elsewhere.diag());
        ExporterEngine engine = engine(configured(root));
        engine.poll();
        RunnerFigures f = RunnerFigures.first(engine);
        assertEquals(Map.of(), f.jobs());
        assertEquals(Boolean.FALSE, f.up("runner_log"));
        assertFalse(engine.notReadyReasons().isEmpty(), "the operator is told the folder cannot be read");
    }

    @Test
    void aDiagFolderNamedInTheConfigurationIsFollowedEvenWhenItIsALink() throws IOException {
        RunnerDir elsewhere = runner();
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createSymbolicLink(root.resolve("_diag"), elsewhere.diag());
        RunnerTarget target = configured(root.resolve("_diag"));
        assertEquals(elsewhere.diag().toRealPath(), target.diagDir(), "resolved once at start");
        ExporterEngine engine = engine(target);
        engine.poll();
        assertEquals(Map.of("success", 1L), RunnerFigures.first(engine).jobs());
    }

    @Test
    void aConfiguredRunnerRootThatIsALinkIsResolvedAtStartAndRead() throws IOException {
        RunnerDir dir = runner().config("gpu-runner-7");
        Path link = Files.createSymbolicLink(tmp.resolve("runner"), dir.root());
        RunnerTarget target = configured(link);
        assertEquals(new RunnerTarget("gpu-runner-7", "standard", dir.root().toRealPath(),
                dir.root().toRealPath().resolve("_diag")), target);
        ExporterEngine engine = engine(target);
        engine.poll();
        assertEquals(Map.of("success", 1L), RunnerFigures.first(engine).jobs());
        assertTrue(engine.notReadyReasons().isEmpty());
    }

    @Test
    void aRunnerConfigFileThatIsALinkIsNotReadForTheRunnersName() throws IOException {
        RunnerDir dir = runner();
        RunnerDir secret = new RunnerDir(tmp.resolve("secret")).config("secret-name");
        Files.createSymbolicLink(dir.root().resolve(".runner"), secret.root().resolve(".runner"));
        assertEquals("the-host", configured(dir.root()).name());
    }

    @Test
    void aRunnerLogSwappedForALinkBetweenPollsIsNotReadFurther() throws IOException {
        RunnerDir dir = runner();
        ExporterEngine engine = engine(dir);
        engine.poll();
        Path log = dir.runnerLog();
        Path aside = tmp.resolve("aside.log");
        Files.move(log, aside);
        Path secretLog = secret().runnerLog();
        Files.writeString(secretLog, "[2026-11-01 10:00:50Z INFO JobDispatcher] Job request 0 for plan p job "
                + "SECRETJOB2 received.\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.createSymbolicLink(log, secretLog);
        engine.poll();
        engine.poll();
        RunnerFigures f = RunnerFigures.first(engine);
        assertEquals(Map.of("success", 1L), f.jobs());
        assertEquals(Map.of("not_regular_file", 1L), f.parseErrors("runner_log"));
        assertNothingOf(shownAndKept(engine), "SECRETJOB", "shadow", "9.9.9");
    }
}
