package dev.runnermetrics.exporter.app;

import dev.runnermetrics.exporter.config.ConfigValidator;
import dev.runnermetrics.exporter.config.ExporterConfig;
import dev.runnermetrics.exporter.config.InvalidConfigException;
import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.config.RunnerTargets;
import dev.runnermetrics.exporter.metrics.RunnerCollector;
import dev.runnermetrics.exporter.state.StateStore;
import dev.runnermetrics.exporter.steps.CacheType;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileSystem;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Starts the engine with the application: validates the configuration (a wrong setting stops the start), restores
 * state, polls on a dedicated thread and saves state on the scheduler.
 */
@ApplicationScoped
public class ExporterLifecycle {

    private static final Logger LOG = Logger.getLogger(ExporterLifecycle.class);

    private final ExporterConfig config;
    private final FileSystem fileSystem;
    private final Clock clock;
    private final PrometheusMeterRegistry registry;
    private volatile ExporterEngine engine;
    private volatile long lastPollMillis;
    private ScheduledExecutorService poller;

    public ExporterLifecycle(ExporterConfig config, FileSystem fileSystem, Clock clock,
            PrometheusMeterRegistry registry) {
        this.config = config;
        this.fileSystem = fileSystem;
        this.clock = clock;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        List<RunnerTarget> targets;
        List<CacheType> cacheTypes;
        try {
            ConfigValidator.validate(config);
            cacheTypes = ConfigValidator.cacheTypes(config, fileSystem);
            targets = RunnerTargets.resolve(config, fileSystem, ExporterLifecycle::hostName);
        } catch (InvalidConfigException e) {
            LOG.error("Invalid configuration, not starting: " + e.getMessage()); // one line before Quarkus' trace
            throw e;
        }
        StateStore store = new StateStore(fileSystem.getPath(config.stateDir()).toAbsolutePath(), clock);
        engine = new ExporterEngine(targets, new ExporterEngine.Settings(config.maxLineBytes(),
                config.abandonGrace(), config.abandonAfterSilence(), ConfigValidator.labelPolicy(config),
                config.stepOutput(), cacheTypes), store, clock);
        new RunnerCollector(engine::snapshot, engine::saveFailures).register(registry.getPrometheusRegistry());
        for (RunnerTarget t : targets) {
            LOG.infof("Watching runner %s (type %s) in %s", t.name(), t.type(), t.diagDir());
        }
        LOG.infof("State in %s", store.file());
        if (config.stepOutput()) {
            LOG.infof("Cache types recognised in step output: %s",
                    String.join(", ", cacheTypes.stream().map(CacheType::name).toList()));
        } else {
            LOG.info("Step output is not read (runner-metrics.step-output=false): no cache metrics");
        }
        // A thread of our own: the Quarkus scheduler checks its triggers once a second, too slow for
        // "a finished job shows within a second".
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "runner-log-poller");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::pollSafely, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.shutdown();
            try {
                poller.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (engine != null) {
            engine.saveIfDirty();
            engine.close();
        }
    }

    @Scheduled(every = "${runner-metrics.state-save-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void saveState() {
        if (engine != null) {
            engine.saveIfDirty();
        }
    }

    private void pollSafely() {
        try {
            engine.poll();
            lastPollMillis = clock.millis();
        } catch (RuntimeException e) {
            // One bad poll must not stop polling for good.
            LOG.error("Polling the runner logs failed; retrying", e);
        }
    }

    /** Null until started. */
    public ExporterEngine engine() {
        return engine;
    }

    /** Wall-clock millis of the last completed poll, 0 before the first. */
    public long lastPollMillis() {
        return lastPollMillis;
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
