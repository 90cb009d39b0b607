package dev.runnermetrics.exporter.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules the real excerpts cannot show on their own, with the shipped types and lines worded as the tools word
 * them (actions/setup-node, setup-python, pnpm/action-setup and actions/cache sources; BuildKit plain progress).
 */
class CacheRecogniserTest {

    private final CacheRecogniser recogniser = new CacheRecogniser(CacheTypeFile.shipped());

    private List<String> read(String... lines) {
        StepStream stream = new StepStream("pages", "J1");
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            CacheRecogniser.Outcome o = recogniser.accept(line, stream);
            if (o != null) {
                out.add(o.type() + (o.hit() ? " hit" : " miss"));
            }
        }
        return out;
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
        assertEquals(Map.of("buildkit", List.of("6")), stream.pending);
        recogniser.accept("##[group]Run docker/build-push-action@v6", stream);
        assertEquals(Map.of(), stream.pending);
        assertEquals(null, recogniser.accept("#6 DONE 3.0s", stream));
    }
}
