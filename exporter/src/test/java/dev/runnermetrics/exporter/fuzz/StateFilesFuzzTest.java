package dev.runnermetrics.exporter.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.exporter.app.ExporterEngine;
import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.github.webhook.GithubFigures;
import dev.runnermetrics.exporter.github.jobs.GithubSettings;
import dev.runnermetrics.exporter.github.webhook.GithubState;
import dev.runnermetrics.exporter.github.webhook.GithubStateStore;
import dev.runnermetrics.exporter.github.webhook.WebhookDelivery;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import dev.runnermetrics.exporter.state.PersistedState;
import dev.runnermetrics.exporter.state.StateStore;
import dev.runnermetrics.exporter.steps.CacheTypeFile;
import dev.runnermetrics.exporter.metrics.RecordedSamples;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two state files read at start-up (state.json of the log engine, github-webhooks.json of the webhook figures),
 * holding arbitrary bytes: loading never throws; a file it cannot use is set aside whole (renamed to
 * {@code NAME.unreadable-MILLIS} with its bytes intact) and the exporter starts empty; a file it takes is left as it
 * was, writes back to a fixed point (save, load, save gives the same bytes), and the exporter runs on it: the engine
 * polls, snapshots and saves, the figures scrape and save, without an exception. Input: byte 0 bit 0 chooses the
 * webhook file, then the file's bytes.
 */
class StateFilesFuzzTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Path DIR = Scratch.create("fuzz-state");
    private static final ExporterEngine.Settings ENGINE = new ExporterEngine.Settings(4096, Duration.ofSeconds(3),
            Duration.ofMinutes(30), JobLabelPolicy.none(), true, CacheTypeFile.shipped());
    private static final GithubSettings WEBHOOKS = GithubSettings.defaults(Map.of("runner-1", "standard"));

    /** The state files the exporter writes after reading the fixture runner and the recorded deliveries. */
    static Stream<Arguments> fixtures() throws IOException, URISyntaxException {
        Scratch.empty(DIR);
        Path runner = Path.of(Seeds.class.getClassLoader().getResource("fixture-runner").toURI());
        StateStore store = new StateStore(DIR, CLOCK);
        ExporterEngine engine = new ExporterEngine(
                List.of(new RunnerTarget("fixture", "standard", runner, runner.resolve("_diag"))), ENGINE, store,
                CLOCK);
        engine.poll();
        engine.saveIfDirty();
        engine.close();
        byte[] state = Files.readAllBytes(store.file());
        ObjectMapper json = new ObjectMapper();
        byte[] withApi = json.writeValueAsBytes(((ObjectNode) json.readTree(state)).set("apiQueueTime",
                apiQueueTime(json)));

        GithubFigures figures = new GithubFigures(WEBHOOKS, null);
        for (String event : List.of("workflow_job", "deployment_status", "workflow_run")) {
            for (Path file : Seeds.list("github-webhooks/" + event)) {
                if (!file.getFileName().toString().endsWith(".headers.json")) {
                    figures.accept(new WebhookDelivery(event, file.toString(), NOW, json.readTree(file.toFile())));
                }
            }
        }
        GithubStateStore webhooks = new GithubStateStore(DIR, CLOCK);
        webhooks.saveIfDirty(figures);
        byte[] webhookState = Files.readAllBytes(webhooks.file());
        Scratch.empty(DIR);
        return Stream.of(Seeds.seed("state.json", Seeds.prefixed(state, 0)),
                Seeds.seed("state.json with REST API queue times", Seeds.prefixed(withApi, 0)),
                Seeds.seed("github-webhooks.json", Seeds.prefixed(webhookState, 1)));
    }

    /** The REST API client's part as a sidecar saves it: one job observed (12 s), one lookup pending. */
    private static JsonNode apiQueueTime(ObjectMapper json) throws IOException {
        long[] buckets = new long[Catalogue.QUEUE_TIME.buckets().size() + 1];
        buckets[3] = 1;
        return json.readTree("{\"format\":1,\"queueTime\":[{"
                + "\"key\":[\"runner-1\",\"standard\",\"Default\",\"\",\"\"],"
                + "\"histogram\":{\"buckets\":" + json.writeValueAsString(buckets) + ",\"sum\":12.0,\"count\":1}}],"
                + "\"dropped\":{\"approval_wait_unknown\":1},\"failed\":{},"
                + "\"labels\":{\"seen\":{\"runner_group\":[\"Default\"]},\"overflow\":{}},"
                + "\"pending\":[{\"runnerName\":\"runner-1\",\"runnerType\":\"standard\","
                + "\"repository\":\"octo-org/octo-repo\",\"runId\":\"29679450\",\"attempt\":\"1\","
                + "\"name\":\"build\","
                + "\"seenAt\":\"2026-11-22T11:59:00Z\",\"attempts\":2}]}");
    }

    @MethodSource("fixtures")
    @FuzzTest
    void anyFileIsTakenOrSetAsideWhole(byte[] input) throws IOException {
        if (input.length < 1) {
            return;
        }
        byte[] bytes = java.util.Arrays.copyOfRange(input, 1, input.length);
        Scratch.empty(DIR);
        if ((input[0] & 1) == 0) {
            engineState(bytes);
        } else {
            webhookState(bytes);
        }
    }

    private static void engineState(byte[] bytes) throws IOException {
        StateStore store = new StateStore(DIR, CLOCK);
        Files.write(store.file(), bytes);
        Optional<PersistedState> loaded = store.load();
        if (loaded.isEmpty()) {
            assertSetAside(store.file(), bytes);
            return;
        }
        assertArrayEquals(bytes, Files.readAllBytes(store.file()), "a usable state file was changed by reading it");
        store.save(loaded.get());
        byte[] once = Files.readAllBytes(store.file());
        store.save(store.load().orElseThrow());
        assertArrayEquals(once, Files.readAllBytes(store.file()), "state written back is not a fixed point");

        Path runner = Files.createDirectories(DIR.resolve("runner/_diag")).getParent();
        String name = loaded.get().runners().keySet().stream().findFirst().orElse("runner-1");
        ExporterEngine engine = new ExporterEngine(List.of(new RunnerTarget(name, "standard", runner,
                runner.resolve("_diag"))), ENGINE, store, CLOCK);
        try {
            engine.poll();
            RecordedSamples.of(engine::expose);
            engine.saveIfDirty();
            assertEquals(0, engine.saveFailures());
        } finally {
            engine.close();
        }
    }

    private static void webhookState(byte[] bytes) throws IOException {
        GithubStateStore store = new GithubStateStore(DIR, CLOCK);
        Files.write(store.file(), bytes);
        GithubState state = store.load();
        if (!Files.exists(store.file())) {
            assertSetAside(store.file(), bytes);
            return;
        }
        assertArrayEquals(bytes, Files.readAllBytes(store.file()), "a usable state file was changed by reading it");
        GithubFigures figures = new GithubFigures(WEBHOOKS, state);
        RecordedSamples.of(s_ -> figures.expose(s_, NOW));
        figures.markDirty();
        assertTrue(store.saveIfDirty(figures));
        byte[] once = Files.readAllBytes(store.file());
        GithubFigures again = new GithubFigures(WEBHOOKS, store.load());
        again.markDirty();
        store.saveIfDirty(again);
        assertArrayEquals(once, Files.readAllBytes(store.file()), "state written back is not a fixed point");
    }

    private static void assertSetAside(Path file, byte[] bytes) throws IOException {
        assertFalse(Files.exists(file), "an unusable state file was left in place");
        Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + NOW.toEpochMilli());
        assertArrayEquals(bytes, Files.readAllBytes(aside), "the file set aside is not the file as it was");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(aside), files.toList());
        }
    }
}
