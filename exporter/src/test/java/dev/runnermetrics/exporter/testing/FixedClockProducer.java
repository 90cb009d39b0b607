package dev.runnermetrics.exporter.testing;

import io.quarkus.test.Mock;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Quarkus tests run at a fixed wall-clock time a few minutes after the last line of the fixture runner's logs, so
 * uptime, silence and abandonment come out the same on every run.
 */
@Mock
@Singleton
public class FixedClockProducer {

    public static final Instant NOW = Instant.parse("2026-04-11T14:50:00Z");

    @Produces
    @Singleton
    Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }
}
