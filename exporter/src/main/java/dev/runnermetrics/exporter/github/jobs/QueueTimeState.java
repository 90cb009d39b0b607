package dev.runnermetrics.exporter.github.jobs;

import static dev.runnermetrics.catalogue.Catalogue.QUEUE_TIME;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.runnermetrics.exporter.metrics.Histogram;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The persisted form of the REST API's queue-time figures and the lookups still pending, as one copy: saved in the
 * state file with the offsets of the jobs they came from, so after a crash each job is either here or read again
 * from the logs. Read-only once made; a part missing from the file keeps its empty default, an explicit null makes
 * it incomplete.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class QueueTimeState {

    public static final int FORMAT = 1;
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,19}");

    private int format = FORMAT;
    private List<Series> queueTime = new ArrayList<>();
    private Map<String, Long> dropped = new TreeMap<>();
    private Map<String, Long> failed = new TreeMap<>();
    private LabelCap labels = new LabelCap();
    /** Jobs handed over and not looked up yet, oldest first. */
    private List<PendingLookup> pending = new ArrayList<>();

    QueueTimeState() {
        // for Jackson
    }

    QueueTimeState(List<Series> queueTime, Map<String, Long> dropped, Map<String, Long> failed, LabelCap labels,
            List<PendingLookup> pending) {
        this.queueTime = queueTime;
        this.dropped = dropped;
        this.failed = failed;
        this.labels = labels;
        this.pending = pending;
    }

    /** Nothing observed and nothing pending. */
    public static QueueTimeState empty() {
        return new QueueTimeState();
    }

    /** One queue-time series: key (runner_name, runner_type, runner_group, runs_on, repository) and histogram. */
    public record Series(List<String> key, Histogram histogram) {
    }

    /** A job to look up and how many tries it has had. */
    public record PendingLookup(String runnerName, String runnerType, String repository, String runId,
            String attempt, String name, Instant seenAt, int attempts) {
    }

    public List<Series> queueTime() {
        return Collections.unmodifiableList(queueTime);
    }

    public Map<String, Long> dropped() {
        return Collections.unmodifiableMap(dropped);
    }

    public Map<String, Long> failed() {
        return Collections.unmodifiableMap(failed);
    }

    LabelCap labels() {
        return labels;
    }

    public List<PendingLookup> pending() {
        return Collections.unmodifiableList(pending);
    }

    /** Whether a job message names its run as a lookup needs: these go into a request path. */
    static boolean lookupable(String repository, String runId, String attempt) {
        return repository != null && REPOSITORY.matcher(repository).matches() && runId != null
                && NUMBER.matcher(runId).matches() && attempt != null && NUMBER.matcher(attempt).matches();
    }

    /** Whether a state read from a file has every part, in the shape the client makes (not edited by hand). */
    public boolean complete() {
        if (format != FORMAT || queueTime == null || dropped == null || failed == null || labels == null
                || !labels.complete() || pending == null
                || dropped.containsValue(null) || failed.containsValue(null)) {
            return false;
        }
        for (Series s : queueTime) {
            if (s == null || s.key() == null || s.key().size() != 5 || s.key().contains(null) || s.histogram() == null
                    || s.histogram().size() != QUEUE_TIME.buckets().size() + 1) {
                return false;
            }
        }
        for (PendingLookup p : pending) {
            // Only what the log poller would hand over.
            if (p == null || p.runnerName() == null || p.runnerType() == null || p.name() == null
                    || p.seenAt() == null || !lookupable(p.repository(), p.runId(), p.attempt()) || p.attempts() < 1
                    || p.attempts() > QueueTimeLookups.MAX_ATTEMPTS) {
                return false;
            }
        }
        return true;
    }
}
