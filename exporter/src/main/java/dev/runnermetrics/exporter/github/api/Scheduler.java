package dev.runnermetrics.exporter.github.api;

import java.time.Duration;

/** Runs a task after a delay, off the log poll thread; tests run the tasks themselves. */
@FunctionalInterface
interface Scheduler {

    void schedule(Runnable task, Duration delay);
}
