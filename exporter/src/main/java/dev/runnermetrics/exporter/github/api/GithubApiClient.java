package dev.runnermetrics.exporter.github.api;

import static dev.runnermetrics.catalogue.Catalogue.FLEET_RUNNER_BUSY;
import static dev.runnermetrics.catalogue.Catalogue.FLEET_RUNNER_ONLINE;
import static dev.runnermetrics.catalogue.Catalogue.GITHUB_API_LOOKUPS_FAILED;
import static dev.runnermetrics.catalogue.Catalogue.GITHUB_API_RATE_LIMIT_REMAINING;
import static dev.runnermetrics.catalogue.Catalogue.GITHUB_API_REQUESTS;
import static dev.runnermetrics.catalogue.Catalogue.GITHUB_OBSERVATIONS_DROPPED;
import static dev.runnermetrics.catalogue.Catalogue.QUEUE_TIME;

import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.exporter.github.model.GithubSettings;
import dev.runnermetrics.exporter.metrics.Samples;
import dev.runnermetrics.exporter.model.JobSeenListener;
import java.net.http.HttpClient;
import java.util.Optional;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The optional REST API client put together: fleet status polled on a thread of its own, queue-time lookups for
 * the jobs the logs show, and the figures of both as one snapshot for the collector.
 */
public final class GithubApiClient {

    private static final Logger LOG = Logger.getLogger(GithubApiClient.class);

    private final GithubApiSettings settings;
    private final ApiStats stats = new ApiStats();
    private final GithubApi api;
    private final FleetStatus fleet;
    private final QueueTimeFigures queueTimes;
    private final QueueTimeLookups lookups;
    private ScheduledExecutorService executor;

    /**
     * @param scheduler runs the lookups; null: a thread of the client's own
     * @param restored the queue-time figures and pending lookups from the state file, null for none; the lookups are
     *        resumed at once
     */
    GithubApiClient(GithubApiSettings settings, GithubSettings labels, HttpClient http, Clock clock,
            Scheduler scheduler, QueueTimeState restored) {
        this.settings = settings;
        if (scheduler == null) {
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "github-api");
                thread.setDaemon(true);
                return thread;
            });
        }
        this.api = new GithubApi(settings.baseUrl(), settings.auth(), http, clock, stats);
        this.fleet = settings.fleetPath() == null ? null
                : new FleetStatus(api, settings.fleetPath(), settings.pollInterval(), settings.maxRunnerNames(),
                        clock);
        this.queueTimes = settings.queueTime() ? new QueueTimeFigures(labels, restored) : null;
        this.lookups = settings.queueTime()
                ? new QueueTimeLookups(api, queueTimes, scheduler != null ? scheduler : this::schedule, clock,
                        settings.queueTimeCapacity(), settings.queueTimeMaxAge(),
                        restored != null ? restored.pending : null)
                : null;
        if (lookups != null) {
            lookups.resume();
        }
    }

    /**
     * Starts polling on its own thread; {@code labels}: the webhook figures' label settings, for the same labels;
     * {@code restored}: what the state file kept of the queue-time figures, null for none.
     */
    private static GithubApiClient start(GithubApiSettings settings, GithubSettings labels, Clock clock,
            QueueTimeState restored) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        GithubApiClient client = new GithubApiClient(settings, labels, http, clock, null, restored);
        if (client.fleet != null) {
            client.executor.scheduleWithFixedDelay(client::pollSafely, 0, 1, TimeUnit.SECONDS);
        }
        LOG.infof("GitHub REST API client on: %s, %s; fleet status %s; queue time of jobs in the logs %s",
                settings.baseUrl(), settings.auth().describe(),
                settings.fleetPath() != null ? "from " + settings.fleetPath() + " every " + settings.pollInterval()
                        : "off",
                settings.queueTime() ? "on" : "off");
        return client;
    }

    /**
     * Starts the client when it is on, its figures labelled as the webhook figures are ({@code runner-metrics.github.*}).
     *
     * @param labels the GitHub figures' label settings, with the runners this exporter watches
     * @param restored what the state file kept of the queue-time figures and lookups, null for none
     */
    public static Optional<GithubApiClient> startIfEnabled(GithubApiSettings settings, GithubSettings labels,
            Clock clock, QueueTimeState restored) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        return Optional.of(start(settings, labels, clock, restored));
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            executor.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warnf("GitHub API task failed: %s", e.toString());
                }
            }, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // The client is stopping: a pending lookup stays in the state file and resumes at the next start.
        }
    }

    private void pollSafely() {
        try {
            fleet.pollIfDue();
        } catch (RuntimeException e) {
            LOG.warnf("Polling GitHub's runner list failed: %s", e.toString());
        }
    }

    /** For the log poller: hears of every job a Worker log introduces; {@link JobSeenListener#NONE} when off. */
    public JobSeenListener jobSeenListener() {
        return lookups != null ? lookups : JobSeenListener.NONE;
    }

    /**
     * The queue-time figures and pending lookups as one consistent copy for the state file, to be taken with the
     * offsets (the log poller hands jobs over before they are saved); null when queue time is off.
     */
    public QueueTimeState queueTimeState() {
        return lookups != null ? lookups.state() : null;
    }

    /** Counts changes to {@link #queueTimeState()}, also those made off the poll thread as lookups end. */
    public long queueTimeChanges() {
        return lookups != null ? lookups.changes() : 0;
    }

    FleetStatus fleet() {
        return fleet;
    }

    QueueTimeLookups lookups() {
        return lookups;
    }

    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** Everything this client knows now, by catalogue family; unknown figures are absent. */
    /** Everything this client knows now, by catalogue family; unknown figures are absent. */
    public void expose(Samples samples) {
        Map<List<String>, FleetStatus.Counts> runners = fleet != null ? fleet.fleet() : null;
        if (runners != null) {
            runners.forEach((key, counts) -> {
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("runner_name", key.get(0));
                labels.put("os", key.get(1));
                samples.value(FLEET_RUNNER_ONLINE, labels, counts.online());
                samples.value(FLEET_RUNNER_BUSY, labels, counts.busy());
            });
        }
        stats.requests().forEach((endpoint, outcomes) -> outcomes.forEach((outcome, n) ->
                samples.value(GITHUB_API_REQUESTS, Map.of("endpoint", endpoint, "outcome", outcome), n)));
        Long remaining = stats.rateLimitRemaining();
        if (remaining != null) {
            samples.value(GITHUB_API_RATE_LIMIT_REMAINING, Map.of(), remaining);
        }
        if (queueTimes != null) {
            queueTimes.series().forEach((key, s) -> samples.histogram(QUEUE_TIME, queueTimes.labels(key), s.buckets,
                    s.sum, s.count));
            queueTimes.dropped().forEach((reason, n) -> samples.value(GITHUB_OBSERVATIONS_DROPPED,
                    Map.of("reason", reason), n));
            queueTimes.failed().forEach((reason, n) -> samples.value(GITHUB_API_LOOKUPS_FAILED,
                    Map.of("reason", reason), n));
        }
    }

    @Override
    public String toString() {
        return "GithubApiClient[" + settings + "]";
    }
}
