package dev.runnermetrics.exporter.state;

import dev.runnermetrics.exporter.metrics.SeriesTotals;
import dev.runnermetrics.exporter.model.RunnerState;
import dev.runnermetrics.exporter.steps.StepState;
import dev.runnermetrics.exporter.tail.FileCursor;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the state file holds: per runner, the file offsets and the counts they produced, and each job feature's part,
 * all written together so a restart never counts a line twice or misses one. {@link StateStore} writes it in the
 * file's own form ({@link SavedState}); this is what the engine restores from and saves.
 */
public final class PersistedState {

    public static final int FORMAT = 1;

    private final Map<String, Runner> runners = new TreeMap<>();
    /**
     * Each job feature's part, by its state key, as JSON values ({@link dev.runnermetrics.exporter.json.Json}); kept as
     * written while the feature is off.
     */
    private final Map<String, Object> features = new TreeMap<>();
    /** What runners that are gone counted (node mode), saved with the runners that are not. */
    private SeriesTotals gone = new SeriesTotals();

    /**
     * One runner's part of the state file: where its logs were read to, and what they and its step output told.
     *
     * @param cursors per log file name
     * @param type the runner's type; null in files from before it was kept
     * @param name the runner's name when it is not the key it is saved under (a pod's name, saved under its UID);
     *     null otherwise and in files from before it was kept
     * @param namespace the runner pod's namespace (node mode with the Kubernetes API); null otherwise and in files
     *     from before it was kept
     * @param seriesPerRunner node mode: whether its counters and histograms are written per runner (true) or in its
     *        type's (false), decided once for its life; null outside node mode and in files from before it was kept
     */
    public record Runner(Map<String, FileCursor> cursors, RunnerState state, StepState steps, String type,
            String name, String namespace, Boolean seriesPerRunner) {

        public Runner(Map<String, FileCursor> cursors, RunnerState state, StepState steps) {
            this(cursors, state, steps, null, null, null, null);
        }

        public Runner(Map<String, FileCursor> cursors, RunnerState state, StepState steps, String type) {
            this(cursors, state, steps, type, null, null, null);
        }

        /** The same part with its form of series (node mode). */
        public Runner withSeriesPerRunner(Boolean perRunner) {
            return new Runner(cursors, state, steps, type, name, namespace, perRunner);
        }

        /** A runner the state file does not know. */
        public static Runner fresh() {
            return new Runner(new TreeMap<>(), new RunnerState(), new StepState());
        }
    }

    /** By runner name. */
    public Map<String, Runner> runners() {
        return Collections.unmodifiableMap(runners);
    }

    public void putRunner(String name, Runner runner) {
        runners.put(name, runner);
    }

    /** What runners that are gone counted, by family and labels (node mode); empty otherwise. */
    public SeriesTotals gone() {
        return gone;
    }

    public void gone(SeriesTotals totals) {
        gone = totals;
    }

    /** Each job feature's part, by its state key. */
    public Map<String, Object> features() {
        return Collections.unmodifiableMap(features);
    }

    public void putFeature(String stateKey, Object part) {
        features.put(stateKey, part);
    }
}
