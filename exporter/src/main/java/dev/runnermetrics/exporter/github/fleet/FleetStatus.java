package dev.runnermetrics.exporter.github.fleet;

import static dev.runnermetrics.catalogue.Catalogue.FLEET_RUNNER_BUSY;
import static dev.runnermetrics.catalogue.Catalogue.FLEET_RUNNER_ONLINE;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runnermetrics.exporter.config.Setting;
import dev.runnermetrics.exporter.github.client.ApiUnavailable;
import dev.runnermetrics.exporter.github.client.GithubApi;
import dev.runnermetrics.exporter.metrics.Samples;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The organisation's or repository's runners as GitHub lists them (online, busy), polled every poll interval.
 * The last complete listing is kept while polls fail, but not for ever: once it is older than three intervals (at
 * least 15 minutes) the figures are unknown again and absent. Thread-safe.
 */
public final class FleetStatus {

    private static final Logger LOG = Logger.getLogger(FleetStatus.class);
    private static final Pattern ANY = Pattern.compile(".*");
    private static final int MAX_OS_VALUES = 10;

    /** Per runner_name and os: runners online, runners busy. */
    record Counts(long online, long busy) {
    }

    private final GithubApi api;
    private final String path;
    private final Duration interval;
    private final int maxRunnerNames;
    private final Clock clock;
    private final Map<String, Set<String>> seenNames = new HashMap<>();
    private final Map<String, Long> overflow = new HashMap<>();
    private Map<List<String>, Counts> fleet;
    private Instant fetchedAt;
    private Instant nextPoll;
    private boolean capLogged;

    public FleetStatus(GithubApi api, String path, Duration interval, int maxRunnerNames, Clock clock) {
        this.api = api;
        this.path = path;
        this.interval = interval;
        this.maxRunnerNames = maxRunnerNames;
        this.clock = clock;
    }

    /** /orgs/{org}/actions/runners or /repos/{owner}/{repo}/actions/runners. */
    public static String path(String org, String repository) {
        return org != null ? "/orgs/" + org + "/actions/runners" : "/repos/" + repository + "/actions/runners";
    }

    /** Polls when due: the interval passed and any wait GitHub asked for (or back-off) is over. Called each second. */
    public void pollIfDue() {
        Instant now = clock.instant();
        synchronized (this) {
            if (nextPoll != null && now.isBefore(nextPoll)) {
                return;
            }
        }
        Instant next = now.plus(interval);
        try {
            List<JsonNode> pages = api.getAll("runners", path, true);
            Map<List<String>, Counts> counted = count(pages);
            synchronized (this) {
                fleet = counted;
                fetchedAt = now;
            }
        } catch (ApiUnavailable e) {
            if (e.retryAt() != null && e.retryAt().isAfter(next)) {
                next = e.retryAt(); // GitHub's wait or the back-off, when longer than the interval
            }
        }
        synchronized (this) {
            nextPoll = next;
        }
    }

    private synchronized Map<List<String>, Counts> count(List<JsonNode> pages) {
        Map<List<String>, Counts> counted = new TreeMap<>((a, b) -> String.join("\u001f", a)
                .compareTo(String.join("\u001f", b)));
        for (JsonNode page : pages) {
            for (JsonNode runner : page.path("runners")) {
                String name = runner.path("name").asText("");
                if (name.isEmpty()) {
                    continue;
                }
                String capped = JobLabelPolicy.cap("runner_name", name, ANY, maxRunnerNames, seenNames, overflow);
                if (JobLabelPolicy.OTHER.equals(capped) && !capLogged) {
                    LOG.warnf("More than %d runner names in the fleet; further runners are counted as \"other\" "
                            + "(" + Setting.API_MAX_RUNNER_NAMES + ")", maxRunnerNames);
                    capLogged = true;
                }
                String os = JobLabelPolicy.cap("os", runner.path("os").asText("").toLowerCase(), ANY, MAX_OS_VALUES,
                        seenNames, overflow);
                long online = "online".equals(runner.path("status").asText()) ? 1 : 0;
                long busy = runner.path("busy").asBoolean(false) ? 1 : 0;
                counted.merge(List.of(capped, os), new Counts(online, busy),
                        (x, y) -> new Counts(x.online() + y.online(), x.busy() + y.busy()));
            }
        }
        return counted;
    }

    /** Runners online and busy by runner_name and os; absent while unknown. */
    public void expose(Samples samples) {
        Map<List<String>, Counts> runners = fleet();
        if (runners != null) {
            runners.forEach((key, counts) -> {
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("runner_name", key.get(0));
                labels.put("os", key.get(1));
                samples.value(FLEET_RUNNER_ONLINE, labels, counts.online());
                samples.value(FLEET_RUNNER_BUSY, labels, counts.busy());
            });
        }
    }

    /** runner_name and os → counts; null when unknown (no complete listing yet, or the last is too old). */
    synchronized Map<List<String>, Counts> fleet() {
        if (fleet == null) {
            return null;
        }
        Duration keep = interval.multipliedBy(3);
        if (keep.compareTo(Duration.ofMinutes(15)) < 0) {
            keep = Duration.ofMinutes(15);
        }
        return fetchedAt.plus(keep).isBefore(clock.instant()) ? null : fleet;
    }
}
