package dev.runnermetrics.exporter.github.webhook;

import static dev.runnermetrics.catalogue.Catalogue.DEPLOYMENT_LEAD_TIME;
import static dev.runnermetrics.catalogue.Catalogue.DEPLOYMENT_TIME_TO_RESTORE;
import static dev.runnermetrics.catalogue.Catalogue.QUEUE_TIME;

import dev.runnermetrics.exporter.github.dora.Environment;
import dev.runnermetrics.exporter.github.dora.PendingLeadTime;
import dev.runnermetrics.exporter.metrics.Histogram;
import dev.runnermetrics.exporter.metrics.SeriesKey;
import dev.runnermetrics.exporter.github.jobs.TrackedJob;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Rejects a webhook state file that parses but is not whole (a missing histogram, a series key of the wrong shape):
 * such a file is set aside like an unparseable one instead of failing every scrape (found by StateFilesFuzzTest).
 */
final class GithubStateCheck {

    private GithubStateCheck() {
    }

    static void requireComplete(GithubState s) throws IOException {
        for (Map.Entry<Long, TrackedJob> e : s.jobs().entrySet()) {
            present(e.getValue(), "job " + e.getKey());
        }
        for (Map.Entry<String, Histogram> e : s.queueTime().entrySet()) {
            key(e.getKey(), 5, "queue time");
            histogram(e.getValue(), QUEUE_TIME.buckets().size(), "queue time");
        }
        for (Map.Entry<String, Long> e : s.completed().entrySet()) {
            key(e.getKey(), 6, "completed jobs");
            present(e.getValue(), "completed jobs count");
        }
        s.dropped().values().forEach(v -> present(v, "dropped count"));
        present(s.labels().seen(), "label values").values().forEach(v -> present(v, "label values"));
        present(s.labels().overflow(), "label overflow").values().forEach(v -> present(v, "label overflow"));
        for (Map.Entry<String, Environment> e : s.environments().entrySet()) {
            key(e.getKey(), 2, "environment");
            Environment env = present(e.getValue(), "environment");
            histogram(env.leadTime(), DEPLOYMENT_LEAD_TIME.buckets().size(), "lead time");
            histogram(env.timeToRestore(), DEPLOYMENT_TIME_TO_RESTORE.buckets().size(), "time to restore");
        }
        for (List<PendingLeadTime> pending : s.pendingLeadTimes().values()) {
            for (PendingLeadTime p : present(pending, "pending lead times")) {
                present(present(p, "pending lead time").series(), "pending lead time series");
                present(p.deployedAt(), "pending lead time deployment");
            }
        }
    }

    private static void key(String key, int parts, String what) throws IOException {
        if (SeriesKey.parse(key).size() != parts) {
            throw new IOException(what + " series key has not " + parts + " label values");
        }
    }

    private static void histogram(Histogram h, int bounds, String what) throws IOException {
        if (present(h, what).size() != bounds + 1) {
            throw new IOException(what + " histogram has not " + (bounds + 1) + " buckets");
        }
    }

    private static <T> T present(T value, String what) {
        if (value == null) {
            throw new IllegalStateException(what + " is missing");
        }
        return value;
    }
}
