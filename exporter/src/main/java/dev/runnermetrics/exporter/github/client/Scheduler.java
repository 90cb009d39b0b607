package dev.runnermetrics.exporter.github.client;

import java.time.Duration;

/** Runs a task after a delay, off the log poll thread; tests run the tasks themselves. */
@FunctionalInterface
public interface Scheduler {

    void schedule(Runnable task, Duration delay);
}
