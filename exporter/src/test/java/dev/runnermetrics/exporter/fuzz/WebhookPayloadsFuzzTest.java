package dev.runnermetrics.exporter.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnermetrics.exporter.github.webhook.GithubFigures;
import dev.runnermetrics.exporter.github.jobs.GithubSettings;
import dev.runnermetrics.exporter.metrics.RecordedSamples;
import dev.runnermetrics.exporter.github.webhook.GithubStateStore;
import dev.runnermetrics.exporter.github.webhook.WebhookDelivery;
import dev.runnermetrics.exporter.metrics.CatalogueCollector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Webhook deliveries (workflow_job, deployment_status, workflow_run, push and an unused event) with arbitrary JSON
 * bodies, through the figures the receiver hands them to. Whatever the payloads: accepting and scraping never throw
 * (the sink contract); capped labels never take more than their cap of distinct values (plus "other" and the empty
 * or "none" value); delivering the whole sequence a second time changes no figure (each job, deployment and commit
 * counts once); and the figures saved to the webhook state file and read back expose exactly what they did. Input:
 * deliveries separated by form feeds, each an event selector character (0 workflow_job, 1 deployment_status, 2 workflow_run, 3 push, 4 an unused
 * event; modulo 5 from "0") followed by the JSON body.
 */
class WebhookPayloadsFuzzTest {

    private static final List<String> EVENTS =
            List.of("workflow_job", "deployment_status", "workflow_run", "push", "check_run");
    private static final int MAX_LABEL_VALUES = 3;
    private static final Instant START = Instant.parse("2026-11-22T12:00:00Z");
    private static final GithubSettings SETTINGS = new GithubSettings(Map.of("runner-1", "standard"),
            List.of("runs_on", "repository"), Pattern.compile("[^ ]*"), MAX_LABEL_VALUES,
            Optional.of(Pattern.compile("(?i).*deploy.*")), GithubSettings.DEFAULT_PRODUCTION, 20_000,
            Duration.ofDays(6));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = Scratch.create("fuzz-webhooks");

    static Stream<Arguments> fixtures() {
        List<Arguments> seeds = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (int e = 0; e < EVENTS.size(); e++) {
            String folder = "github-webhooks/" + EVENTS.get(e);
            if (Seeds.class.getClassLoader().getResource(folder) == null) {
                continue;
            }
            for (Path file : Seeds.list(folder)) {
                if (file.getFileName().toString().endsWith(".headers.json")) {
                    continue;
                }
                String delivery = (char) ('0' + e) + new String(Seeds.read(file), StandardCharsets.UTF_8);
                seeds.add(Seeds.seed(folder + "/" + file.getFileName(), delivery.getBytes(StandardCharsets.UTF_8)));
                all.append(delivery).append('\f');
            }
        }
        seeds.add(Seeds.seed("all in one", all.toString().getBytes(StandardCharsets.UTF_8)));
        return seeds.stream();
    }

    @MethodSource("fixtures")
    @FuzzTest
    void figuresStayBoundedIdempotentAndSurviveARestart(byte[] input) throws IOException {
        List<WebhookDelivery> deliveries = new ArrayList<>();
        for (String part : new String(input, StandardCharsets.UTF_8).split("\f")) {
            if (part.isEmpty()) {
                continue;
            }
            JsonNode payload;
            try {
                payload = JSON.readTree(part.substring(1));
            } catch (IOException e) {
                continue; // the receiver answers 400
            }
            if (payload == null || !payload.isObject()) {
                continue;
            }
            deliveries.add(new WebhookDelivery(EVENTS.get(Math.floorMod(part.charAt(0) - '0', EVENTS.size())), "d" + deliveries.size(),
                    START.plusSeconds(60L * deliveries.size()), payload));
        }
        Instant now = START.plusSeconds(60L * deliveries.size());

        GithubFigures figures = new GithubFigures(SETTINGS, null);
        deliveries.forEach(figures::accept);
        RecordedSamples snapshot = RecordedSamples.of(s_ -> figures.expose(s_, now));
        String exposed = expose(figures, now);
        assertBounded(snapshot);

        Scratch.empty(DIR);
        GithubStateStore store = new GithubStateStore(DIR, Clock.fixed(now, ZoneOffset.UTC));
        store.saveIfDirty(figures);
        GithubFigures restarted = new GithubFigures(SETTINGS, store.load());
        try (Stream<Path> files = Files.list(DIR)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("unreadable")),
                    "the state just written was set aside as unreadable");
        }
        assertEquals(exposed, expose(restarted, now), "after a restart");

        deliveries.forEach(figures::accept);
        assertEquals(exposed, expose(figures, now), "after every delivery came again");
    }

    private static String expose(GithubFigures figures, Instant now) throws IOException {
        CollectorRegistry registry = new CollectorRegistry();
        new CatalogueCollector().add(s_ -> figures.expose(s_, now)).register(registry);
        StringWriter out = new StringWriter();
        TextFormat.write004(out, registry.metricFamilySamples());
        return out.toString();
    }

    private static void assertBounded(RecordedSamples snapshot) {
        Map<String, Set<String>> values = new HashMap<>();
        snapshot.values().values().forEach(list -> list.forEach(v -> v.labels().forEach(
                (k, x) -> values.computeIfAbsent(k, n -> new HashSet<>()).add(x))));
        snapshot.histograms().values().forEach(list -> list.forEach(b -> b.labels().forEach(
                (k, x) -> values.computeIfAbsent(k, n -> new HashSet<>()).add(x))));
        for (String capped : List.of("runner_group", "runs_on", "repository", "environment")) {
            Set<String> seen = new HashSet<>(values.getOrDefault(capped, Set.of()));
            seen.removeAll(Set.of("", "other", "none"));
            assertTrue(seen.size() <= MAX_LABEL_VALUES, capped + " took " + seen);
        }
    }
}
