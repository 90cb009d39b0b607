package dev.runnermetrics.exporter.steps;

import java.util.Set;

/**
 * What the runner's own logs say about jobs, as far as step output needs it.
 *
 * @param current the job the runner runs now; null when idle or unknown
 * @param open    jobs started and not finished
 */
public record JobView(String current, Set<String> open) {

    public static final JobView NONE = new JobView(null, Set.of());

    public JobView {
        open = Set.copyOf(open);
    }

    boolean isOpen(String job) {
        return job != null && open.contains(job);
    }
}
