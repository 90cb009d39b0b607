package dev.runnermetrics.exporter.github.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.github.client.Scheduler;
import dev.runnermetrics.exporter.github.jobs.GithubSettings;
import dev.runnermetrics.exporter.github.jobs.QueueTimeState;
import dev.runnermetrics.exporter.metrics.CatalogueCollector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.FileSystems;
import java.util.List;
import java.util.Map;

/** Builds clients against the recorded GitHub and scrapes them as Prometheus would. */
final class ApiTesting {

    private ApiTesting() {
    }

    static GithubApiClient client(TestConfig config, TestClock clock, Scheduler scheduler) {
        return client(config, clock, scheduler, null);
    }

    /** A client that starts from what a state file kept ({@code restored}, null for nothing). */
    static GithubApiClient client(TestConfig config, TestClock clock, Scheduler scheduler, QueueTimeState restored) {
        GithubApiSettings settings = GithubApiSettings.resolve(config, false, FileSystems.getDefault());
        return new GithubApiClient(settings, GithubSettings.defaults(Map.of("runner-1", "standard")),
                HttpClient.newHttpClient(), clock, scheduler, restored);
    }

    /** The client's families in the text exposition format, as /metrics serves them. */
    static String scrape(GithubApiClient client) {
        CollectorRegistry registry = new CollectorRegistry();
        new CatalogueCollector().add(client::expose).register(registry);
        StringWriter out = new StringWriter();
        try {
            TextFormat.write004(out, registry.metricFamilySamples());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The queue-time histogram's count: of its one series, 0 while there is none. */
    static double queueTimeCount(String scrape) {
        return onlySample(scrape, "github_runner_queue_time_seconds_count{");
    }

    /** The queue-time histogram's sum: of its one series, 0 while there is none. */
    static double queueTimeSum(String scrape) {
        return onlySample(scrape, "github_runner_queue_time_seconds_sum{");
    }

    private static double onlySample(String scrape, String prefix) {
        List<String> lines = scrape.lines().filter(l -> l.startsWith(prefix)).toList();
        assertTrue(lines.size() <= 1, "one series:\n" + scrape);
        return lines.isEmpty() ? 0 : Double.parseDouble(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
    }
}
