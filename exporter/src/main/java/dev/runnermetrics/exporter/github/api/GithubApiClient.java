package dev.runnermetrics.exporter.github.api;

import dev.runnermetrics.exporter.github.client.GithubApi;
import dev.runnermetrics.exporter.github.client.Scheduler;
import dev.runnermetrics.exporter.github.fleet.FleetStatus;
import dev.runnermetrics.exporter.github.jobs.GithubSettings;
import dev.runnermetrics.exporter.github.jobs.QueueTimeLookups;
import dev.runnermetrics.exporter.github.jobs.QueueTimeState;
import dev.runnermetrics.exporter.metrics.Samples;
import dev.runnermetrics.exporter.model.JobSeenListener;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The optional REST API source put together from the features: the client ({@code github.client}), fleet status
 * ({@code github.fleet}) polled on a thread of its own, and queue-time lookups for the jobs the logs show
 * ({@code github.jobs}, the same queue-time figure the webhooks feed); their figures exposed together.
 */
public final class GithubApiClient {

    private static final Logger LOG = Logger.getLogger(GithubApiClient.class);

    private final GithubApiSettings settings;
    private final GithubApi api;
    private final FleetStatus fleet;
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
        this.api = new GithubApi(settings.baseUrl(), settings.auth(), http, clock);
        this.fleet = settings.fleetPath() == null ? null
                : new FleetStatus(api, settings.fleetPath(), settings.pollInterval(), settings.maxRunnerNames(),
                        clock);
        this.lookups = settings.queueTime()
                ? new QueueTimeLookups(api, labels, scheduler != null ? scheduler : this::schedule, clock,
                        settings.queueTimeCapacity(), settings.queueTimeMaxAge(), restored)
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

    /** A runner that comes and goes went for good: its queue times are kept with its type's (node mode). */
    public void runnerGone(String runnerName, String runnerType) {
        if (lookups != null) {
            lookups.runnerGone(runnerName, runnerType);
        }
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
    public void expose(Samples samples) {
        if (fleet != null) {
            fleet.expose(samples);
        }
        api.expose(samples);
        if (lookups != null) {
            lookups.expose(samples);
        }
    }

    @Override
    public String toString() {
        return "GithubApiClient[" + settings + "]";
    }
}
