package dev.runnermetrics.exporter.app;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Writes a state a save interval after it changed, on a thread of its own that sleeps while nothing is pending (a
 * timer firing every interval would wake an idle exporter for nothing). The thread starts with the first change.
 */
final class DelayedSave implements AutoCloseable {

    private final String name;
    private final Runnable save;
    private final Duration delay;
    private ScheduledExecutorService executor;
    private boolean pending;
    private boolean closed;

    DelayedSave(String name, Duration delay, Runnable save) {
        this.name = name;
        this.delay = delay;
        this.save = save;
    }

    /** Something changed: saved once within the delay, however many changes come until then. */
    synchronized void changed() {
        if (pending || closed) {
            return;
        }
        if (executor == null) {
            ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
                Thread thread = new Thread(r, name);
                thread.setDaemon(true);
                return thread;
            });
            pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() drops what is pending
            executor = pool;
        }
        pending = true;
        executor.schedule(this::run, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        synchronized (this) {
            pending = false;
        }
        save.run();
    }

    /**
     * Stops the thread: a pending save is dropped, a running one finishes (it is not interrupted mid-write); the
     * caller saves once more itself. Waits outside the lock, which a finishing save takes.
     */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            closed = true;
            running = executor;
        }
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
