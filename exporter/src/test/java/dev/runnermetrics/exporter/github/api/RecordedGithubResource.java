package dev.runnermetrics.exporter.github.api;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The recorded GitHub for a whole Quarkus test run, with the API client pointed at it and switched on. */
public class RecordedGithubResource implements QuarkusTestResourceLifecycleManager {

    static volatile RecordedGithub github;

    @Override
    public Map<String, String> start() {
        try {
            github = new RecordedGithub();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        github.then(FleetStatusTest.PAGE_1, "runners/org-page-1.json")
                .then(FleetStatusTest.PAGE_2, "runners/org-page-2.json");
        return Map.of(
                "runner-metrics.github-api.enabled", "true",
                "runner-metrics.github-api.base-url", github.base().toString(),
                "runner-metrics.github-api.org", "octo-org",
                "runner-metrics.github-api.token", "ghp_quarkusTestToken0123456789",
                "runner-metrics.github-api.queue-time", "false");
    }

    @Override
    public void stop() {
        github.close();
    }
}
