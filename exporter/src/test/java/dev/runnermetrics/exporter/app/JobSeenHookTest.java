package dev.runnermetrics.exporter.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.feature.JobFeature;
import dev.runnermetrics.exporter.logs.JobContext;
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
        List<String> seen = new ArrayList<>();
        JobFeature hears = new JobFeature() {
            @Override
            public String stateKey() {
                return "hears";
            }

            @Override
            public void jobSeen(String name, String type, Instant at, JobContext context) {
                seen.add(name + " " + type + " " + at + " " + context.displayName() + " " + context.repository() + " "
                        + context.runId());
            }

            @Override
            public Object state() {
                return null;
            }

            @Override
            public long changes() {
                return 0;
            }
        };
        ExporterEngine engine = new ExporterEngine(List.of(new RunnerTarget("runner-1", "chrome", dir.root(),
                dir.diag())), new ExporterEngine.Settings(4096, Duration.ofSeconds(3), Duration.ofMinutes(30),
                JobLabelPolicy.none(), false, CacheTypeFile.shipped()), new StateStore(tmp.resolve("s"), clock), clock,
                List.of(restored(hears)));
        engine.poll();
        engine.poll();
        engine.close();
        assertEquals(List.of("runner-1 chrome 2026-11-01T10:00:10Z build octo-org/octo-repo 24282322391"), seen);
    }

    /** A factory that hands out this feature, whatever the state file holds. */
    static JobFeature.Factory restored(JobFeature feature) {
        return new JobFeature.Factory() {
            @Override
            public String stateKey() {
                return feature.stateKey();
            }

            @Override
            public void check(com.fasterxml.jackson.databind.JsonNode saved) {
            }

            @Override
            public JobFeature restore(com.fasterxml.jackson.databind.JsonNode saved) {
                return feature;
            }
        };
    }
}
