package dev.runnermetrics.exporter.github.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Fields of GitHub's JSON (webhook payloads and REST answers) read the one way: missing or malformed is null. */
public final class GithubJson {

    private GithubJson() {
    }

    /** A non-empty string field, else null. */
    public static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }

    /** An ISO-8601 time field, else null. */
    public static Instant time(JsonNode node) {
        String text = text(node);
        if (text == null) {
            return null;
        }
        try {
            OffsetDateTime time = OffsetDateTime.parse(text);
            // GitHub writes four-digit years; wider ones would overflow the durations taken between two times
            // (a WebhookPayloadsFuzzTest regression input), so they count as missing like any malformed time.
            return time.getYear() >= 0 && time.getYear() <= 9999 ? time.toInstant() : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A job's runs-on labels, sorted and comma-joined so the same set gives the same label value. */
    public static String runsOn(JsonNode job) {
        List<String> labels = new ArrayList<>();
        job.path("labels").forEach(l -> labels.add(l.asText()));
        labels.sort(null);
        return String.join(",", labels);
    }
}
