package dev.runnermetrics.exporter.github.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runnermetrics.exporter.logs.JobContext;
import dev.runnermetrics.exporter.model.JobSeenListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Queue time of the jobs a sidecar sees in the Worker logs. For each job message it asks GitHub for the jobs of that
 * run attempt ({@code GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt}/jobs}), finds the job this
 * runner ran (runner_name and name) and observes created_at → started_at. The poll thread only hands the job over:
 * lookups run on the scheduler, at most {@code capacity} at a time (more are dropped and counted), and are tried
 * again when GitHub does not list the job yet, fails, or asks to wait.
 */
final class QueueTimeLookups implements JobSeenListener {

    private static final Logger LOG = Logger.getLogger(QueueTimeLookups.class);
    static final int MAX_ATTEMPTS = 5;
    static final Duration RETRY_DELAY = Duration.ofSeconds(30);
    /** A lookup GitHub keeps deferring (rate limit) is given up after this long. */
    static final Duration GIVE_UP_AFTER = Duration.ofDays(1);
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,19}");
    private static final int REMEMBERED = 4096;

    private final GithubApi api;
    private final QueueTimeFigures figures;
    private final Scheduler scheduler;
    private final Clock clock;
    private final int capacity;
    private final Duration maxAge;
    private final AtomicInteger pending = new AtomicInteger();
    /** Jobs already handed over, so a Worker log read twice is looked up once. */
    private final Map<String, Boolean> remembered = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** One job to look up. */
    private record Lookup(String runnerName, String runnerType, String repository, String runId, String attempt,
            String name, Instant seenAt, int attempts) {
        Lookup again() {
            return new Lookup(runnerName, runnerType, repository, runId, attempt, name, seenAt, attempts + 1);
        }
    }

    QueueTimeLookups(GithubApi api, QueueTimeFigures figures, Scheduler scheduler, Clock clock, int capacity,
            Duration maxAge) {
        this.api = api;
        this.figures = figures;
        this.scheduler = scheduler;
        this.clock = clock;
        this.capacity = capacity;
        this.maxAge = maxAge;
    }

    @Override
    public void jobSeen(String runnerName, String runnerType, Instant seenAt, JobContext context) {
        try {
            hand(runnerName, runnerType, seenAt, context);
        } catch (RuntimeException e) {
            // Never disturb log ingestion.
            figures.failed("request_failed");
            LOG.warnf("Queue-time lookup not started: %s", e.toString());
        }
    }

    private void hand(String runnerName, String runnerType, Instant seenAt, JobContext c) {
        Instant now = clock.instant();
        if (seenAt != null && seenAt.plus(maxAge).isBefore(now)) {
            return; // history read at the first start: not worth a request per old job
        }
        String key = runnerName + "\u001f" + c.repository() + "\u001f" + c.runId() + "\u001f" + c.runAttempt()
                + "\u001f" + c.displayName();
        synchronized (remembered) {
            if (remembered.put(key, Boolean.TRUE) != null) {
                return;
            }
        }
        if (c.environment() != null && !c.environment().isEmpty()) {
            // A job with a deployment environment may have waited for an approval, which the API's job object
            // cannot separate from queue time: not observed, as on the webhook side.
            figures.dropped("approval_wait_unknown");
            return;
        }
        if (c.repository() == null || !REPOSITORY.matcher(c.repository()).matches() || c.runId() == null
                || !NUMBER.matcher(c.runId()).matches() || c.runAttempt() == null
                || !NUMBER.matcher(c.runAttempt()).matches() || c.displayName() == null) {
            figures.failed("incomplete_job_message");
            return;
        }
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            figures.failed("queue_full");
            return;
        }
        Lookup lookup = new Lookup(runnerName, runnerType, c.repository(), c.runId(), c.runAttempt(),
                c.displayName(), seenAt != null ? seenAt : now, 1);
        scheduler.schedule(() -> attempt(lookup), Duration.ZERO);
    }

    /** Lookups handed over and not finished. */
    int pending() {
        return pending.get();
    }

    private void attempt(Lookup lookup) {
        Instant now = clock.instant();
        List<JsonNode> pages;
        try {
            pages = api.getAll("jobs", "/repos/" + lookup.repository() + "/actions/runs/" + lookup.runId()
                    + "/attempts/" + lookup.attempt() + "/jobs", false);
        } catch (ApiUnavailable e) {
            if (ApiUnavailable.DEFERRED.equals(e.reason())) {
                if (lookup.seenAt().plus(GIVE_UP_AFTER).isBefore(now)) {
                    finish("request_failed");
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
        JsonNode job = find(pages, lookup);
        if (job == null) {
            retry(lookup, "job_not_found", null, now);
            return;
        }
        String status = job.path("status").asText("");
        Instant created = GithubApi.time(job.path("created_at").asText(""));
        Instant started = GithubApi.time(job.path("started_at").asText(""));
        // Queued jobs carry a placeholder started_at: only in_progress and completed ones have the real one.
        if (!(status.equals("in_progress") || status.equals("completed")) || created == null || started == null) {
            retry(lookup, "not_started", null, now);
            return;
        }
        double seconds = Duration.between(created, started).toMillis() / 1000.0;
        if (seconds < 0) {
            figures.dropped("negative_queue_time");
        } else {
            List<String> labels = new ArrayList<>();
            job.path("labels").forEach(l -> labels.add(l.asText()));
            labels.sort(null);
            figures.observe(lookup.runnerName(), lookup.runnerType(), text(job.path("runner_group_name")),
                    String.join(",", labels), lookup.repository(), seconds);
        }
        pending.decrementAndGet();
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

    private void retry(Lookup lookup, String reason, Instant notBefore, Instant now) {
        if (lookup.attempts() >= MAX_ATTEMPTS) {
            finish(reason);
            return;
        }
        Duration delay = RETRY_DELAY;
        if (notBefore != null && Duration.between(now, notBefore).compareTo(delay) > 0) {
            delay = Duration.between(now, notBefore);
        }
        Lookup next = lookup.again();
        scheduler.schedule(() -> attempt(next), delay);
    }

    private void finish(String reason) {
        figures.failed(reason);
        pending.decrementAndGet();
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }
}
