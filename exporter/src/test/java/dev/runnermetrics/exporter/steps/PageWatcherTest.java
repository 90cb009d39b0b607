package dev.runnermetrics.exporter.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runnermetrics.exporter.model.RunnerState;
import dev.runnermetrics.exporter.state.PersistedState;
import dev.runnermetrics.exporter.state.StateStore;
import dev.runnermetrics.exporter.testing.RunnerDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real page and block files in a temporary _diag folder, written, grown and deleted between polls the way the runner's
 * pager and upload queue do it.
 */
class PageWatcherTest {

    private static final String TIMELINE = "2d31777a-5a08-418a-99cf-95b2c873149c";
    private static final String NEXT_TIMELINE = "7c0e94b1-3f7d-4c11-9a55-0b3f1f2e8d40";
    private static final String CACHE_STEP = "9e1e4f6b-6a2f-4a4d-8d35-1f7f0c6a2b11";
    private static final String NODE_STEP = "c4a1d2e3-5b6f-4789-8abc-def012345678";
    private static final String BUILD_STEP = "0f1e2d3c-4b5a-4968-8776-655443322110";
    private static final Instant T = Instant.parse("2026-11-01T10:00:00Z");
    private static final JobView RUNNING = new JobView("J1", Set.of("J1"));

    @TempDir
    Path tmp;

    private final List<StepOutput> outputs = new ArrayList<>();

    @AfterEach
    void close() {
        outputs.forEach(StepOutput::close);
    }

    private StepOutput output(RunnerDir dir, StepState state) {
        StepOutput output = StepOutput.of(dir.diag(), 4096, CacheTypeFile.shipped(), state);
        outputs.add(output);
        return output;
    }

    /** The figures a scrape would show, without the cache types nothing was seen of. */
    private static String figures(StepOutput output) {
        StepFigures f = output.figures();
        if (f == null) {
            return "unknown";
        }
        StringBuilder b = new StringBuilder("pages " + f.pagesSeen() + " seen, " + f.pagesRead() + " read, "
                + f.pagesMissed() + " missed");
        f.cacheRequests().forEach((type, n) -> {
            if (n.hits() + n.partials() + n.misses() > 0) {
                b.append("; ").append(type).append(' ').append(n.hits()).append(" hit ")
                        .append(n.partials() > 0 ? n.partials() + " partial " : "").append(n.misses())
                        .append(" miss");
            }
        });
        return b.toString();
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    @Test
    void nothingIsKnownUntilTheRunnerHasStepOutputFolders() throws IOException {
        RunnerDir dir = new RunnerDir(tmp.resolve("r"));
        StepOutput output = output(dir, new StepState());
        assertEquals(false, output.poll(RUNNING));
        assertEquals("unknown", figures(output));
        Files.createDirectories(dir.diag().resolve("pages"));
        output.poll(RUNNING);
        assertEquals("pages 0 seen, 0 read, 0 missed", figures(output));
    }

    @Test
    void aPageThatAppearsGrowsAndVanishesWhileBeingReadLosesNothing() throws IOException {
        RunnerDir dir = new RunnerDir(tmp.resolve("r"));
        Path page = dir.page(TIMELINE, CACHE_STEP, 1, T, "##[group]Run actions/cache@v4", "with:",
                "  path: ~/.m2/repository", "##[endgroup]");
        append(page, "2026-11-01T10:00:01.1234567Z Cache restored from ke"); // the pager's buffer ends mid-line
        StepOutput output = output(dir, new StepState());
        output.poll(RUNNING);
        assertEquals("pages 1 seen, 0 read, 0 missed", figures(output));

        append(page, "y: maven-Linux-0d9c2b\n");
        dir.page(TIMELINE, CACHE_STEP, 1, T.plusSeconds(2), "Cache Size: ~120 MB (125829120 B)");
        output.poll(RUNNING);
        assertEquals("pages 1 seen, 0 read, 0 missed; actions_cache 1 hit 0 miss", figures(output));

        // The step's last lines are flushed, the page is uploaded and deleted, all before the next poll.
        dir.page(TIMELINE, CACHE_STEP, 1, T.plusSeconds(3), "Cache restored from key: npm-Linux-1e8a3f");
        append(page, "2026-11-01T10:00:03.0000000Z Cache not found for input keys: gradle-Linux-5f6a7b");
        Files.delete(page);
        output.poll(RUNNING);
        assertEquals("pages 1 seen, 1 read, 0 missed; actions_cache 2 hit 1 miss", figures(output));
        output.poll(RUNNING);
        assertEquals("pages 1 seen, 1 read, 0 missed; actions_cache 2 hit 1 miss", figures(output),
                "nothing is counted twice");
        assertEquals(Map.of(), output.state().files());
    }

    @Test
    void theJobsOwnRecordRepeatsEveryStepLineAndIsNotCountedAgain() throws IOException {
        // The runner copies each step line into the job-level log, whose record id is the job id.
        String jobId = "e4166175-5992-52fe-847f-c5e9f513e046";
        JobView running = new JobView(jobId, Set.of(jobId));
        RunnerDir dir = new RunnerDir(tmp.resolve("r"));
        String[] lines = {"##[group]Run actions/cache@v4", "##[endgroup]",
            "Cache restored from key: maven-Linux-0d9c2b"};
        dir.page(TIMELINE, jobId, 1, T, "Set up job");
        StepOutput output = output(dir, new StepState());
        output.poll(running); // the job's timeline is bound to the running job
        dir.page(TIMELINE, CACHE_STEP, 1, T.plusSeconds(1), lines);
        dir.page(TIMELINE, jobId, 1, T.plusSeconds(1), lines);
        output.poll(running);
        assertEquals("pages 2 seen, 0 read, 0 missed; actions_cache 1 hit 0 miss", figures(output));
    }

    @Test
    void aPageDeletedBeforeItCouldBeOpenedIsMissedOnce() throws IOException {
        RunnerDir dir = new RunnerDir(tmp.resolve("r"));
        Files.createDirectories(dir.diag().resolve("pages"));
        // Listed, but its content is gone when the exporter opens it.
        Path page = Files.createSymbolicLink(dir.diag().resolve("pages/" + TIMELINE + "_" + CACHE_STEP + "_1.log"),
                tmp.resolve("uploaded-and-deleted"));
        StepOutput output = output(dir, new StepState());
        output.poll(RUNNING);
        assertEquals("pages 1 seen, 0 read, 1 missed", figures(output));
        output.poll(RUNNING);
        Files.delete(page);
        output.poll(RUNNING);
        assertEquals("pages 1 seen, 0 read, 1 missed", figures(output));
    }

    @Test
    void aPageIsLetGoWhenItsJobIsOverAndTakenUpAgainIfItGrows() throws IOException {
        RunnerDir dir = new RunnerDir(tmp.resolve("r"));
        Path page = dir.page(TIMELINE, CACHE_STEP, 1, T, "##[group]Run actions/cache@v4",
                "Cache restored from key: maven-Linux-0d9c2b");
        StepOutput output = output(dir, new StepState());
        output.poll(RUNNING);
        assertEquals(Map.of("pages/" + TIMELINE + "_" + CACHE_STEP + "_1.log", new PageCursor(135, false, false)),
                output.state().files());
        output.poll(JobView.NONE); // the job finished: its upload failed, so the page stays on disk
        assertEquals(new PageCursor(135, false, true), output.state().files().values().iterator().next());
        dir.page(TIMELINE, CACHE_STEP, 1, T.plusSeconds(1), "Cache restored from key: npm-Linux-1e8a3f");
        output.poll(JobView.NONE);
        assertEquals("pages 1 seen, 0 read, 0 missed; actions_cache 2 hit 0 miss", figures(output));
        Files.delete(page);
        output.poll(JobView.NONE);
        assertEquals("pages 1 seen, 1 read, 0 missed; actions_cache 2 hit 0 miss", figures(output));
    }

    @Test
    void aStepKeepsItsContextAcrossPagesAndTheFullPageIsLetGo() throws IOException {
        RunnerDir dir = new RunnerDir(tmp.resolve("r"));
        dir.page(TIMELINE, NODE_STEP, 1, T, "##[group]Run actions/setup-node@v4", "with:", "  cache: npm",
                "##[endgroup]");
        dir.page(TIMELINE, NODE_STEP, 2, T.plusSeconds(1), "Cache restored from key: node-cache-Linux-x64-npm-0d9c2b");
        StepOutput output = output(dir, new StepState());
        output.poll(RUNNING);
        assertEquals("pages 2 seen, 0 read, 0 missed; setup_node 1 hit 0 miss", figures(output));
        assertEquals(List.of(true, false), output.state().files().values().stream().map(PageCursor::idle).toList(),
                "page 1 is complete once page 2 exists; page 2 may still grow");
    }

    @Test
    void blocksRepeatThePagesAndAreReadOnlyForAStepWhosePagesAreGone() throws IOException {
        RunnerDir dir = new RunnerDir(tmp.resolve("r"));
        String[] cacheStep = {"##[group]Run actions/cache@v4", "Cache not found for input keys: maven-Linux-0d9c2b"};
        dir.page(TIMELINE, CACHE_STEP, 1, T, cacheStep);
        dir.block(TIMELINE, CACHE_STEP, 1, T, cacheStep);
        String[] build = {"##[group]Run docker/build-push-action@v6", "#8 [3/8] RUN npm ci", "#8 CACHED"};
        dir.block(TIMELINE, BUILD_STEP, 1, T.plusSeconds(5), build); // its page was uploaded and deleted already
        StepOutput output = output(dir, new StepState());
        output.poll(RUNNING);
        assertEquals("pages 2 seen, 0 read, 0 missed; actions_cache 0 hit 1 miss; buildkit 1 hit 0 miss",
                figures(output));
        assertEquals(Map.of(TIMELINE + "_" + CACHE_STEP, "pages", TIMELINE + "_" + BUILD_STEP, "blocks"),
                kinds(output.state()));
    }

    @Test
    void everyStepOfAJobBelongsToTheJobItsFirstStepAppearedIn() throws IOException {
        RunnerDir dir = new RunnerDir(tmp.resolve("r"));
        StepOutput output = output(dir, new StepState());
        dir.page(TIMELINE, CACHE_STEP, 1, T, "##[group]Run actions/cache@v4");
        output.poll(new JobView("J1", Set.of("J1")));
        dir.page(TIMELINE, NODE_STEP, 1, T.plusSeconds(30), "##[group]Run actions/setup-node@v4");
        dir.page(NEXT_TIMELINE, BUILD_STEP, 1, T.plusSeconds(30), "##[group]Run make");
        output.poll(new JobView("J2", Set.of("J2"))); // J1's last page shows up after the listener moved on
        Map<String, String> jobs = new TreeMap<>();
        output.state().streams().forEach((k, v) -> jobs.put(k, v.job()));
        assertEquals(Map.of(TIMELINE + "_" + CACHE_STEP, "J1", TIMELINE + "_" + NODE_STEP, "J1",
                NEXT_TIMELINE + "_" + BUILD_STEP, "J2"), jobs);
    }

    @Test
    void aRestartResumesFromTheStateFileWithoutCountingTwice() throws IOException {
        RunnerDir dir = new RunnerDir(tmp.resolve("r"));
        Path cachePage = dir.page(TIMELINE, CACHE_STEP, 1, T, "##[group]Run actions/cache@v4",
                "Cache restored from key: maven-Linux-0d9c2b");
        Path buildPage = dir.page(TIMELINE, BUILD_STEP, 1, T, "##[group]Run docker buildx build .",
                "#6 [2/4] RUN npm ci");
        StepOutput first = output(dir, new StepState());
        first.poll(RUNNING);
        StateStore store = new StateStore(tmp.resolve("state"), Clock.fixed(T, ZoneOffset.UTC));
        PersistedState saved = new PersistedState();
        saved.putRunner("r", new PersistedState.Runner(Map.of(), new RunnerState(), first.state()));
        store.save(saved);
        first.close(); // killed

        // While the exporter is down: the build step goes on, the cache step's page is uploaded and deleted.
        dir.page(TIMELINE, BUILD_STEP, 1, T.plusSeconds(20), "#6 DONE 19.8s", "#7 [3/4] COPY . .", "#7 CACHED");
        Files.delete(cachePage);
        StepOutput second = output(dir, store.load().orElseThrow().runners().get("r").steps());
        second.poll(RUNNING);
        assertEquals("pages 2 seen, 0 read, 1 missed; actions_cache 1 hit 0 miss; buildkit 1 hit 1 miss",
                figures(second));
        second.poll(RUNNING);
        Files.delete(buildPage);
        second.poll(RUNNING);
        assertEquals("pages 2 seen, 1 read, 1 missed; actions_cache 1 hit 0 miss; buildkit 1 hit 1 miss",
                figures(second));
    }

    private static Map<String, String> kinds(StepState state) {
        Map<String, String> kinds = new TreeMap<>();
        state.streams().forEach((k, v) -> kinds.put(k, v.kind()));
        return kinds;
    }
}
