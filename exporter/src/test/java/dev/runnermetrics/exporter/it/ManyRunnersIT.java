package dev.runnermetrics.exporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.testing.RunnerDir;
import dev.runnermetrics.testkit.process.ExporterProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-runner mode under the image's own heap limit ({@code image.jvm.options}, e.g. -Xmx64m). Each runner once had
 * its own 1 MiB read buffers, and a few dozen runners ran the heap out at start (found by the benchmarks); the
 * buffers are now one per polling thread. 60 runners must start, be ready and report every runner's job.
 */
class ManyRunnersIT {

    private static final int RUNNERS = 60;

    @TempDir
    Path tmp;

    @Test
    void sixtyRunnersFitInTheImagesHeap() throws Exception {
        String jvmOptions = System.getProperty("image.jvm.options", "");
        assertTrue(jvmOptions.contains("-Xmx"), "the image's JVM options set a heap limit: " + jvmOptions);
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(30));
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < RUNNERS; i++) {
            String name = "runner-" + i;
            RunnerDir runner = new RunnerDir(tmp.resolve(name)).config(name);
            runner.listenerStarts(base, "2.333.1");
            String jobId = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
            Instant received = base.plusSeconds(10 + i);
            Instant finished = received.plusSeconds(30);
            runner.jobReceived(received, jobId, "build");
            runner.worker(received.plusSeconds(2), finished, jobId, "build", "acme/app", "Succeeded");
            runner.jobFinished(finished, jobId, "build", "Succeeded");
            entries.add(runner.root() + ";name=" + name);
        }
        Path state = Files.createDirectories(tmp.resolve("state"));
        Path log = tmp.resolve("exporter.log");
        try (ExporterProcess exporter = ExporterProcess.start(Map.of(
                "RUNNERS", String.join(",", entries),
                "STATE_DIR", state.toString(),
                "JDK_JAVA_OPTIONS", jvmOptions), log)) {
            String scrape = exporter.awaitScrape(s -> successes(s) == RUNNERS, Duration.ofSeconds(60));
            assertEquals(RUNNERS, successes(scrape), "runners with their one successful job");
            assertTrue(Files.readString(log).contains("Picked up JDK_JAVA_OPTIONS: " + jvmOptions),
                    "the java launcher took the image's options");
        }
    }

    private static int successes(String scrape) {
        Matcher m = Pattern.compile("(?m)^github_runner_jobs_total\\{[^}]*result=\"success\"[^}]*\\} 1\\.0$")
                .matcher(scrape);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
