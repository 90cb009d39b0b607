package dev.runnermetrics.demo.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/** Real time, or a simulated clock (--bake, tests); --seconds is enforced here. */
public final class Clock {

    /** Thrown by {@link #sleep} once --seconds have passed: the replay stops wherever it is, as a killed runner. */
    public static final class Deadline extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Deadline() {
            super(null, null, false, false);
        }
    }

    private Instant simulated;
    private final Instant deadline;
    private final Random jitter = new Random(7); // sub-millisecond noise, as a real clock has

    /**
     * @param simulatedStart null for real time, else the simulated clock's start (then sleeping takes no time)
     * @param deadline       null to run until killed
     */
    public Clock(Instant simulatedStart, Instant deadline) {
        this.simulated = simulatedStart;
        this.deadline = deadline;
    }

    public Instant now() {
        return simulated != null ? simulated : Instant.now();
    }

    public void sleep(long ms) {
        if (simulated != null) {
            simulated = simulated.plusMillis(ms).plusNanos(jitter.nextInt(1_000_000) / 100 * 100L);
            // A test's simulated replay stops as a real one does; --bake has no deadline.
            if (deadline != null && !simulated.isBefore(deadline)) throw new Deadline();
            return;
        }
        try {
            long left = deadline == null ? ms : Math.min(ms, Duration.between(Instant.now(), deadline).toMillis());
            if (left > 0) Thread.sleep(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (deadline != null && !Instant.now().isBefore(deadline)) throw new Deadline();
    }
}
