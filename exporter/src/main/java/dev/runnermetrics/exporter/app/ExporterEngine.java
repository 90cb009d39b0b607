package dev.runnermetrics.exporter.app;

import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.github.api.QueueTimeState;
import dev.runnermetrics.exporter.github.model.GithubSettings;
import dev.runnermetrics.exporter.metrics.Samples;
import dev.runnermetrics.exporter.github.model.GithubState;
import dev.runnermetrics.exporter.github.model.WorkerLogDeployments;
import dev.runnermetrics.exporter.model.JobEnd;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import dev.runnermetrics.exporter.model.JobSeenListener;
import dev.runnermetrics.exporter.state.PersistedState;
import dev.runnermetrics.exporter.state.StateStore;
import dev.runnermetrics.exporter.steps.CacheType;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The exporter without its web server: polls every runner, keeps the state file, answers snapshots. One lock
 * serialises polling, saving and scraping, so a scrape or a save always sees whole polls.
 */
public final class ExporterEngine {

    private static final Logger LOG = Logger.getLogger(ExporterEngine.class);

    /**
     * Engine settings taken from the configuration.
     *
     * @param stepOutput whether job step output (_diag/pages, _diag/blocks) is read for cache counts
     * @param cacheTypes the cache types recognised in it, in the order they are tried
     * @param deployments which finished jobs are deployments (DORA from Worker logs); null: none are derived
     */
    public record Settings(int maxLineBytes, Duration abandonGrace, Duration abandonAfterSilence,
            JobLabelPolicy labelPolicy, boolean stepOutput, List<CacheType> cacheTypes, GithubSettings deployments) {

        public Settings(int maxLineBytes, Duration abandonGrace, Duration abandonAfterSilence,
                JobLabelPolicy labelPolicy, boolean stepOutput, List<CacheType> cacheTypes) {
            this(maxLineBytes, abandonGrace, abandonAfterSilence, labelPolicy, stepOutput, cacheTypes, null);
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final List<RunnerMonitor> monitors = new ArrayList<>();
    private final StateStore store;
    private final Clock clock;
    /** Null when deployments are not derived; the restored figures are then saved back as they were. */
    private final WorkerLogDeployments deployments;
    private final GithubState restoredDeployments;
    private boolean dirty;
    private long saveFailures;
    private boolean lastSaveFailed;
    private volatile JobSeenListener jobSeen = JobSeenListener.NONE;
    /** What the job-seen listener keeps in the state file; the restored part is saved back while none does. */
    private final QueueTimeState restoredQueueTimes;
    private volatile Supplier<QueueTimeState> queueTimes = () -> null;
    private volatile LongSupplier queueTimeChanges = () -> 0;
    private long savedQueueTimeChanges;

    public ExporterEngine(List<RunnerTarget> targets, Settings settings, StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        PersistedState restored = store.load().orElseGet(PersistedState::new);
        this.restoredDeployments = restored.deployments;
        this.restoredQueueTimes = restored.apiQueueTime;
        this.deployments = settings.deployments() == null ? null : new WorkerLogDeployments(settings.deployments(),
                restored.deployments != null ? restored.deployments : new GithubState());
        for (RunnerTarget target : targets) {
            PersistedState.Runner runner = restored.runners.getOrDefault(target.name(), new PersistedState.Runner());
            monitors.add(new RunnerMonitor(target, runner, settings, this::jobEnded));
        }
    }

    /** Reads whatever is new in every runner's logs. */
    public void poll() {
        lock.lock();
        try {
            for (RunnerMonitor monitor : monitors) {
                // Not `dirty |= poll(...)`: that reads dirty before the poll, losing what jobEnded sets during it.
                boolean changed = monitor.poll(clock.instant(), jobSeen);
                dirty |= changed;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Called under the lock, within a poll, once for every job a runner model counts. */
    private void jobEnded(JobEnd job) {
        if (deployments != null) {
            dirty |= deployments.jobEnded(job);
        }
    }

    /** DORA figures derived from the Worker logs, when deployments are derived (nothing otherwise). */
    public void exposeDeployments(Samples samples) {
        lock.lock();
        try {
            if (deployments != null) {
                deployments.expose(samples);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Who hears of each job a Worker log introduces (the REST API's queue time); replaces the previous one. */
    public void onJobSeen(JobSeenListener listener) {
        this.jobSeen = listener;
    }

    /**
     * Like {@link #onJobSeen(JobSeenListener)}, for a listener whose state is saved with the offsets: {@code state}
     * gives a consistent copy (null: keep the restored one), {@code changes} counts its changes, so one made off the
     * poll thread (a lookup ending) is saved too. A job handed over in a poll is thus saved with that poll's offsets.
     */
    public void onJobSeen(JobSeenListener listener, Supplier<QueueTimeState> state, LongSupplier changes) {
        lock.lock();
        try {
            this.queueTimes = state;
            this.queueTimeChanges = changes;
            this.jobSeen = listener;
        } finally {
            lock.unlock();
        }
    }

    /** The REST API queue-time figures and lookups the state file held at start; null when none. */
    public QueueTimeState restoredQueueTimes() {
        return restoredQueueTimes;
    }

    /** Writes the state file if anything changed since the last write; failures are counted, not thrown. */
    public void saveIfDirty() {
        PersistedState state;
        lock.lock();
        try {
            // Read before the copy: a change made after it is saved next time, at worst once more.
            long changes = queueTimeChanges.getAsLong();
            if (!dirty && changes == savedQueueTimeChanges) {
                return;
            }
            state = new PersistedState();
            for (RunnerMonitor monitor : monitors) {
                state.runners.put(monitor.target().name(), monitor.persisted());
            }
            state.deployments = deployments != null ? deployments.state() : restoredDeployments;
            QueueTimeState queueTime = queueTimes.get();
            state.apiQueueTime = queueTime != null ? queueTime : restoredQueueTimes;
            // Serialised under the lock: the poller mutates the same objects.
            store.save(state);
            dirty = false;
            savedQueueTimeChanges = changes;
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

    public List<RunnerSnapshot> snapshot() {
        lock.lock();
        try {
            List<RunnerSnapshot> snapshots = new ArrayList<>();
            for (RunnerMonitor monitor : monitors) {
                snapshots.add(monitor.snapshot(clock.instant()));
            }
            return snapshots;
        } finally {
            lock.unlock();
        }
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
