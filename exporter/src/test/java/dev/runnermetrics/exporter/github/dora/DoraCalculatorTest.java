package dev.runnermetrics.exporter.github.dora;

import static dev.runnermetrics.catalogue.DeploymentResult.FAILURE;
import static dev.runnermetrics.catalogue.DeploymentResult.SUCCESS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.runnermetrics.catalogue.DeploymentResult;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import dev.runnermetrics.exporter.github.jobs.GithubSettings;
import dev.runnermetrics.exporter.metrics.SeriesKey;
import org.junit.jupiter.api.Test;

/** A scripted day of deployments, failures and restores, with the figures worked out by hand. */
class DoraCalculatorTest {

    private static final String REPO = "octo-org/shop";
    private final DoraState state = new DoraState();
    private final DoraCalculator dora = new DoraCalculator(state, GithubSettings.defaults(Map.of()));

    @Test
    void scriptedSequence() {
        // 1. c1 committed 10:00, deployed 10:30: lead time 1800 s.
        dora.commit("c1", t("10:00"));
        deploy("d1", "production", "c1", SUCCESS, "10:30", null);
        // 2. c2 fails at 11:00, c3 fails again at 11:20: the service is down since 11:00.
        deploy("d2", "production", "c2", FAILURE, "11:00", null);
        deploy("d3", "production", "c3", FAILURE, "11:20", null);
        // 3. c4 (commit time carried by the event: 11:30) succeeds at 12:00: restored after 3600 s, lead 1800 s.
        deploy("d4", "production", "c4", SUCCESS, "12:00", "11:30");
        // the same deployment reported again counts once
        assertFalse(dora.deployment(new DeploymentEvent("d4", REPO, "production", "c4", SUCCESS, t("12:00"), null)));
        // 4. c5 succeeds at 13:00; its commit time (12:00) arrives afterwards: lead 3600 s.
        deploy("d5", "production", "c5", SUCCESS, "13:00", null);
        dora.commit("c5", t("12:00"));
        // 5. failure at 14:00, restored at 14:05: 300 s.
        deploy("d6", "production", "c6", FAILURE, "14:00", null);
        deploy("d7", "production", "c7", SUCCESS, "14:05", "14:10"); // a commit "after" its deployment: clock skew
        // 6. another environment fails and stays failed: no restore there, none mixed into production.
        deploy("d8", "production-eu", "c6", FAILURE, "14:00", null);

        Environment prod = state.environments().get(SeriesKey.of(REPO, "production").text());
        assertEquals(4, prod.successes());
        assertEquals(3, prod.failures());
        // lead times 1800, 1800, 3600 (d7's negative one dropped); buckets 300, 900, 1800, 3600, ...
        assertEquals(3, prod.leadTime().count());
        assertEquals(7200.0, prod.leadTime().sum());
        assertArrayEquals(new long[] {0, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, prod.leadTime().buckets());
        // restores 3600 (11:00 → 12:00) and 300 (14:00 → 14:05)
        assertEquals(2, prod.timeToRestore().count());
        assertEquals(3900.0, prod.timeToRestore().sum());
        assertArrayEquals(new long[] {1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, prod.timeToRestore().buckets());
        assertNull(prod.failingSince());
        assertEquals(1L, state.dropped().get("negative_lead_time"));

        Environment eu = state.environments().get(SeriesKey.of(REPO, "production-eu").text());
        assertEquals(0, eu.successes());
        assertEquals(1, eu.failures());
        assertEquals(0, eu.timeToRestore().count());
        assertEquals(t("14:00"), eu.failingSince());
    }

    /** A failure reported after the success that followed it still gives its time to restore. */
    @Test
    void lateFailureIsRestoredByTheEarlierReportedSuccess() {
        deploy("d1", "production", "c1", SUCCESS, "09:00", null);
        deploy("d3", "production", "c3", SUCCESS, "10:10", null);
        deploy("d2", "production", "c2", FAILURE, "10:00", null);
        Environment prod = state.environments().get(SeriesKey.of(REPO, "production").text());
        assertEquals(1, prod.timeToRestore().count());
        assertEquals(600.0, prod.timeToRestore().sum());
        assertNull(prod.failingSince());
    }

    private void deploy(String key, String env, String sha, DeploymentResult result, String time, String commit) {
        dora.deployment(new DeploymentEvent(key, REPO, env, sha, result, t(time), commit == null ? null : t(commit)));
    }

    private static Instant t(String hhmm) {
        return Instant.parse("2026-11-20T" + hhmm + ":00Z");
    }
}
