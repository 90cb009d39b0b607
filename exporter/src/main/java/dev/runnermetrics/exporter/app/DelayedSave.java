package dev.runnermetrics.exporter.app;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, name);
                thread.setDaemon(true);
                return thread;
            });
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

    /** Stops the thread; the caller saves once more itself. */
    @Override
    public synchronized void close() {
        closed = true;
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
