package dev.runnermetrics.exporter.app;

import dev.runnermetrics.exporter.config.ExporterSettings;
import dev.runnermetrics.exporter.config.InvalidConfigException;
import dev.runnermetrics.exporter.config.RunnerDiscoverySettings;
import dev.runnermetrics.exporter.config.RunnerMetricsConfig;
import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.config.RunnerTargets;
import dev.runnermetrics.exporter.config.Setting;
import dev.runnermetrics.exporter.discovery.KubeletPods;
import dev.runnermetrics.exporter.discovery.KubernetesPods;
import dev.runnermetrics.exporter.discovery.RunnerDiscovery;
import dev.runnermetrics.exporter.feature.JobFeature;
import dev.runnermetrics.exporter.github.api.GithubApiClient;
import dev.runnermetrics.exporter.github.api.GithubApiSettings;
import dev.runnermetrics.exporter.github.api.QueueTimeFeature;
import dev.runnermetrics.exporter.github.webhook.GithubFigures;
import dev.runnermetrics.exporter.github.jobs.GithubSettings;
import dev.runnermetrics.exporter.github.webhook.GithubStateStore;
import dev.runnermetrics.exporter.github.dora.WorkerLogDeployments;
import dev.runnermetrics.exporter.github.webhook.WebhookSettings;
import dev.runnermetrics.exporter.github.webhook.WebhookSink;
import dev.runnermetrics.exporter.metrics.CatalogueCollector;
import dev.runnermetrics.exporter.state.StateStore;
import dev.runnermetrics.exporter.tail.DiagTailer;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileSystem;
import java.time.Duration;
import java.time.Clock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Starts the engine with the application: validates the configuration (a wrong setting stops the start), restores
 * state, and reads the logs on a thread of its own ({@link PollLoop}) that file events wake; the state is saved
 * there, and the webhook figures' a save interval after a delivery ({@link DelayedSave}). No timer fires while
 * nothing changes but the safety poll (and, with the REST API's queue time on, a save-interval wake: its lookups
 * answer off the reading thread).
 */
@ApplicationScoped
public class ExporterLifecycle {

    private static final Logger LOG = Logger.getLogger(ExporterLifecycle.class);

    private final RunnerMetricsConfig config;
    private volatile ExporterSettings settings;
    private volatile GithubSettings githubSettings;
    private final FileSystem fileSystem;
    private final Clock clock;
    private final PrometheusMeterRegistry registry;
    private volatile ExporterEngine engine;
    private volatile PollLoop loop;
    private Thread poller;
    private volatile DelayedSave githubSave;
    private volatile List<RunnerTarget> targets = List.of();
    private volatile boolean started;
    /** Node mode: runners come and go, so none at a moment is no hub. */
    private volatile boolean nodeMode;
    private GithubFigures githubFigures;
    private GithubStateStore githubStore;
    private GithubApiClient githubApi;
    private KubernetesPods kubernetesPods;
    private CatalogueCollector collector;

    public ExporterLifecycle(RunnerMetricsConfig config, FileSystem fileSystem, Clock clock,
            PrometheusMeterRegistry registry) {
        this.config = config;
        this.fileSystem = fileSystem;
        this.clock = clock;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        // The configuration is read here, once: what is kept are the checked, immutable settings.
        List<RunnerTarget> targets;
        RunnerDiscoverySettings discovery;
        ExporterSettings settings;
        GithubSettings github;
        GithubApiSettings apiSettings;
        boolean webhooks = WebhookSettings.requested(config.webhook());
        try {
            settings = ExporterSettings.resolve(config, fileSystem);
            discovery = RunnerDiscoverySettings.resolve(config, fileSystem);
            settings.checkNodeMode(discovery.kubelet());
            targets = discovery.kubelet() ? List.of()
                    : RunnerTargets.resolve(config, fileSystem, ExporterLifecycle::hostName, webhooks);
            github = GithubSettings.from(config.github(), ours(targets));
            apiSettings = GithubApiSettings.resolve(config.githubApi(), webhooks, fileSystem);
        } catch (InvalidConfigException e) {
            LOG.error("Invalid configuration, not starting: " + e.getMessage()); // one line before Quarkus' trace
            throw e;
        }
        this.settings = settings;
        githubSettings = github;
        metrics().add(new ProcessSamples(fileSystem.getPath("/proc")));
        if (targets.isEmpty() && !discovery.kubelet()) {
            startHub();
            startGithubApi(apiSettings, github);
            return;
        }
        if (!discovery.kubelet()) {
            RunnerTargets.hubHint(config, fileSystem, webhooks).ifPresent(LOG::warn);
        }
        // Where runners come from: the ones configured, or (node mode) the runner pods on this node as they come and go.
        RunnerDiscovery runners = discovery.kubelet() ? new KubeletPods(discovery, kubernetesPods(discovery))
                : RunnerDiscovery.fixed(targets);
        boolean fromLogs = deploymentsFromLogs(github, webhooks);
        // The job features, each restored from its part of the state file with the offsets of its jobs.
        List<JobFeature.Factory> features = new ArrayList<>();
        if (fromLogs) {
            features.add(WorkerLogDeployments.factory(github));
        }
        QueueTimeFeature.Factory api = apiSettings.enabled()
                ? QueueTimeFeature.Factory.of(apiSettings, github, clock) : null;
        if (api != null) {
            features.add(api);
        }
        StateStore store = new StateStore(settings.stateDir(), clock);
        engine = new ExporterEngine(runners, new ExporterEngine.Settings(settings.maxLineBytes(),
                settings.abandonGrace(), settings.abandonAfterSilence(), settings.labelPolicy(),
                settings.stepOutput(), settings.cacheTypes(), settings.nodeSeriesPerRunner()), store, clock, features);
        metrics().add(engine::expose);
        githubApi = api != null ? api.client().orElse(null) : null;
        if (fromLogs) {
            LOG.infof("Deployments from Worker logs: jobs matching %s in environments matching %s",
                    github.deploymentJob().get().pattern(), github.production().pattern());
        } else if (WorkerLogDeployments.configured(github)) {
            LOG.info("Deployments are counted from webhooks (the receiver is on), not from the Worker logs");
        }
        this.targets = targets;
        nodeMode = discovery.kubelet();
        if (nodeMode) {
            LOG.infof("Node mode: every runner pod's %s/<pod-uid>/%s/%s is read as its _diag (%s)",
                    discovery.podsDir(), KubeletPods.EMPTY_DIRS, discovery.volume(), discovery.api().map(a ->
                            "named by pod name, typed by the label " + KubernetesPods.TYPE_LABEL + " else "
                                    + discovery.runnerType() + ", from the Kubernetes API at " + a.url()
                                    + " for node " + a.nodeName())
                            .orElse("named by pod UID, type " + discovery.runnerType()));
        }
        for (RunnerTarget t : engine.runners()) {
            LOG.infof("Watching runner %s (type %s) in %s", t.name(), t.type(), t.diagDir());
        }
        LOG.infof("State in %s", store.file());
        if (settings.stepOutput()) {
            LOG.infof("Cache types recognised in step output: %s",
                    String.join(", ", settings.cacheTypes().stream().map(c -> c.name()).toList()));
        } else {
            LOG.info("Step output is not read (" + Setting.STEP_OUTPUT.property() + "=false): no cache metrics");
        }
        // A thread of our own, woken by file events: the Quarkus scheduler checks its triggers once a second, too slow
        // for "a finished job shows within a second", and would wake an idle exporter for nothing.
        FileEvents events = FileEvents.watch(fileSystem, engine::watchedFolders, settings.fileEvents());
        Duration activeFor = settings.abandonGrace().plus(DiagTailer.IDLE_AFTER).plus(settings.pollInterval());
        loop = new PollLoop(engine, events, new PollSchedule(settings.pollInterval(), activeFor,
                settings.safetyPollInterval()), clock, settings.stateSaveInterval(), engine.changesOutsidePolls());
        LOG.infof("Logs read %s, every %d ms while they change, else every %d s", events.enabled()
                ? "on file events" : "without file events", settings.pollInterval().toMillis(),
                settings.safetyPollInterval().toSeconds());
        poller = new Thread(loop, "runner-log-poller");
        poller.setDaemon(true);
        poller.start();
        started = true;
    }

    /**
     * Node mode with the Kubernetes API: lists and watches this node's pods from now on, and waits a little for the
     * first list so the runners found at start are named at once (those it does not know yet wait for it).
     */
    private KubernetesPods kubernetesPods(RunnerDiscoverySettings discovery) {
        if (discovery.api().isEmpty()) {
            return null;
        }
        kubernetesPods = KubernetesPods.of(discovery.api().get(), discovery.runnerType(), clock);
        kubernetesPods.start();
        try {
            if (!kubernetesPods.awaitFirstList(Duration.ofSeconds(10))) {
                LOG.warnf("The Kubernetes API at %s has not listed the pods of node %s yet: their runners are read "
                        + "once it has", discovery.api().get().url(), discovery.api().get().nodeName());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return kubernetesPods;
    }

    /**
     * RUNNERS=none: a hub that only receives webhooks. No engine, poller or runner collector, so /metrics has no
     * runner series at all (rather than series about a runner that does not exist); the webhook figures are loaded
     * from STATE_DIR now, so their known values show before the first delivery.
     */
    private void startHub() {
        this.targets = List.of();
        LOG.info("No runner (" + Setting.RUNNERS.property() + "=none): a hub that only receives GitHub webhooks; no "
                + "runner logs are read and no runner series are exported");
        githubFigures();
        started = true;
    }

    /** A hub's REST API client, when on: fleet status (no runner logs, so no queue time of its own jobs). */
    private void startGithubApi(GithubApiSettings apiSettings, GithubSettings github) {
        GithubApiClient.startIfEnabled(apiSettings, github, clock, null).ifPresent(api -> {
            githubApi = api;
            metrics().add(api::expose);
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        if (kubernetesPods != null) {
            kubernetesPods.close();
        }
        if (githubApi != null) {
            githubApi.stop();
        }
        if (loop != null) {
            loop.stop();
            try {
                poller.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (githubSave != null) {
            githubSave.close();
        }
        if (engine != null) {
            engine.saveIfDirty();
            engine.close();
        }
        saveGithubFigures();
    }

    /**
     * The sink for verified webhook deliveries (queue time, workflow jobs, DORA), a bean the webhook receiver looks
     * up only when webhooks are on. The figures' state is loaded and their collector registered once, when this is
     * called after the start or else with the first delivery (so our runners' names and types are known).
     */
    @Produces
    @Singleton
    public WebhookSink githubSink() {
        if (started) {
            githubFigures();
        }
        return delivery -> {
            githubFigures().accept(delivery);
            githubSave.changed();
        };
    }

    private synchronized GithubFigures githubFigures() {
        if (githubFigures == null) {
            GithubSettings settings = githubSettings != null ? githubSettings
                    : GithubSettings.from(config.github(), ours(targets));
            githubStore = new GithubStateStore(fileSystem.getPath(config.stateDir()).toAbsolutePath(), clock);
            githubFigures = new GithubFigures(settings, githubStore.load());
            githubSave = new DelayedSave("github-state-saver", stateSaveInterval(), this::saveGithubFigures);
            GithubFigures figures = githubFigures;
            metrics().add(samples -> figures.expose(samples, clock.instant()));
            LOG.infof("GitHub webhook figures on; state in %s", githubStore.file());
        }
        return githubFigures;
    }

    /** The one collector of every source's figures, registered with the first source (the process's own figures). */
    private synchronized CatalogueCollector metrics() {
        if (collector == null) {
            collector = new CatalogueCollector();
            collector.register(registry.getPrometheusRegistry());
        }
        return collector;
    }

    private static Map<String, String> ours(List<RunnerTarget> targets) {
        Map<String, String> ours = new LinkedHashMap<>();
        targets.forEach(t -> ours.put(t.name(), t.type()));
        return ours;
    }

    /**
     * Whether deployments are derived from the Worker logs: deployment jobs are configured and the webhook receiver
     * is off. A hub hears of every workflow job, ours included, from workflow_job webhooks; deriving deployments
     * from the Worker logs as well would count them twice.
     */
    static boolean deploymentsFromLogs(GithubSettings github, boolean webhooks) {
        return WorkerLogDeployments.configured(github) && !webhooks;
    }

    private void saveGithubFigures() {
        GithubFigures figures;
        synchronized (this) {
            figures = githubFigures;
        }
        if (figures != null) {
            try {
                githubStore.saveIfDirty(figures);
            } catch (IOException e) {
                LOG.warnf("Could not write %s: %s; retrying", githubStore.file(), e.getMessage());
            }
        }
    }

    /** Whether the start is done (the configuration checked, the runners or the hub set up). */
    public boolean started() {
        return started;
    }

    /** Whether runners are watched: false before the start and for a hub without runners (RUNNERS=none). */
    public boolean watchesRunners() {
        return started && (nodeMode || !targets.isEmpty());
    }

    /** Null until started, and for a hub without runners. */
    public ExporterEngine engine() {
        return engine;
    }

    /** Wall-clock millis of the last completed poll, 0 before the first. */
    public long lastPollMillis() {
        PollLoop l = loop;
        return l == null ? 0 : l.lastPollMillis();
    }

    /** The settings' save interval; a webhook delivery may come before the start has checked the settings. */
    private Duration stateSaveInterval() {
        ExporterSettings s = settings;
        return s != null ? s.stateSaveInterval() : config.stateSaveInterval();
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
