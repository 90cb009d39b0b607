package dev.runnermetrics.exporter.github.webhook;

import static dev.runnermetrics.catalogue.Catalogue.DEPLOYMENTS;
import static dev.runnermetrics.catalogue.Catalogue.DEPLOYMENT_LEAD_TIME;
import static dev.runnermetrics.catalogue.Catalogue.DEPLOYMENT_TIME_TO_RESTORE;
import static dev.runnermetrics.exporter.github.jobs.JobFiguresTest.only;
import static dev.runnermetrics.exporter.github.jobs.JobFiguresTest.stage;
import static dev.runnermetrics.exporter.github.jobs.Payloads.delivery;
import static dev.runnermetrics.exporter.github.jobs.Payloads.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runnermetrics.exporter.github.jobs.GithubSettings;
import dev.runnermetrics.exporter.github.jobs.Payloads;
import dev.runnermetrics.exporter.metrics.CatalogueCollector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import dev.runnermetrics.exporter.metrics.RecordedSamples;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deployments from the recorded deployment_status, workflow_run and workflow_job deliveries. */
class GithubFiguresTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @TempDir
    Path dir;

    /**
     * deployment_status created.1 (success, production, 2019-05-15T15:20:55Z) and created.2 (the same deployment,
     * with installation) count once; created.3 (in_progress, github-pages) is not a deployment. The deployed sha's
     * commit time is not in these payloads: a workflow_run for that sha carries head_commit.timestamp.
     */
    @Test
    void recordedDeploymentStatuses() {
        GithubFigures figures = new GithubFigures(GithubSettings.defaults(Map.of()), null);
        figures.accept(delivery("deployment_status", load("deployment_status/created.1.json"),
                "2019-05-15T15:20:56Z"));
        figures.accept(delivery("deployment_status", load("deployment_status/created.2.json"),
                "2019-05-15T15:20:57Z"));
        figures.accept(delivery("deployment_status", load("deployment_status/created.3.json"),
                "2022-01-03T01:28:41Z"));
        RecordedSamples s = RecordedSamples.of(s_ -> figures.expose(s_, NOW));
        assertEquals(List.of(
                new RecordedSamples.Value(Map.of("repository", "Codertocat/Hello-World", "environment", "production",
                        "result", "success"), 1),
                new RecordedSamples.Value(Map.of("repository", "Codertocat/Hello-World", "environment", "production",
                        "result", "failure"), 0)), s.values().get(DEPLOYMENTS));
        assertEquals(0, only(s.histograms().get(DEPLOYMENT_LEAD_TIME)).count(), "commit time not known yet");

        ObjectNode run = load("workflow_run/completed.1.json"); // head_commit.timestamp 2020-10-05T16:32:07Z
        ObjectNode wr = (ObjectNode) run.get("workflow_run");
        wr.put("head_sha", "f95f852bd8fca8fcc58a9a2d6c842781e32a215e");
        ((ObjectNode) wr.get("head_commit")).put("timestamp", "2019-05-15T15:00:55Z");
        figures.accept(delivery("workflow_run", run, "2019-05-15T15:30:00Z"));
        RecordedSamples.Buckets lead = only(RecordedSamples.of(s_ -> figures.expose(s_, NOW)).histograms().get(DEPLOYMENT_LEAD_TIME));
        assertEquals(1, lead.count());
        assertEquals(1200.0, lead.sum());
    }

    /** DevLake-style: a completed job named like a deployment in a production environment, then a failed one. */
    @Test
    void deploymentJobs() {
        GithubFigures figures = new GithubFigures(new GithubSettings(Map.of(), List.of(), Pattern.compile(".*"), 50,
                Optional.of(Pattern.compile("(?i)deploy.*")), GithubSettings.DEFAULT_PRODUCTION, 100,
                Duration.ofDays(6)), null);
        ObjectNode failed = deployJob(1, "failure", "2021-08-05T10:38:16Z");
        ObjectNode fixed = deployJob(2, "success", "2021-08-05T11:08:16Z");
        ObjectNode notDeploy = stage("completed", "success"); // "linters"
        figures.accept(delivery("workflow_job", failed, "2021-08-05T10:38:17Z"));
        figures.accept(delivery("workflow_job", failed, "2021-08-05T10:38:18Z")); // redelivered
        figures.accept(delivery("workflow_job", notDeploy, "2021-08-05T10:40:00Z"));
        figures.accept(delivery("workflow_job", fixed, "2021-08-05T11:08:17Z"));
        RecordedSamples s = RecordedSamples.of(s_ -> figures.expose(s_, NOW));
        assertTrue(s.values().get(DEPLOYMENTS).contains(new RecordedSamples.Value(Map.of("repository",
                "Codertocat/Hello-World", "environment", "production", "result", "failure"), 1)));
        assertTrue(s.values().get(DEPLOYMENTS).contains(new RecordedSamples.Value(Map.of("repository",
                "Codertocat/Hello-World", "environment", "production", "result", "success"), 1)));
        RecordedSamples.Buckets restore = only(s.histograms().get(DEPLOYMENT_TIME_TO_RESTORE));
        assertEquals(1800.0, restore.sum());
    }

    @Test
    void stateSurvivesARestartAndCollectorEmitsCatalogueFamilies() throws IOException {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        GithubStateStore store = new GithubStateStore(dir, clock);
        GithubFigures figures = new GithubFigures(GithubSettings.defaults(Map.of("runner-1", "chrome")),
                store.load());
        figures.accept(delivery("workflow_job", stage("in_progress", null), "2021-08-05T10:34:59Z"));
        figures.accept(delivery("deployment_status", load("deployment_status/created.1.json"),
                "2019-05-15T15:20:56Z"));
        assertTrue(store.saveIfDirty(figures));
        assertTrue(!store.saveIfDirty(figures), "nothing changed");

        GithubFigures restarted = new GithubFigures(GithubSettings.defaults(Map.of("runner-1", "chrome")),
                store.load());
        // the completion arrives after the restart: counted once, the queue time is not taken twice
        restarted.accept(delivery("workflow_job", stage("completed", "success"), "2021-08-05T10:38:17Z"));
        restarted.accept(delivery("deployment_status", load("deployment_status/created.2.json"),
                "2019-05-15T15:20:57Z"));
        CollectorRegistry registry = new CollectorRegistry();
        new CatalogueCollector().add(s_ -> restarted.expose(s_, Instant.parse("2021-08-05T11:00:00Z"))).register(registry);
        StringWriter out = new StringWriter();
        TextFormat.write004(out, registry.metricFamilySamples());
        String text = out.toString();
        assertTrue(text.contains("github_runner_queue_time_seconds_count{runner_name=\"runner-1\",runner_type="
                + "\"chrome\",runner_group=\"GitHub Actions\",} 1.0"), text);
        assertTrue(text.contains("github_runner_queue_time_seconds_bucket{runner_name=\"runner-1\",runner_type="
                + "\"chrome\",runner_group=\"GitHub Actions\",le=\"60.0\",} 1.0"), text);
        assertTrue(text.contains("github_runner_workflow_jobs_completed_total{runner_name=\"runner-1\",runner_type="
                + "\"chrome\",runner_group=\"GitHub Actions\",conclusion=\"success\",} 1.0"), text);
        assertTrue(text.contains(
                "github_runner_workflow_jobs_queued{runner_name=\"none\",runner_type=\"none\",} 0.0"), text);
        assertTrue(!text.contains("github_runner_workflow_jobs_in_progress{"), text);
        assertTrue(text.contains("github_deployments_total{repository=\"Codertocat/Hello-World\",environment="
                + "\"production\",result=\"success\",} 1.0"), text);
    }

    @Test
    void unreadableStateIsSetAside() throws IOException {
        Files.writeString(dir.resolve(GithubStateStore.FILE_NAME), "{not json");
        GithubState state = new GithubStateStore(dir, Clock.fixed(NOW, ZoneOffset.UTC)).load();
        assertNotNull(state);
        assertTrue(state.jobs().isEmpty());
        assertTrue(Files.exists(dir.resolve(GithubStateStore.FILE_NAME + ".unreadable-" + NOW.toEpochMilli())));
    }

    @Test
    void unknownEventsAndPayloadsAreIgnored() {
        GithubFigures figures = new GithubFigures(GithubSettings.defaults(Map.of()), null);
        figures.accept(delivery("check_run", load("check_run/created.2.json"), "2025-10-12T00:05:00Z"));
        figures.accept(delivery("workflow_job", Payloads.JSON.createObjectNode(), "2025-10-12T00:05:00Z"));
        RecordedSamples s = RecordedSamples.of(s_ -> figures.expose(s_, NOW));
        assertTrue(s.values().isEmpty() && s.histograms().isEmpty());
        assertNull(s.values().get(DEPLOYMENTS));
    }

    private static ObjectNode deployJob(long id, String conclusion, String completedAt) {
        ObjectNode p = stage("completed", conclusion);
        ObjectNode job = (ObjectNode) p.get("workflow_job");
        job.put("id", id).put("name", "Deploy").put("completed_at", completedAt);
        p.putObject("deployment").put("environment", "production");
        return p;
    }
}
