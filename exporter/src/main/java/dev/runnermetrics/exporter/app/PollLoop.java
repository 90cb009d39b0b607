package dev.runnermetrics.exporter.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The reader's one thread: reads the logs when a file event comes or {@link PollSchedule} says so, and writes the
 * state file when it changed and the save interval has passed. Nothing else wakes it, so an idle exporter sleeps for
 * a safety interval at a time.
 */
final class PollLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(PollLoop.class);
    /** Reads after an event are this far apart at least, so a burst of writes is read in a few passes, not one each. */
    static final Duration EVENT_GAP = Duration.ofMillis(10);

    private final ExporterEngine engine;
    private final FileEvents events;
    private final PollSchedule schedule;
    private final Clock clock;
    private final Duration saveInterval;
    private final boolean changesOutsidePolls;
    private volatile boolean stopped;
    private volatile long lastPollMillis;

    /**
     * @param changesOutsidePolls whether state changes off this thread (a job feature's lookups): the loop then
     *     wakes every save interval to save them, not only after a read
     */
    PollLoop(ExporterEngine engine, FileEvents events, PollSchedule schedule, Clock clock, Duration saveInterval,
            boolean changesOutsidePolls) {
        this.engine = engine;
        this.events = events;
        this.schedule = schedule;
        this.clock = clock;
        this.saveInterval = saveInterval;
        this.changesOutsidePolls = changesOutsidePolls;
    }

    @Override
    public void run() {
        Instant lastSave = clock.instant();
        long lastPollNanos = 0;
        while (!stopped) {
            Instant polled = clock.instant();
            lastPollNanos = System.nanoTime();
            pollSafely(polled);
            events.refresh();
            Instant now = clock.instant();
            if (!now.isBefore(lastSave.plus(saveInterval))) {
                engine.saveIfDirty();
                lastSave = now;
            }
            Instant next = schedule.next(polled, now);
            if (changesOutsidePolls || engine.dirty()) {
                Instant save = lastSave.plus(saveInterval);
                next = save.isBefore(next) ? save : next;
            }
            try {
                if (events.await(Duration.between(now, next)) && !stopped) {
                    schedule.changed(clock.instant());
                    long sinceMillis = (System.nanoTime() - lastPollNanos) / 1_000_000;
                    if (sinceMillis < EVENT_GAP.toMillis()) {
                        Thread.sleep(EVENT_GAP.toMillis() - sinceMillis);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void pollSafely(Instant at) {
        try {
            // A runner the discovery cannot name yet (a pod the Kubernetes API is about to tell) is looked at again
            // at the poll interval: nothing on disk would wake the reader when the API answers.
            if (engine.poll() || engine.discoveryWaiting()) {
                schedule.changed(at);
            }
            lastPollMillis = clock.millis();
        } catch (RuntimeException e) {
            // One bad poll must not stop polling for good; retried at the poll interval.
            schedule.changed(at);
            LOG.error("Polling the runner logs failed; retrying", e);
        }
    }

    /** Wall-clock millis of the last completed read, 0 before the first. */
    long lastPollMillis() {
        return lastPollMillis;
    }

    /** Ends the loop; the caller joins the thread and saves once more. */
    void stop() {
        stopped = true;
        events.close();
    }
}
