package dev.runnermetrics.exporter.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.runnermetrics.exporter.model.RunnerState;
import dev.runnermetrics.exporter.state.PersistedState;
import dev.runnermetrics.exporter.state.StateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules the real excerpts cannot show on their own, with the shipped types and lines worded as the tools word
 * them (actions/setup-node, setup-python, setup-java, setup-go, pnpm/action-setup, actions/cache and @actions/cache
 * sources; the runner's step header from actions/runner Handler.cs; BuildKit plain progress). Keys are shaped as each
 * action version builds them (docs/CACHE_METRICS.md); their hashes are made up.
 */
class CacheRecogniserTest {

    private static final String HASH = "6746f3a23c9f7363038cdbec9de2d943df1137196b09647300b2d17e6abcaa66";
    private static final String OTHER_HASH = "c80903bf1241d08be2427b1f1bf80294abd0502ad51eabb583841695e89ba76d";

    private final CacheRecogniser recogniser = new CacheRecogniser(CacheTypeFile.shipped());

    private List<String> read(String... lines) {
        return read(new StepStream("pages", "J1"), lines);
    }

    private List<String> read(StepStream stream, String... lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            CacheRecogniser.Outcome o = recogniser.accept(line, stream);
            if (o != null) {
                out.add(o.type() + " " + o.result().label());
            }
        }
        return out;
    }

    private static String restored(String key) {
        return "2026-11-01T10:00:09.0000000Z Cache restored from key: " + key;
    }

    @Test
    void theSameRestoreLineCountsForTheActionWhoseStepPrintsIt() {
        assertEquals(List.of("setup_node hit", "setup_python miss", "actions_cache hit", "actions_cache miss"), read(
                "2026-11-01T10:00:01.0000000Z ##[group]Run actions/setup-node@v4",
                "2026-11-01T10:00:02.0000000Z Cache restored from key: node-cache-Linux-x64-npm-0d9c2b",
                "2026-11-01T10:00:03.0000000Z ##[group]Run actions/setup-python@v5",
                "2026-11-01T10:00:04.0000000Z pip cache is not found",
                "2026-11-01T10:00:05.0000000Z ##[group]Run actions/cache/restore@v4",
                "2026-11-01T10:00:06.0000000Z Cache restored from key: deps-Linux-0d9c2b",
                // a composite action's inner step has no group marker
                "2026-11-01T10:00:07.0000000Z Run actions/cache@v4",
                "2026-11-01T10:00:08.0000000Z Cache not found for input keys: deps-Linux-1e8a3f"));
    }

    @Test
    void anActionWithoutACacheTypeIsNotCountedAsAnother() {
        assertEquals(List.of(), read(
                "2026-11-01T10:00:01.0000000Z ##[group]Run pnpm/action-setup@v4",
                "2026-11-01T10:00:02.0000000Z Cache restored from key: pnpm-cache-Linux-x64-0d9c2b",
                "2026-11-01T10:00:03.0000000Z ##[group]Run echo \"Cache restored from key: x\"",
                "2026-11-01T10:00:03.0000000Z \u001B[36;1mecho \"Cache restored from key: x\"\u001B[0m"));
    }

    @Test
    void withoutItsStepARestoreGoesToTheActionWhoseKeyShapeItHas() {
        assertEquals(List.of(
                        "setup_node hit", "setup_node hit", "setup_node hit",
                        "setup_python hit", "setup_python hit", "setup_python hit", "setup_python hit",
                        "setup_python hit",
                        "setup_java hit", "setup_java hit", "setup_java hit", "setup_java hit",
                        "setup_go hit", "setup_go hit", "setup_go hit", "setup_go hit", "setup_go hit"),
                read(
                        // setup-node v2.2-v4.0 (no arch), v4.1+ (os.arch()), any package manager
                        restored("node-cache-Linux-npm-" + HASH),
                        restored("node-cache-Linux-x64-npm-" + HASH),
                        restored("node-cache-macOS-arm64-yarn-" + HASH),
                        // setup-python v2.3.0-2.3.1 pip, v2.3.2-v4.1, v4.2-v5.1 (Linux release), v5.2+ (arch), poetry
                        restored("setup-python-Linux-pip-" + HASH),
                        restored("setup-python-Linux-python-3.11.0-beta.3-pip-" + HASH),
                        restored("setup-python-Linux-24.04-Ubuntu-python-3.11.13-pip-" + HASH),
                        restored("setup-python-Linux-x64-24.04-Ubuntu-python-3.12.13-pip-" + HASH),
                        restored("setup-python-Windows-x64-python-3.13.2-poetry-v2-" + HASH),
                        // setup-java v2.3-v4.3 (no arch), v4.4+ (arch), act's lower-case RUNNER_OS
                        restored("setup-java-Linux-maven-" + HASH),
                        restored("setup-java-Linux-x64-maven-" + HASH),
                        restored("setup-java-macOS-arm64-gradle-" + HASH),
                        restored("setup-java-linux-x64-sbt-" + HASH),
                        // setup-go v3.2-v4.0, v4.1-v5.0 (ImageOS), v5.1+ (arch), ImageOS unset or empty off GitHub
                        restored("setup-go-Linux-go-1.20.4-" + HASH),
                        restored("setup-go-Linux-ubuntu22-go-1.22.4-" + HASH),
                        restored("setup-go-Linux-x64-ubuntu24-go-1.24.0-" + HASH),
                        restored("setup-go-Linux-x64-undefined-go-1.25.5-" + HASH),
                        restored("setup-go-Linux-x64--go-1.25.5-" + HASH)));
    }

    @Test
    void withoutItsStepARestoreOfAUsersKeyIsActionsCaches() {
        assertEquals(List.of("actions_cache hit", "actions_cache hit", "actions_cache hit", "actions_cache hit",
                        "actions_cache hit", "actions_cache miss", "setup_node miss"),
                read(
                        restored("Linux-gradle-" + HASH),
                        // keys near the setup-* shapes that are not theirs (pnpm/action-setup, setup-uv, a user's)
                        restored("pnpm-cache-Linux-x64-" + HASH),
                        restored("setup-uv-1-x86_64-unknown-linux-gnu-" + HASH),
                        restored("setup-maven-" + HASH),
                        "Cache found and can be restored from key: deps-Linux-" + HASH,
                        "Cache not found for input keys: setup-java-Linux-maven-" + HASH + ", setup-java-Linux-maven-",
                        "npm cache is not found"));
    }

    @Test
    void aKnownStepDecidesOverTheKeyShape() {
        assertEquals(List.of("actions_cache hit", "setup_node hit"), read(
                // actions/cache restoring the cache setup-java saved (actions/cache#1294)
                "2026-11-01T10:00:01.0000000Z ##[group]Run actions/cache@v4",
                restored("setup-java-Linux-maven-" + HASH),
                "2026-11-01T10:00:03.0000000Z ##[group]Run actions/setup-node@v4",
                restored("Linux-npm-" + HASH),
                "2026-11-01T10:00:05.0000000Z ##[group]Run ./scripts/restore.sh",
                restored("node-cache-Linux-x64-npm-" + HASH)));
    }

    @Test
    void aRestoredKeyOtherThanTheStepsKeyInputIsPartial() {
        String header = "2026-11-01T10:00:01.0000000Z ##[group]Run actions/cache@v4";
        String with = "2026-11-01T10:00:01.1000000Z with:";
        String path = "2026-11-01T10:00:01.2000000Z   path: ~/.m2/repository";
        String key = "2026-11-01T10:00:01.3000000Z   key: Linux-maven-" + HASH;
        String restoreKeys = "2026-11-01T10:00:01.4000000Z   restore-keys: Linux-maven-";
        String end = "2026-11-01T10:00:01.5000000Z ##[endgroup]";
        assertEquals(List.of("actions_cache hit", "actions_cache partial", "actions_cache partial",
                        "actions_cache partial", "actions_cache miss"),
                read(header, with, path, key, restoreKeys, end, restored("Linux-maven-" + HASH),
                        // a restore key matched
                        header, with, path, key, restoreKeys, end, restored("Linux-maven-" + OTHER_HASH),
                        // the cache service finds the primary key by prefix too (actions/cache#1433)
                        header, with, path, "2026-11-01T10:00:01.3000000Z   key: Linux-maven", end,
                        restored("Linux-maven-" + HASH),
                        // lookup-only
                        header, with, path, key, restoreKeys, end,
                        "Cache found and can be restored from key: Linux-maven-" + OTHER_HASH,
                        header, with, path, key, restoreKeys, end,
                        "Cache not found for input keys: Linux-maven-" + HASH + ", Linux-maven-"));
    }

    @Test
    void theKeyInputIsComparedIgnoringCaseAsTheActionDoes() {
        assertEquals(List.of("actions_cache hit"), read(
                "2026-11-01T10:00:01.0000000Z ##[group]Run actions/cache@v4",
                "2026-11-01T10:00:01.1000000Z with:",
                "2026-11-01T10:00:01.2000000Z   path: deps",
                "2026-11-01T10:00:01.3000000Z   key: Linux-Deps-" + HASH,
                "2026-11-01T10:00:01.4000000Z ##[endgroup]",
                // the toolkit compares case-sensitively and calls it a restore-key hit; the action's cache-hit is true
                "2026-11-01T10:00:02.0000000Z Cache hit for restore-key: linux-deps-" + HASH,
                restored("linux-deps-" + HASH)));
    }

    @Test
    void withoutTheKeyInputTheToolkitsAnnouncementTellsAPartialRestore() {
        assertEquals(List.of("setup_python partial", "setup_python hit", "actions_cache partial",
                        "actions_cache miss", "actions_cache hit"),
                read(
                        // setup-python computes its key: no key input, the toolkit (>= 4.0.5) tells it
                        "2026-11-01T10:00:01.0000000Z ##[group]Run actions/setup-python@v6",
                        "2026-11-01T10:00:01.1000000Z with:",
                        "2026-11-01T10:00:01.2000000Z   python-version: 3.12",
                        "2026-11-01T10:00:01.3000000Z   cache: pip",
                        "2026-11-01T10:00:01.4000000Z ##[endgroup]",
                        "2026-11-01T10:00:02.0000000Z Cache hit for restore-key: setup-python-Linux-x64-24.04-Ubuntu-"
                                + "python-3.12.13-pip-" + OTHER_HASH,
                        restored("setup-python-Linux-x64-24.04-Ubuntu-python-3.12.13-pip-" + OTHER_HASH),
                        "2026-11-01T10:00:03.0000000Z ##[group]Run actions/setup-python@v6",
                        "2026-11-01T10:00:04.0000000Z Cache hit for: setup-python-Linux-x64-24.04-Ubuntu-python-"
                                + "3.12.13-pip-" + HASH,
                        restored("setup-python-Linux-x64-24.04-Ubuntu-python-3.12.13-pip-" + HASH),
                        // a later page of an actions/cache step: its header and inputs were on the first page
                        "2026-11-01T10:00:05.0000000Z Run actions/cache@v4",
                        "2026-11-01T10:00:06.0000000Z Cache hit for restore-key: deps-Linux-" + OTHER_HASH,
                        restored("deps-Linux-" + OTHER_HASH),
                        // an announced restore whose download failed is a miss, and the announcement is forgotten
                        "2026-11-01T10:00:07.0000000Z Run actions/cache@v4",
                        "2026-11-01T10:00:08.0000000Z Cache hit for restore-key: deps-Linux-" + OTHER_HASH,
                        "2026-11-01T10:00:08.1000000Z ##[warning]Failed to restore: Cache service responded with 400",
                        "2026-11-01T10:00:08.2000000Z Cache not found for input keys: deps-Linux-" + HASH
                                + ", deps-Linux-",
                        // toolkits before 4.0.5 (and the v1 cache service) announce nothing: a hit
                        restored("deps-Linux-" + OTHER_HASH)));
        // Without the step (setup-node restores Yarn Berry caches by prefix): the announcement and the restore of
        // the same key.
        StepStream stream = new StepStream("pages", "J1");
        read(stream, "Cache hit for restore-key: node-cache-Linux-x64-yarn-" + OTHER_HASH);
        assertEquals(List.of("setup_node partial"), read(stream, restored("node-cache-Linux-x64-yarn-" + OTHER_HASH)));
    }

    @Test
    void theKeyInputIsReadFromTheHeaderInEachFormItReachesUs() {
        String key = "Linux-gradle-" + HASH;
        // The runner's own lines: a multi-line value's further lines have no stamp, a block scalar ends in "".
        StepStream raw = new StepStream("pages", "J1");
        read(raw, "2026-11-01T10:00:01.0000000Z ##[group]Run actions/cache@v4",
                "2026-11-01T10:00:01.1000000Z with:",
                "2026-11-01T10:00:01.2000000Z   path: ~/.gradle/caches",
                "~/.gradle/wrapper",
                "",
                "2026-11-01T10:00:01.3000000Z   key: " + key,
                "2026-11-01T10:00:01.4000000Z   restore-keys: Linux-gradle-",
                "Linux-",
                "",
                "2026-11-01T10:00:01.5000000Z   lookup-only: false",
                "2026-11-01T10:00:01.6000000Z env:",
                // a variable is no input, whatever its name
                "2026-11-01T10:00:01.7000000Z   key: from-the-environment",
                "2026-11-01T10:00:01.8000000Z ##[endgroup]");
        assertEquals(Map.of("key", key), raw.inputs());
        assertNull(raw.header());
        assertEquals(List.of("actions_cache hit"), read(raw, restored(key)));

        // Copied from the web view: no stamps nor group markers, the header indented by two more spaces.
        StepStream web = new StepStream("pages", "J1");
        read(web, "Run actions/cache/restore@v3",
                "  with:",
                "    path: toolchains",
                "  more-toolchains",
                "  ",
                "    key: toolchains-arm64",
                "  env:",
                "    key: from-the-environment",
                "Received 73400320 of 73400320 (100.0%), 70.0 MBs/sec",
                "  key: not-an-input-either");
        assertEquals(Map.of("key", "toolchains-arm64"), web.inputs());
        assertEquals(List.of("actions_cache partial"), read(web, "Cache restored from key: toolchains-arm64-gcc13"));

        // A stored copy that lost the inputs' indentation; and a script step, which prints no inputs.
        StepStream flat = new StepStream("pages", "J1");
        read(flat, "2025-12-04T00:38:07.4889565Z ##[group]Run actions/cache@v4",
                "2025-12-04T00:38:07.4889943Z with:",
                "2025-12-04T00:38:07.4890169Z key: " + key,
                "2025-12-04T00:38:07.4890394Z ##[endgroup]");
        assertEquals(Map.of("key", key), flat.inputs());
        read(flat, "2025-12-04T00:38:08.0000000Z ##[group]Run echo with:",
                "2025-12-04T00:38:08.1000000Z \u001B[36;1mecho with:\u001B[0m",
                "2025-12-04T00:38:08.2000000Z key: " + key);
        assertEquals(Map.of(), flat.inputs());
    }

    @Test
    void aRestartInTheMiddleOfAStepKeepsItsKeyInputAndAnnouncement() throws IOException {
        StepState state = new StepState();
        StepStream stream = new StepStream("pages", "J1");
        state.remember("T_R", stream);
        read(stream, "2026-11-01T10:00:01.0000000Z ##[group]Run actions/cache@v4",
                "2026-11-01T10:00:01.1000000Z with:",
                "2026-11-01T10:00:01.2000000Z   path: deps");
        StepStream afterFirst = restarted(state).streams().get("T_R");
        read(afterFirst, "2026-11-01T10:00:01.3000000Z   key: deps-Linux-" + HASH,
                "2026-11-01T10:00:01.4000000Z   restore-keys: deps-Linux-",
                "2026-11-01T10:00:01.5000000Z ##[endgroup]");
        StepState again = new StepState();
        again.remember("T_R", afterFirst);
        StepStream afterSecond = restarted(again).streams().get("T_R");
        assertEquals(Map.of("key", "deps-Linux-" + HASH), afterSecond.inputs());
        assertEquals(List.of("actions_cache partial"), read(afterSecond, restored("deps-Linux-" + OTHER_HASH)));

        StepState hinted = new StepState();
        StepStream later = new StepStream("pages", "J1");
        hinted.remember("T_S", later);
        read(later, "2026-11-01T10:00:02.0000000Z Cache hit for restore-key: setup-python-Linux-x64-python-3.12.13-pip-"
                + OTHER_HASH);
        assertEquals(List.of("setup_python partial"), read(restarted(hinted).streams().get("T_S"),
                restored("setup-python-Linux-x64-python-3.12.13-pip-" + OTHER_HASH)));
    }

    @Test
    void aStateFileFromBeforePartialRestoresStillLoads() throws IOException {
        String old = "{\"format\":1,\"runners\":{\"r\":{\"cursors\":{},\"steps\":{\"files\":{},\"streams\":{\"T_R\":"
                + "{\"kind\":\"pages\",\"job\":\"J1\",\"step\":\"actions/cache@v4\",\"pending\":{}}},\"pagesSeen\":2,"
                + "\"pagesRead\":1,\"pagesMissed\":0,\"cacheRequests\":{\"actions_cache\":{\"hits\":3,\"misses\":1}}}}}}";
        StepState state = StateStore.decode(old.getBytes(StandardCharsets.UTF_8)).runners().get("r").steps();
        CacheCount count = state.cacheRequests().get("actions_cache");
        assertEquals(List.of(3L, 0L, 1L), List.of(count.hits(), count.partials(), count.misses()));
        StepStream stream = state.streams().get("T_R");
        assertEquals(Map.of(), stream.inputs());
        assertNull(stream.header());
        assertNull(stream.partialHint());
        assertEquals(-1, stream.withIndent());
        assertEquals(List.of("actions_cache hit"), read(stream, restored("deps-Linux-" + HASH)));
    }

    @Test
    void aBuildKitStepCountsOnceHoweverOftenItsHeaderIsRepeated() {
        assertEquals(List.of("buildkit miss", "buildkit hit", "buildkit hit"), read(
                "#5 [1/4] FROM docker.io/library/node:20@sha256:0d9c",
                "#5 DONE 0.1s",
                "#6 [2/4] RUN npm ci",
                "#7 [3/4] COPY . .",
                "#6 [2/4] RUN npm ci",
                "#6 12.04 added 312 packages",
                "#6 DONE 14.2s",
                "#6 DONE 14.2s",
                "#7 CACHED",
                "#1 [internal] load build definition from Dockerfile",
                "#1 DONE 0.0s",
                // a second build in the same step numbers its steps from #1 again
                "#6 [2/4] RUN npm ci",
                "#6 CACHED"));
    }

    @Test
    void requestsLeftOpenByAStepAreForgottenWithIt() {
        StepStream stream = new StepStream("pages", "J1");
        recogniser.accept("#6 [2/4] RUN npm ci", stream);
        assertEquals(Map.of("buildkit", List.of("6")), stream.pending());
        recogniser.accept("##[group]Run docker/build-push-action@v6", stream);
        assertEquals(Map.of(), stream.pending());
        assertEquals(null, recogniser.accept("#6 DONE 3.0s", stream));
    }

    /** The step state as the next start reads it from the state file, after a kill -9 right after saving it. */
    private static StepState restarted(StepState state) throws IOException {
        PersistedState saved = new PersistedState();
        saved.putRunner("r", new PersistedState.Runner(Map.of(), new RunnerState(), state));
        return StateStore.decode(StateStore.encode(saved)).runners().get("r").steps();
    }
}
