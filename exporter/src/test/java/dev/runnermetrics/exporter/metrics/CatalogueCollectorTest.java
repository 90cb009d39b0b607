package dev.runnermetrics.exporter.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runnermetrics.catalogue.Catalogue;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one road to /metrics. A sidecar can have two GitHub sources at once (deployments from its Worker logs and the
 * REST API client's queue time); both fill the dropped-observations counter, which must still be one family with one
 * series per reason. And no source can write a label its family does not declare.
 */
class CatalogueCollectorTest {

    @Test
    void twoSourcesMakeOneFamilyAndEqualSeriesAddUp() throws IOException {
        SampleSource fromLogs = s -> {
            s.value(Catalogue.GITHUB_OBSERVATIONS_DROPPED, Map.of("reason", "commit_time_unknown"), 2);
            s.value(Catalogue.GITHUB_OBSERVATIONS_DROPPED, Map.of("reason", "negative_lead_time"), 1);
        };
        SampleSource fromApi = s -> {
            s.value(Catalogue.GITHUB_OBSERVATIONS_DROPPED, Map.of("reason", "approval_wait_unknown"), 3);
            s.value(Catalogue.GITHUB_OBSERVATIONS_DROPPED, Map.of("reason", "negative_lead_time"), 4);
        };
        CollectorRegistry registry = new CollectorRegistry();
        new CatalogueCollector().add(fromLogs).add(fromApi).register(registry);

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
        new CatalogueCollector().register(registry);
        StringWriter out = new StringWriter();
        TextFormat.write004(out, registry.metricFamilySamples());
        assertEquals("", out.toString());
    }

    @Test
    void labelsFollowTheCataloguesOrderAndUndeclaredLabelsAreRefused() {
        Labels labels = Labels.on(Catalogue.JOBS).with("result", "success").with("runner_type", "chrome")
                .with("runner_name", "r1").build();
        assertEquals(List.of("runner_name", "runner_type", "result"), labels.names());
        assertEquals(labels, Labels.of(Catalogue.JOBS, Map.of("runner_name", "r1", "runner_type", "chrome",
                "result", "success")), "a value: equal whatever order the labels were given in");
        assertThrows(IllegalArgumentException.class, () -> Labels.on(Catalogue.JOBS).with("conclusion", "x").build());
    }
}
