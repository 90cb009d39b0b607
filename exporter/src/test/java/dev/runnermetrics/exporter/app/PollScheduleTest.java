package dev.runnermetrics.exporter.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PollScheduleTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration ACTIVE = Duration.ofMillis(5_250);
    private static final Duration SAFETY = Duration.ofSeconds(10);

    private final PollSchedule schedule = new PollSchedule(POLL, ACTIVE, SAFETY);

    @Test
    void aRunnerThatNeverChangedIsReadOnlyEverySafetyInterval() {
        assertFalse(schedule.active(T0));
        assertEquals(T0.plus(SAFETY), schedule.next(T0, T0));
    }

    @Test
    void afterAChangeTheLogsAreReadEveryPollIntervalUntilTheyRestedLongEnoughForTheIdleRules() {
        schedule.changed(T0);
        assertEquals(T0.plus(POLL), schedule.next(T0, T0));
        Instant lastActive = T0.plus(ACTIVE).minusMillis(1);
        assertEquals(lastActive.plus(POLL), schedule.next(lastActive, lastActive));
        Instant rested = T0.plus(ACTIVE);
        assertEquals(rested.plus(SAFETY), schedule.next(rested, rested));
    }

    @Test
    void anOlderChangeDoesNotShortenTheActiveTime() {
        schedule.changed(T0.plusSeconds(5));
        schedule.changed(T0);
        assertTrue(schedule.active(T0.plusSeconds(10)));
    }

    @Test
    void aSafetyIntervalShorterThanThePollIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new PollSchedule(Duration.ofSeconds(1), ACTIVE, Duration.ofMillis(500)));
    }

    /**
     * The property the idle rules rely on: whatever the changes, every instant within {@code ACTIVE} of a change is
     * at most one poll interval from a read, and no two reads are further apart than the safety interval.
     */
    @Test
    void everyMomentWithinTheActiveTimeOfAChangeIsReadWithinOnePollInterval() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int run = 0; run < 200; run++) {
            PollSchedule s = new PollSchedule(POLL, ACTIVE, SAFETY);
            List<Instant> changes = new ArrayList<>();
            Instant t = T0;
            for (int i = 0; i < 20; i++) {
                t = t.plusMillis(random.nextInt(30_000));
                changes.add(t);
            }
            // Simulate the loop: an event at a change wakes a read at once.
            List<Instant> reads = new ArrayList<>();
            Instant read = T0;
            int next = 0;
            Instant end = changes.get(changes.size() - 1).plus(SAFETY.multipliedBy(2));
            while (read.isBefore(end)) {
                reads.add(read);
                Instant planned = s.next(read, read);
                if (next < changes.size() && !changes.get(next).isAfter(planned)) {
                    read = changes.get(next++);
                    s.changed(read);
                } else {
                    read = planned;
                }
            }
            for (int i = 1; i < reads.size(); i++) {
                Duration gap = Duration.between(reads.get(i - 1), reads.get(i));
                assertTrue(gap.compareTo(SAFETY) <= 0, "seed " + seed + ": gap " + gap);
            }
            for (Instant change : changes) {
                for (Instant m = change; m.isBefore(change.plus(ACTIVE)); m = m.plusMillis(97)) {
                    Instant moment = m;
                    boolean near = reads.stream().anyMatch(r -> !r.isBefore(moment) && !r.isAfter(moment.plus(POLL)));
                    assertTrue(near, "seed " + seed + ": no read within a poll interval of " + moment);
                }
            }
        }
    }
}
