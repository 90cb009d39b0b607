package dev.runnermetrics.exporter.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DelayedSaveTest {

    @Test
    void manyChangesWithinTheDelayAreSavedOnce() throws InterruptedException {
        AtomicInteger saves = new AtomicInteger();
        CountDownLatch saved = new CountDownLatch(1);
        DelayedSave save = new DelayedSave("test-saver", Duration.ofMillis(200), () -> {
            saves.incrementAndGet();
            saved.countDown();
        });
        for (int i = 0; i < 50; i++) {
            save.changed();
        }
        assertTrue(saved.await(5, TimeUnit.SECONDS));
        Thread.sleep(300);
        assertEquals(1, saves.get());
        save.changed();
        Thread.sleep(400);
        assertEquals(2, saves.get(), "a change after a save is saved again");
        save.close();
    }

    @Test
    void closeDropsAPendingSaveAndWaitsForARunningOneWithoutBlockingIt() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        DelayedSave save = new DelayedSave("test-saver", Duration.ofMillis(10), () -> {
            running.countDown();
            sleep(300);
            finished.incrementAndGet();
        });
        save.changed();
        assertTrue(running.await(5, TimeUnit.SECONDS));
        long start = System.nanoTime();
        save.close();
        assertEquals(1, finished.get(), "the running save finished, not interrupted");
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "close did not wait its 5 s limit");

        AtomicInteger pendingRan = new AtomicInteger();
        DelayedSave later = new DelayedSave("test-saver", Duration.ofSeconds(1), pendingRan::incrementAndGet);
        later.changed();
        later.close();
        Thread.sleep(1_300);
        assertEquals(0, pendingRan.get(), "the caller saves at close; the pending save is dropped");
        later.changed();
        Thread.sleep(50);
        assertEquals(0, pendingRan.get(), "nothing is scheduled after close");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
