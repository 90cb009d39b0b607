package dev.runnermetrics.exporter.github.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runnermetrics.exporter.feature.JobFeature;
import dev.runnermetrics.exporter.github.jobs.GithubSettings;
import dev.runnermetrics.exporter.github.jobs.QueueTimeState;
import dev.runnermetrics.exporter.logs.JobContext;
import dev.runnermetrics.exporter.metrics.Samples;
import dev.runnermetrics.exporter.state.FeatureJson;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The REST API client as a job feature of a sidecar: it hears of the jobs the Worker logs introduce and looks up
 * their queue time; its figures and pending lookups are saved in the state file with the offsets of those jobs.
 */
public final class QueueTimeFeature implements JobFeature {

    /** Its part of the state file. */
    public static final String STATE_KEY = "api-queue-time";

    private final GithubApiClient client;

    private QueueTimeFeature(GithubApiClient client) {
        this.client = client;
    }

    /** The client, started when the feature is restored from its part of the state file. */
    public static final class Factory implements JobFeature.Factory {
        private final Function<QueueTimeState, GithubApiClient> start;
        private GithubApiClient client;

        /** @param start starts the client with what the state file kept (null for nothing) */
        public Factory(Function<QueueTimeState, GithubApiClient> start) {
            this.start = start;
        }

        /** The client as configured ({@code runner-metrics.github-api.*}, labelled as the webhook figures are). */
        public static Factory of(GithubApiSettings settings, GithubSettings labels, Clock clock) {
            return new Factory(restored -> GithubApiClient.startIfEnabled(settings, labels, clock, restored)
                    .orElseThrow());
        }

        @Override
        public String stateKey() {
            return STATE_KEY;
        }

        @Override
        public void check(JsonNode saved) throws IOException {
            if (saved != null && !FeatureJson.fromJson(saved, QueueTimeState.class).complete()) {
                throw new IOException("REST API queue-time figures are incomplete");
            }
        }

        @Override
        public JobFeature restore(JsonNode saved) {
            try {
                QueueTimeState restored = saved == null ? null : FeatureJson.fromJson(saved, QueueTimeState.class);
                client = start.apply(restored);
                return new QueueTimeFeature(client);
            } catch (IOException e) {
                throw new IllegalStateException("checked part unreadable", e);
            }
        }

        /** The client once restored. */
        public Optional<GithubApiClient> client() {
            return Optional.ofNullable(client);
        }
    }

    @Override
    public String stateKey() {
        return STATE_KEY;
    }

    @Override
    public void jobSeen(String runnerName, String runnerType, Instant seenAt, JobContext context) {
        client.jobSeenListener().jobSeen(runnerName, runnerType, seenAt, context);
    }

    /** Node mode: the pod's queue times join its type's. */
    @Override
    public void runnerGone(String runnerName, String runnerType) {
        client.runnerGone(runnerName, runnerType);
    }

    @Override
    public Object state() {
        return client.queueTimeState();
    }

    /** Lookups answer on the API client's thread. */
    @Override
    public boolean changesOutsidePolls() {
        return true;
    }

    @Override
    public long changes() {
        return client.queueTimeChanges();
    }

    @Override
    public void expose(Samples samples) {
        client.expose(samples);
    }
}
