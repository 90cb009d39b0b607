package dev.runnermetrics.exporter.github.api;

import static dev.runnermetrics.catalogue.Catalogue.QUEUE_TIME;

import dev.runnermetrics.exporter.github.model.Histogram;
import dev.runnermetrics.exporter.github.model.LabelCap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The REST API client's queue-time figures and the lookups still pending, as one copy: saved in the state file with
 * the offsets of the jobs they came from, so after a crash each job is either here or read again from the logs.
 * Plain fields, persisted as they are.
 */
public final class QueueTimeState {

    public static final int FORMAT = 1;
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,19}");

    public int format = FORMAT;
    public List<Series> queueTime = new ArrayList<>();
    public Map<String, Long> dropped = new TreeMap<>();
    public Map<String, Long> failed = new TreeMap<>();
    public LabelCap labels = new LabelCap();
    /** Jobs handed over and not looked up yet, oldest first. */
    public List<PendingLookup> pending = new ArrayList<>();

    /** One queue-time series: key (runner_name, runner_type, runner_group, runs_on, repository) and histogram. */
    public static final class Series {
        public List<String> key;
        public Histogram histogram;

        Series() {
        }

        Series(List<String> key, Histogram histogram) {
            this.key = key;
            this.histogram = histogram;
        }
    }

    /** A job to look up and how many tries it has had. */
    public static final class PendingLookup {
        public String runnerName;
        public String runnerType;
        public String repository;
        public String runId;
        public String attempt;
        public String name;
        public Instant seenAt;
        public int attempts;
    }

    /** Whether a job message names its run as a lookup needs: these go into a request path. */
    static boolean lookupable(String repository, String runId, String attempt) {
        return repository != null && REPOSITORY.matcher(repository).matches() && runId != null
                && NUMBER.matcher(runId).matches() && attempt != null && NUMBER.matcher(attempt).matches();
    }

    /** Whether a state read from a file has every part, in the shape the client makes (not edited by hand). */
    public boolean complete() {
        if (format != FORMAT || queueTime == null || dropped == null || failed == null || labels == null
                || labels.seen == null || labels.overflow == null || pending == null
                || dropped.containsValue(null) || failed.containsValue(null) || labels.seen.containsValue(null)
                || labels.overflow.containsValue(null)) {
            return false;
        }
        for (Set<String> values : labels.seen.values()) {
            if (values.contains(null)) {
                return false;
            }
        }
        for (Series s : queueTime) {
            if (s == null || s.key == null || s.key.size() != 5 || s.key.contains(null) || s.histogram == null
                    || s.histogram.buckets == null || s.histogram.buckets.length != QUEUE_TIME.buckets().size() + 1) {
                return false;
            }
        }
        for (PendingLookup p : pending) {
            // Only what the log poller would hand over.
            if (p == null || p.runnerName == null || p.runnerType == null || p.name == null || p.seenAt == null
                    || !lookupable(p.repository, p.runId, p.attempt) || p.attempts < 1
                    || p.attempts > QueueTimeLookups.MAX_ATTEMPTS) {
                return false;
            }
        }
        return true;
    }
}
