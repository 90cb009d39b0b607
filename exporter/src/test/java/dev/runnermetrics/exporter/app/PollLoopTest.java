package dev.runnermetrics.exporter.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import dev.runnermetrics.exporter.state.StateStore;
import dev.runnermetrics.exporter.steps.CacheTypeFile;
import dev.runnermetrics.exporter.testing.RunnerDir;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's loop on real files, real file events and real time: a job's last line is read on its file event; a
 * file system without events is read by the safety poll; a resting runner is not read in between.
 */
class PollLoopTest {

    private static final Duration POLL = Duration.ofMillis(250);
    /** Short, so the tests see the loop come to rest quickly; the exporter's is grace + idle rule + poll. */
    private static final Duration ACTIVE = Duration.ofMillis(400);

    @TempDir
    Path tmp;

    private final Clock clock = Clock.systemUTC();
    private ExporterEngine engine;
    private PollLoop loop;
    private Thread thread;

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
            thread.join(5_000);
        }
        if (engine != null) {
            engine.close();
        }
    }

    private RunnerDir runner() {
        Instant now = clock.instant();
        RunnerDir dir = new RunnerDir(tmp.resolve("r")).listenerStarts(now.minusSeconds(60), "2.333.1");
        dir.jobReceived(now.minusSeconds(30), "J1", "build");
        return dir;
    }

    private void start(RunnerDir dir, boolean fileEvents, Duration safety) {
        engine = new ExporterEngine(List.of(new RunnerTarget("r", "standard", dir.root(), dir.diag())),
                new ExporterEngine.Settings(1 << 20, Duration.ofSeconds(3), Duration.ofMinutes(30),
                        JobLabelPolicy.none(), true, CacheTypeFile.shipped()),
                new StateStore(tmp.resolve("state"), clock), clock);
        FileEvents events = FileEvents.watch(FileSystems.getDefault(), FileEvents.foldersOf(dir.root(), dir.diag()),
                fileEvents);
        loop = new PollLoop(engine, events, new PollSchedule(POLL, ACTIVE, safety), clock, Duration.ofSeconds(1),
                false);
        thread = new Thread(loop, "test-poller");
        thread.setDaemon(true);
        thread.start();
        await(() -> loop.lastPollMillis() > 0, Duration.ofSeconds(10), "the first read");
    }

    /** Waits for the condition; the time it took. */
    private static Duration await(BooleanSupplier condition, Duration max, String what) {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > max.toNanos()) {
                throw new AssertionError("not within " + max + ": " + what);
            }
            sleep(10);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, Long> jobs() {
        return RunnerFigures.first(engine).jobs();
    }

    @Test
    void aFinishedJobIsReadOnItsFileEventNotAtTheNextSafetyPoll() {
        RunnerDir dir = runner();
        start(dir, true, Duration.ofSeconds(60));
        sleep(ACTIVE.toMillis() * 3); // at rest: the next safety poll is a minute away
        dir.jobFinished(clock.instant(), "J1", "build", "Succeeded");
        Duration took = await(() -> jobs().getOrDefault("success", 0L) == 1, Duration.ofSeconds(10), "the job");
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "read on the event, in " + took);
    }

    @Test
    void withoutFileEventsTheSafetyPollStillReadsEveryLine() {
        RunnerDir dir = runner();
        start(dir, false, Duration.ofSeconds(1));
        sleep(ACTIVE.toMillis() * 3);
        dir.jobFinished(clock.instant(), "J1", "build", "Succeeded");
        await(() -> jobs().getOrDefault("success", 0L) == 1, Duration.ofSeconds(10), "the job, by the safety poll");
    }

    @Test
    void aRunnerAtRestIsNotReadBetweenSafetyPolls() {
        start(runner(), true, Duration.ofSeconds(60));
        sleep(ACTIVE.toMillis() * 3);
        long rested = loop.lastPollMillis();
        sleep(1_500);
        assertEquals(rested, loop.lastPollMillis(), "no read while nothing changed");
    }

    @Test
    void theStateIsSavedAfterAChangeWithoutATimer() {
        RunnerDir dir = runner();
        start(dir, true, Duration.ofSeconds(60));
        dir.jobFinished(clock.instant(), "J1", "build", "Succeeded");
        Path state = tmp.resolve("state/state.json");
        await(() -> Files.exists(state) && !engine.dirty(), Duration.ofSeconds(10), "the save");
    }
}
