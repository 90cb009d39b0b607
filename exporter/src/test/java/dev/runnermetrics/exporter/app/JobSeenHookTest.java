package dev.runnermetrics.exporter.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import dev.runnermetrics.exporter.state.StateStore;
import dev.runnermetrics.exporter.steps.CacheTypeFile;
import dev.runnermetrics.exporter.testing.RunnerDir;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine tells a listener about each job a Worker log introduces, once, with the runner's labels. */
class JobSeenHookTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    @TempDir
    java.nio.file.Path tmp;

    @Test
    void eachJobMessageIsHandedOverOnce() {
        RunnerDir dir = new RunnerDir(tmp.resolve("r")).listenerStarts(T0, "2.333.1");
        dir.worker(T0.plusSeconds(10), T0.plusSeconds(70), "job-1", "build", "octo-org/octo-repo", "Succeeded");
        Clock clock = Clock.fixed(T0.plusSeconds(120), ZoneOffset.UTC);
        ExporterEngine engine = new ExporterEngine(List.of(new RunnerTarget("runner-1", "chrome", dir.root(),
                dir.diag())), new ExporterEngine.Settings(4096, Duration.ofSeconds(3), Duration.ofMinutes(30),
                JobLabelPolicy.none(), false, CacheTypeFile.shipped()), new StateStore(tmp.resolve("s"), clock), clock);
        List<String> seen = new ArrayList<>();
        engine.onJobSeen((name, type, at, context) -> seen.add(name + " " + type + " " + at + " "
                + context.displayName() + " " + context.repository() + " " + context.runId()));
        engine.poll();
        engine.poll();
        engine.close();
        assertEquals(List.of("runner-1 chrome 2026-11-01T10:00:10Z build octo-org/octo-repo 24282322391"), seen);
    }
}
