package dev.runnermetrics.exporter.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.exporter.github.model.GithubSnapshot;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A sidecar can have two GitHub sources at once (deployments from its Worker logs and the REST API client's queue
 * time); both fill the dropped-observations counter, which must still be one family with one series per reason.
 */
class GithubCollectorTest {

    @Test
    void twoSourcesMakeOneFamilyAndEqualSeriesAddUp() throws IOException {
        GithubSnapshot fromLogs = new GithubSnapshot(Map.of(Catalogue.GITHUB_OBSERVATIONS_DROPPED, List.of(
                new GithubSnapshot.Value(Map.of("reason", "commit_time_unknown"), 2),
                new GithubSnapshot.Value(Map.of("reason", "negative_lead_time"), 1))), Map.of());
        GithubSnapshot fromApi = new GithubSnapshot(Map.of(Catalogue.GITHUB_OBSERVATIONS_DROPPED, List.of(
                new GithubSnapshot.Value(Map.of("reason", "approval_wait_unknown"), 3),
                new GithubSnapshot.Value(Map.of("reason", "negative_lead_time"), 4))), Map.of());
        CollectorRegistry registry = new CollectorRegistry();
        new GithubCollector().add(() -> fromLogs).add(() -> fromApi).register(registry);

        StringWriter out = new StringWriter();
        TextFormat.write004(out, registry.metricFamilySamples());

        String family = Catalogue.GITHUB_OBSERVATIONS_DROPPED.series();
        assertEquals("# HELP " + family + " " + Catalogue.GITHUB_OBSERVATIONS_DROPPED.help() + "\n"
                + "# TYPE " + family + " counter\n"
                + family + "{reason=\"commit_time_unknown\",} 2.0\n"
                + family + "{reason=\"negative_lead_time\",} 5.0\n"
                + family + "{reason=\"approval_wait_unknown\",} 3.0\n", out.toString());
    }

    @Test
    void withoutSourcesThereIsNoFamily() throws IOException {
        CollectorRegistry registry = new CollectorRegistry();
        new GithubCollector().register(registry);
        StringWriter out = new StringWriter();
        TextFormat.write004(out, registry.metricFamilySamples());
        assertEquals("", out.toString());
    }
}
