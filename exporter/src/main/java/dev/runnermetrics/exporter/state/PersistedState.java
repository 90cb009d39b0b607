package dev.runnermetrics.exporter.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runnermetrics.exporter.model.RunnerState;
import dev.runnermetrics.exporter.steps.StepState;
import dev.runnermetrics.exporter.tail.FileCursor;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state file: per runner, the file offsets and the counts they produced, and each job feature's part, all written
 * together so a restart never counts a line twice or misses one.
 */
public final class PersistedState {

    public static final int FORMAT = 1;

    /** The parts of files written before features had their own map, and the feature each is now. */
    static final Map<String, String> LEGACY_PARTS = Map.of("deployments", "deployments",
            "apiQueueTime", "api-queue-time");

    public int format = FORMAT;
    public Map<String, Runner> runners = new TreeMap<>();
    /** Each job feature's part, by its state key; kept as written while the feature is off. */
    public Map<String, JsonNode> features = new TreeMap<>();
    /** Read from older files only, then moved into {@link #features}. */
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
    JsonNode deployments;
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
    JsonNode apiQueueTime;

    /** One runner's part of the state file. */
    public static final class Runner {
        public Map<String, FileCursor> cursors = new TreeMap<>();
        public RunnerState state = new RunnerState();
        /** Step output pages and the cache counts they produced; absent from files written before it existed. */
        public StepState steps = new StepState();

        public Runner() {
        }

        public Runner(Map<String, FileCursor> cursors, RunnerState state, StepState steps) {
            this.cursors = cursors;
            this.state = state;
            this.steps = steps;
        }
    }

    /** Moves the parts of an older file into {@link #features}. */
    void upgrade() {
        if (features == null) {
            features = new TreeMap<>();
        }
        if (deployments != null && !deployments.isNull()) {
            features.putIfAbsent(LEGACY_PARTS.get("deployments"), deployments);
        }
        if (apiQueueTime != null && !apiQueueTime.isNull()) {
            features.putIfAbsent(LEGACY_PARTS.get("apiQueueTime"), apiQueueTime);
        }
        deployments = null;
        apiQueueTime = null;
    }
}
