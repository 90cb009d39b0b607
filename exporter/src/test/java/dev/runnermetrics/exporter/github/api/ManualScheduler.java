package dev.runnermetrics.exporter.github.api;

import dev.runnermetrics.exporter.github.client.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/** Keeps scheduled tasks for the test to run one by one, checking the delay each asked for. */
final class ManualScheduler implements Scheduler {

    record Task(Runnable task, Duration delay) {
    }

    private final Deque<Task> tasks = new ArrayDeque<>();

    @Override
    public synchronized void schedule(Runnable task, Duration delay) {
        tasks.add(new Task(task, delay));
    }

    synchronized int size() {
        return tasks.size();
    }

    /** Runs the oldest task and returns the delay it was scheduled with. */
    Duration runNext() {
        Task next;
        synchronized (this) {
            next = tasks.poll();
        }
        if (next == null) {
            throw new AssertionError("nothing scheduled");
        }
        next.task().run();
        return next.delay();
    }
}
