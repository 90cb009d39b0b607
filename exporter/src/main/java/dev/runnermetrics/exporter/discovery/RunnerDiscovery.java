package dev.runnermetrics.exporter.discovery;

import dev.runnermetrics.exporter.config.RunnerTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which runners there are now: how runners plug into the engine, which asks before every read and adds the ones that
 * appeared and lets go of the ones that went. Called on the reading thread only.
 */
public interface RunnerDiscovery {

    /**
     * The runners now, by distinct name; empty when it could not be told (a folder unreadable for a moment), so
     * nothing is added or let go on a passing error.
     */
    Optional<List<RunnerTarget>> runners();

    /** Folders whose file events should wake the reader besides the runners' own (where new runners appear). */
    List<Path> watched();

    /**
     * Whether runners come and go for good (ephemeral pods): their counters and histograms are then kept per runner
     * type, what a gone runner counted staying in the totals, and only their gauges are per runner.
     */
    default boolean ephemeral() {
        return false;
    }

    /**
     * Who a runner the state file saved was, told once at start before the first {@link #runners()}: a discovery that
     * finds it again but can no longer ask who it is (a pod the Kubernetes API let go) names it so, and its counts
     * stay with its type. {@code type} and {@code namespace} may be null (files from before they were kept).
     */
    default void remember(String id, String name, String type, String namespace) {
    }

    /**
     * Whether a runner was found that cannot be named yet (a pod the Kubernetes API does not know yet): the reader
     * then looks again at the poll interval instead of waiting for a file event.
     */
    default boolean waiting() {
        return false;
    }

    /** The runners configured at start, for good. */
    static RunnerDiscovery fixed(List<RunnerTarget> targets) {
        Optional<List<RunnerTarget>> runners = Optional.of(List.copyOf(targets));
        return new RunnerDiscovery() {
            @Override
            public Optional<List<RunnerTarget>> runners() {
                return runners;
            }

            @Override
            public List<Path> watched() {
                return List.of();
            }
        };
    }
}
