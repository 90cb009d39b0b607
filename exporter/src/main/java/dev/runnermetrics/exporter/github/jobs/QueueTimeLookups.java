package dev.runnermetrics.exporter.github.jobs;

import static dev.runnermetrics.catalogue.Catalogue.GITHUB_API_LOOKUPS_FAILED;
import static dev.runnermetrics.catalogue.Catalogue.GITHUB_OBSERVATIONS_DROPPED;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runnermetrics.exporter.github.client.ApiUnavailable;
import dev.runnermetrics.exporter.github.client.GithubApi;
import dev.runnermetrics.exporter.github.client.GithubJson;
import dev.runnermetrics.exporter.github.client.Scheduler;
import dev.runnermetrics.exporter.metrics.Histogram;
import dev.runnermetrics.exporter.metrics.Samples;
import dev.runnermetrics.exporter.logs.JobContext;
import dev.runnermetrics.exporter.metrics.SeriesKey;
import dev.runnermetrics.exporter.model.JobSeenListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Queue time of the jobs a sidecar sees in the Worker logs. For each job message it asks GitHub for the jobs of that
 * run attempt ({@code GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt}/jobs}), finds the job this
 * runner ran (runner_name and name) and observes created_at → started_at. The poll thread only hands the job over:
 * lookups run on the scheduler, at most {@code capacity} at a time (more are dropped and counted), and are tried
 * again when GitHub does not list the job yet, fails, or asks to wait. The queue times go into the same
 * {@link QueueTimes} the webhooks feed, labelled the same way (the runner is this sidecar's own, by name and type).
 * The figures and the pending lookups change together under one lock, so {@link #state()} is a consistent copy: a
 * finished lookup is in the figures or still pending, never both or neither.
 */
public final class QueueTimeLookups implements JobSeenListener {

    private static final Logger LOG = Logger.getLogger(QueueTimeLookups.class);
    public static final int MAX_ATTEMPTS = 5;
    public static final Duration RETRY_DELAY = Duration.ofSeconds(30);
    /** A lookup GitHub keeps deferring (rate limit) is given up after this long. */
    static final Duration GIVE_UP_AFTER = Duration.ofDays(1);
    private static final int REMEMBERED = 4096;

    private final GithubApi api;
    /** Guards the figures, {@code pending} and {@code changes}. */
    private final Object lock = new Object();
    private final Map<String, Histogram> series = new TreeMap<>();
    private final Map<String, Long> dropped = new TreeMap<>();
    private final Map<String, Long> failed = new TreeMap<>();
    private final LabelCap labels;
    private final QueueTimes queueTimes;
    private final Scheduler scheduler;
    private final Clock clock;
    private final int capacity;
    /** Jobs older than this when read are history and not looked up; null after a restart (none is). */
    private final Duration maxAge;
    /** Lookups handed over and not finished, by job key; guarded by {@code lock}, as is {@code changes}. */
    private final Map<String, Lookup> pending = new LinkedHashMap<>();
    private long changes;
    /**
     * Runners gone for good (node mode) with lookups still pending, whose queue times go to their type's series;
     * guarded by {@code lock}. Not saved: after a restart such a late answer keeps its runner's name in the state
     * file (the engine writes it without, so the figures are the same).
     */
    private final Set<String> gone = new HashSet<>();
    /** Jobs already handed over, so a Worker log read twice is looked up once. */
    private final Map<String, Boolean> remembered = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > Math.max(REMEMBERED, capacity);
        }
    };

    /** One job to look up. */
    private record Lookup(String runnerName, String runnerType, String repository, String runId, String attempt,
            String name, Instant seenAt, int attempts) {
        Lookup again() {
            return new Lookup(runnerName, runnerType, repository, runId, attempt, name, seenAt, attempts + 1);
        }

        String key() {
            return key(runnerName, repository, runId, attempt, name);
        }

        static String key(String runnerName, String repository, String runId, String attempt, String name) {
            return runnerName + "\u001f" + repository + "\u001f" + runId + "\u001f" + attempt + "\u001f" + name;
        }

        QueueTimeState.PendingLookup persisted() {
            return new QueueTimeState.PendingLookup(runnerName, runnerType, repository, runId, attempt, name, seenAt,
                    attempts);
        }
    }

    /**
     * @param settings labels the figures as the webhook figures are labelled
     * @param restored the figures and lookups pending in the state file, null when the state file had no queue-time
     *        part (a first start: the logs read now are history, so old jobs are not looked up); {@link #resume()}
     *        starts the lookups
     */
    public QueueTimeLookups(GithubApi api, GithubSettings settings, Scheduler scheduler, Clock clock, int capacity,
            Duration maxAge, QueueTimeState restored) {
        this.api = api;
        this.labels = restored != null ? restored.labels().sortedCopy() : new LabelCap();
        this.queueTimes = new QueueTimes(settings, series, labels, dropped);
        if (restored != null) {
            restored.queueTime().forEach(s -> series.put(new SeriesKey(s.key()).text(),
                    s.histogram().copy()));
            dropped.putAll(restored.dropped());
            failed.putAll(restored.failed());
        }
        this.scheduler = scheduler;
        this.clock = clock;
        this.capacity = capacity;
        // After a restart every job read again is after the saved offsets, so none is history, however old.
        this.maxAge = restored == null ? maxAge : null;
        for (QueueTimeState.PendingLookup p : restored == null ? List.<QueueTimeState.PendingLookup>of()
                : restored.pending()) {
            Lookup lookup = new Lookup(p.runnerName(), p.runnerType(), p.repository(), p.runId(), p.attempt(),
                    p.name(), p.seenAt(), p.attempts());
            pending.put(lookup.key(), lookup);
            remembered.put(lookup.key(), Boolean.TRUE);
        }
    }

    /** Starts the lookups restored from the state file (tries they had are kept). */
    public void resume() {
        List<Lookup> restored;
        synchronized (lock) {
            restored = List.copyOf(pending.values());
        }
        restored.forEach(lookup -> scheduler.schedule(() -> attempt(lookup), Duration.ZERO));
    }

    /** The figures and the pending lookups as one consistent copy, for the state file. */
    public QueueTimeState state() {
        synchronized (lock) {
            List<QueueTimeState.Series> copy = new ArrayList<>();
            series.forEach((k, v) -> copy.add(new QueueTimeState.Series(SeriesKey.parse(k).values(), v.copy())));
            return new QueueTimeState(copy, new TreeMap<>(dropped), new TreeMap<>(failed), labels.sortedCopy(),
                    new ArrayList<>(pending.values().stream().map(Lookup::persisted).toList()));
        }
    }

    /** The queue times, the ones not observed and the lookups that failed, by reason. */
    public void expose(Samples samples) {
        synchronized (lock) {
            queueTimes.expose(samples);
            dropped.forEach((reason, n) -> samples.value(GITHUB_OBSERVATIONS_DROPPED, Map.of("reason", reason), n));
            failed.forEach((reason, n) -> samples.value(GITHUB_API_LOOKUPS_FAILED, Map.of("reason", reason), n));
        }
    }

    /**
     * A runner that comes and goes (node mode) went for good: its queue-time series join its type's (runner_name
     * "", which the engine does not write there), so the figures do not keep a series per pod; a lookup of it still
     * pending is observed into its type's when it ends.
     */
    public void runnerGone(String runnerName, String runnerType) {
        synchronized (lock) {
            if (queueTimes.fold(runnerName, runnerType)) {
                changes++;
            }
            gone.removeIf(name -> pending.values().stream().noneMatch(l -> l.runnerName().equals(name)));
            if (pending.values().stream().anyMatch(l -> l.runnerName().equals(runnerName))) {
                gone.add(runnerName);
            }
        }
    }

    /** Counts changes to {@link #state()}: the state file is written again when a lookup ends off the poll thread. */
    public long changes() {
        synchronized (lock) {
            return changes;
        }
    }

    @Override
    public void jobSeen(String runnerName, String runnerType, Instant seenAt, JobContext context) {
        try {
            hand(runnerName, runnerType, seenAt, context);
        } catch (RuntimeException e) {
            // Never disturb log ingestion.
            change(() -> failed("request_failed"), null);
            LOG.warnf("Queue-time lookup not started: %s", e.toString());
        }
    }

    private void hand(String runnerName, String runnerType, Instant seenAt, JobContext c) {
        Instant now = clock.instant();
        if (maxAge != null && seenAt != null && seenAt.plus(maxAge).isBefore(now)) {
            return; // history read at the first start: not worth a request per old job
        }
        String key = Lookup.key(runnerName, c.repository(), c.runId(), c.runAttempt(), c.displayName());
        synchronized (remembered) {
            if (remembered.put(key, Boolean.TRUE) != null) {
                return;
            }
        }
        if (c.environment() != null && !c.environment().isEmpty()) {
            // A job with a deployment environment may have waited for an approval, which the API's job object
            // cannot separate from queue time: not observed, as on the webhook side.
            change(() -> queueTimes.dropped(QueueTimes.APPROVAL_WAIT_UNKNOWN), null);
            return;
        }
        if (!QueueTimeState.lookupable(c.repository(), c.runId(), c.runAttempt()) || c.displayName() == null) {
            change(() -> failed("incomplete_job_message"), null);
            return;
        }
        Lookup lookup = new Lookup(runnerName, runnerType, c.repository(), c.runId(), c.runAttempt(),
                c.displayName(), seenAt != null ? seenAt : now, 1);
        synchronized (lock) {
            if (pending.size() >= capacity) {
                change(() -> failed("queue_full"), null);
                return;
            }
            change(() -> pending.put(key, lookup), null);
        }
        scheduler.schedule(() -> attempt(lookup), Duration.ZERO);
    }

    /** Lookups handed over and not finished. */
    public int pending() {
        synchronized (lock) {
            return pending.size();
        }
    }

    /**
     * Changes the figures and ends a lookup ({@code done}, null for none) in one step, so no copy for the state file
     * sees one without the other.
     */
    private void change(Runnable figure, Lookup done) {
        synchronized (lock) {
            figure.run();
            if (done != null) {
                pending.remove(done.key());
            }
            changes++;
        }
    }

    private void attempt(Lookup lookup) {
        Instant now = clock.instant();
        List<JsonNode> pages;
        try {
            pages = api.getAll("jobs", "/repos/" + lookup.repository() + "/actions/runs/" + lookup.runId()
                    + "/attempts/" + lookup.attempt() + "/jobs", false);
        } catch (ApiUnavailable e) {
            if (ApiUnavailable.INTERRUPTED.equals(e.reason())) {
                return; // stopping: the lookup stays pending with the tries it had, saved and resumed at the next start
            }
            if (ApiUnavailable.DEFERRED.equals(e.reason())) {
                if (lookup.seenAt().plus(GIVE_UP_AFTER).isBefore(now)) {
                    change(() -> failed("request_failed"), lookup);
                } else {
                    scheduler.schedule(() -> attempt(lookup), Duration.between(now, e.retryAt()));
                }
                return;
            }
            retry(lookup, "request_failed", e.retryAt(), now);
            return;
        } catch (RuntimeException e) {
            LOG.warnf("Queue-time lookup failed: %s", e.toString());
            retry(lookup, "request_failed", null, now);
            return;
        }
        try {
            observe(lookup, pages, now);
        } catch (RuntimeException e) {
            // An answer this code cannot take must end the lookup, not leave it pending for good.
            LOG.warnf("Queue-time lookup failed on GitHub's answer: %s", e.toString());
            change(() -> failed("request_failed"), lookup);
        }
    }

    private void observe(Lookup lookup, List<JsonNode> pages, Instant now) {
        JsonNode job = find(pages, lookup);
        if (job == null) {
            retry(lookup, "job_not_found", null, now);
            return;
        }
        String status = job.path("status").asText("");
        Instant created = GithubJson.time(job.path("created_at"));
        Instant started = GithubJson.time(job.path("started_at"));
        // Queued jobs carry a placeholder started_at: only in_progress and completed ones have the real one.
        if (!(status.equals("in_progress") || status.equals("completed")) || created == null || started == null) {
            retry(lookup, "not_started", null, now);
            return;
        }
        change(() -> queueTimes.observe(gone.contains(lookup.runnerName()) ? QueueTimes.TYPE_ONLY
                : lookup.runnerName(), lookup.runnerType(),
                GithubJson.text(job.path("runner_group_name")), GithubJson.runsOn(job), lookup.repository(), created,
                started), lookup);
    }

    private static JsonNode find(List<JsonNode> pages, Lookup lookup) {
        for (JsonNode page : pages) {
            for (JsonNode job : page.path("jobs")) {
                if (lookup.name().equals(job.path("name").asText(null))
                        && lookup.runnerName().equals(job.path("runner_name").asText(null))) {
                    return job;
                }
            }
        }
        return null;
    }

    private void failed(String reason) {
        failed.merge(reason, 1L, Long::sum);
    }

    private void retry(Lookup lookup, String reason, Instant notBefore, Instant now) {
        if (lookup.attempts() >= MAX_ATTEMPTS) {
            change(() -> failed(reason), lookup);
            return;
        }
        Duration delay = RETRY_DELAY;
        if (notBefore != null && Duration.between(now, notBefore).compareTo(delay) > 0) {
            delay = Duration.between(now, notBefore);
        }
        Lookup next = lookup.again();
        change(() -> pending.put(next.key(), next), null); // the state file keeps the tries made
        scheduler.schedule(() -> attempt(next), delay);
    }
}
