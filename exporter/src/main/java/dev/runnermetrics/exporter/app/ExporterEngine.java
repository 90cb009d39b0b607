package dev.runnermetrics.exporter.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.discovery.RunnerDiscovery;
import dev.runnermetrics.exporter.feature.JobFeature;
import dev.runnermetrics.exporter.logs.JobContext;
import dev.runnermetrics.exporter.metrics.Samples;
import dev.runnermetrics.exporter.model.JobEnd;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import dev.runnermetrics.exporter.model.RunnerModel;
import dev.runnermetrics.exporter.state.FeatureJson;
import dev.runnermetrics.exporter.state.PersistedState;
import dev.runnermetrics.exporter.state.StateStore;
import dev.runnermetrics.exporter.steps.CacheType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The exporter without its web server: polls every runner, hands the jobs it finds to the job features, keeps the
 * state file, answers snapshots. One lock serialises polling, saving and scraping, so a scrape or a save always sees
 * whole polls. The engine knows features only as {@link JobFeature}s, and where runners come from only as a
 * {@link RunnerDiscovery}: before every read it adds the runners that appeared and lets go of those that went.
 */
public final class ExporterEngine {

    private static final Logger LOG = Logger.getLogger(ExporterEngine.class);

    /**
     * Engine settings taken from the configuration.
     *
     * @param stepOutput whether job step output (_diag/pages, _diag/blocks) is read for cache counts
     * @param cacheTypes the cache types recognised in it, in the order they are tried
     * @param seriesPerRunner when runners come and go: at most this many written per runner at once (0 none)
     */
    public record Settings(int maxLineBytes, Duration abandonGrace, Duration abandonAfterSilence,
            JobLabelPolicy labelPolicy, boolean stepOutput, List<CacheType> cacheTypes, int seriesPerRunner) {

        public Settings(int maxLineBytes, Duration abandonGrace, Duration abandonAfterSilence,
                JobLabelPolicy labelPolicy, boolean stepOutput, List<CacheType> cacheTypes) {
            this(maxLineBytes, abandonGrace, abandonAfterSilence, labelPolicy, stepOutput, cacheTypes, 0);
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final List<RunnerMonitor> monitors = new ArrayList<>();
    private final RunnerDiscovery discovery;
    private final Settings settings;
    /** Saved runners not watched yet, kept (and saved back) until the discovery could look once. */
    private final Map<String, PersistedState.Runner> unclaimed = new LinkedHashMap<>();
    private final StateStore store;
    private final Clock clock;
    private final List<JobFeature> features = new ArrayList<>();
    /** The parts of the state file whose features are off now: saved back as they were. */
    private final Map<String, Object> restoredParts;
    /** Null unless runners come and go (node mode): their counters are then kept per type. */
    private final RunnerTypeTotals perType;
    private boolean dirty;
    private long saveFailures;
    private boolean lastSaveFailed;
    private long savedFeatureChanges;

    public ExporterEngine(List<RunnerTarget> targets, Settings settings, StateStore store, Clock clock) {
        this(targets, settings, store, clock, List.of());
    }

    /** @param features the job features on, restored from their parts of the state file */
    public ExporterEngine(List<RunnerTarget> targets, Settings settings, StateStore store, Clock clock,
            List<JobFeature.Factory> features) {
        this(RunnerDiscovery.fixed(targets), settings, store, clock, features);
    }

    /** @param discovery the runners, asked now and before every read */
    public ExporterEngine(RunnerDiscovery discovery, Settings settings, StateStore store, Clock clock,
            List<JobFeature.Factory> features) {
        this.discovery = discovery;
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        PersistedState restored = store.load().orElseGet(PersistedState::new);
        // Features' parts are read with databind (FeatureJson), loaded only when a feature is on.
        Map<String, JsonNode> parts = new HashMap<>();
        try {
            for (JobFeature.Factory feature : features) {
                JsonNode part = FeatureJson.node(restored.features().get(feature.stateKey()));
                feature.check(part);
                parts.put(feature.stateKey(), part);
            }
        } catch (IOException | RuntimeException e) {
            store.setAside(e.getMessage());
            restored = new PersistedState();
            parts.clear();
        }
        this.restoredParts = new TreeMap<>(restored.features());
        for (JobFeature.Factory feature : features) {
            this.features.add(feature.restore(parts.get(feature.stateKey())));
        }
        this.perType = discovery.ephemeral()
                ? new RunnerTypeTotals(restored.gone(), settings.labelPolicy().enabled(), settings.seriesPerRunner())
                : null;
        unclaimed.putAll(restored.runners());
        // Who each saved runner was, for a discovery that can no longer ask (a pod the Kubernetes API let go).
        unclaimed.forEach((id, saved) -> discovery.remember(id, saved.name() != null ? saved.name() : id,
                saved.type(), saved.namespace()));
        dirty = track(discovery.runners(), null);
        savedFeatureChanges = featureChanges();
    }

    /**
     * Adds a monitor for each runner that appeared (from its saved state, if the state file knows it) and lets go of
     * each that went, after reading it once more. Once the discovery could look, saved runners it did not find are
     * dropped (a fixed list drops them at once, as it always did).
     *
     * Runners that come and go (node mode) add what they counted to their type's totals as they go, those saved
     * that went while the exporter was down included.
     *
     * @param now the read's time; null at start, when nothing is read yet
     * @return whether a runner went while read (its part of the state file goes with it), or a saved one was added
     *         to its type's totals
     */
    private boolean track(Optional<List<RunnerTarget>> found, Instant now) {
        if (found.isEmpty()) {
            return false;
        }
        Map<String, RunnerTarget> wanted = new LinkedHashMap<>();
        found.get().forEach(t -> wanted.put(t.id(), t));
        boolean went = false;
        for (Iterator<RunnerMonitor> it = monitors.iterator(); it.hasNext(); ) {
            RunnerMonitor monitor = it.next();
            if (monitor.target().equals(wanted.get(monitor.target().id()))) {
                wanted.remove(monitor.target().id());
            } else {
                // Whatever it still holds is read before it goes, and its open jobs are closed.
                monitor.letGo(now != null ? now : clock.instant(), this::jobSeen);
                if (perType != null) {
                    perType.fold(monitor, now != null ? now : clock.instant());
                    features.forEach(f -> f.runnerGone(monitor.target().name(), monitor.target().type()));
                }
                monitor.close();
                it.remove();
                went = true;
                LOG.infof("Runner %s is gone from %s: let go", monitor.target().name(), monitor.target().diagDir());
            }
        }
        List<RunnerTarget> adding = new ArrayList<>(wanted.values());
        // The saved first: their forms of series count against the per-runner cap before new runners are decided.
        adding.sort(Comparator.comparing(t -> !unclaimed.containsKey(t.id())));
        for (RunnerTarget target : adding) {
            PersistedState.Runner runner = unclaimed.getOrDefault(target.id(), PersistedState.Runner.fresh());
            if (perType != null) {
                perType.watch(target, unclaimed.containsKey(target.id()), runner.seriesPerRunner(),
                        now != null ? now : clock.instant());
            }
            monitors.add(new RunnerMonitor(target, runner, settings, job -> jobEnded(target, job), perType != null));
            if (now != null) {
                LOG.infof("Watching runner %s (type %s) in %s", target.name(), target.type(), target.diagDir());
            }
        }
        went |= !unclaimed.isEmpty() && now != null;
        if (perType != null) {
            Set<String> ids = found.get().stream().map(RunnerTarget::id).collect(Collectors.toSet());
            for (Map.Entry<String, PersistedState.Runner> saved : unclaimed.entrySet()) {
                if (!ids.contains(saved.getKey())) {
                    PersistedState.Runner part = saved.getValue();
                    RunnerTarget was = new RunnerTarget(part.name() != null ? part.name() : saved.getKey(),
                            part.type() != null ? part.type() : "", null, null, saved.getKey(), part.namespace());
                    closeOpenJobs(was, part);
                    if (perType.fold(part)) {
                        features.forEach(f -> f.runnerGone(was.name(), part.type()));
                        LOG.infof(Boolean.TRUE.equals(part.seriesPerRunner())
                                ? "Runner %s went while not read: its own series (type %s) ended"
                                : "Runner %s went while not read: its saved counts are added to type %s's",
                                was.name(), part.type());
                    } else {
                        LOG.warnf("Runner %s went while not read and the state file does not say its type: its "
                                + "saved counts are dropped", saved.getKey());
                    }
                    went = true;
                }
            }
        }
        unclaimed.clear();
        return went;
    }

    /**
     * A saved runner that went while not read: its logs are gone with it, so the jobs it had open are closed as
     * abandoned, as a runner let go while read has them closed ({@link RunnerMonitor#letGo}).
     */
    private void closeOpenJobs(RunnerTarget runner, PersistedState.Runner saved) {
        RunnerModel model = new RunnerModel(saved.state(), settings.abandonGrace(), settings.abandonAfterSilence(),
                settings.labelPolicy());
        model.gone();
        model.drainEnded().forEach(job -> jobEnded(runner, job));
    }

    /** Reads whatever is new in every runner's logs; true when anything changed. */
    public boolean poll() {
        // Outside the lock: the discovery reads folders, a scrape need not wait for it.
        Optional<List<RunnerTarget>> found = discovery.runners();
        lock.lock();
        try {
            boolean changed = track(found, clock.instant());
            for (RunnerMonitor monitor : monitors) {
                changed |= monitor.poll(clock.instant(), this::jobSeen);
            }
            dirty |= changed;
            return changed;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the discovery found a runner it cannot name yet: the reader then looks again soon. */
    boolean discoveryWaiting() {
        return discovery.waiting();
    }

    /** Whether a change waits to be written to the state file. */
    public boolean dirty() {
        lock.lock();
        try {
            return dirty || featureChanges() != savedFeatureChanges;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a job feature can change off the poll thread, so the state can change between reads. */
    public boolean changesOutsidePolls() {
        return features.stream().anyMatch(JobFeature::changesOutsidePolls);
    }


    /** Called under the lock, within a poll, for every job a Worker log introduces. */
    private void jobSeen(String runnerName, String runnerType, Instant seenAt, JobContext context) {
        features.forEach(f -> f.jobSeen(runnerName, runnerType, seenAt, context));
    }

    /** Called under the lock, within a poll, once for every job a runner model counts. */
    private void jobEnded(RunnerTarget runner, JobEnd job) {
        features.forEach(f -> f.jobEnded(runner.name(), runner.type(), job));
    }

    private long featureChanges() {
        long changes = 0;
        for (JobFeature feature : features) {
            changes += feature.changes();
        }
        return changes;
    }

    /** Writes the state file if anything changed since the last write; failures are counted, not thrown. */
    public void saveIfDirty() {
        lock.lock();
        try {
            // Read before the copies: a change made after them is saved next time, at worst once more.
            long changes = featureChanges();
            if (!dirty && changes == savedFeatureChanges) {
                return;
            }
            PersistedState state = new PersistedState();
            unclaimed.forEach(state::putRunner);
            for (RunnerMonitor monitor : monitors) {
                String id = monitor.target().id();
                state.putRunner(id, perType != null ? perType.withForm(id, monitor.persisted())
                        : monitor.persisted());
            }
            if (perType != null) {
                state.gone(perType.saved());
            }
            restoredParts.forEach(state::putFeature);
            for (JobFeature feature : features) {
                Object part = feature.state();
                if (part != null) {
                    state.putFeature(feature.stateKey(), FeatureJson.part(part));
                }
            }
            // Serialised under the lock: the poller mutates the same objects.
            store.save(state);
            dirty = false;
            savedFeatureChanges = changes;
            lastSaveFailed = false;
        } catch (IOException | RuntimeException e) {
            saveFailures++;
            if (!lastSaveFailed) {
                LOG.errorf("Cannot write state to %s: %s (will retry; counts since the last save would be read "
                        + "again from the logs after a restart)", store.file(), e.toString());
            }
            lastSaveFailed = true;
        } finally {
            lock.unlock();
        }
    }

    /** Every runner's figures and the job features', taken under the lock like a poll's. */
    public void expose(Samples samples) {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (perType != null) {
                perType.expose(monitors, now, saveFailures, samples);
                Samples featuresPerType = perType.routed(samples);
                features.forEach(f -> f.expose(featuresPerType));
            } else {
                for (RunnerMonitor monitor : monitors) {
                    RunnerSamples.expose(monitor, now, saveFailures, samples);
                }
                features.forEach(f -> f.expose(samples));
            }
        } finally {
            lock.unlock();
        }
    }

    /** The runners watched now. */
    public List<RunnerTarget> runners() {
        lock.lock();
        try {
            return monitors.stream().map(RunnerMonitor::target).toList();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The folders whose file events wake the reader: where the discovery finds new runners, and each runner's root,
     * {@code _diag}, {@code pages} and {@code blocks}. Asked on the reading thread, after a read.
     */
    List<Path> watchedFolders() {
        List<Path> folders = new ArrayList<>(discovery.watched());
        runners().forEach(t -> folders.addAll(FileEvents.foldersOf(t.root(), t.diagDir())));
        return folders;
    }

    /** Lets go of the files held open; call after the last save. */
    public void close() {
        lock.lock();
        try {
            monitors.forEach(RunnerMonitor::close);
        } finally {
            lock.unlock();
        }
    }

    public long saveFailures() {
        lock.lock();
        try {
            return saveFailures;
        } finally {
            lock.unlock();
        }
    }

    /** Why the exporter is not ready, per runner; empty when every runner's logs have been read once. */
    public List<String> notReadyReasons() {
        lock.lock();
        try {
            List<String> reasons = new ArrayList<>();
            for (RunnerMonitor monitor : monitors) {
                RunnerTarget t = monitor.target();
                if (!monitor.folderReadable() && monitor.firstPassDone()) {
                    reasons.add(t.name() + ": cannot read " + t.diagDir());
                } else if (!monitor.firstPassDone()) {
                    reasons.add(t.name() + ": " + t.diagDir() + " is not readable yet (missing, not mounted, or "
                            + "no permission); first pass over its logs not done");
                }
            }
            return reasons;
        } finally {
            lock.unlock();
        }
    }
}
