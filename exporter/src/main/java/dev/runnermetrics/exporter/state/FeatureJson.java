package dev.runnermetrics.exporter.state;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.runnermetrics.exporter.json.Json;
import dev.runnermetrics.exporter.metrics.Histogram;
import java.io.IOException;

/**
 * Jackson's databind for what the hub's features keep (their parts of the state file, the webhook figures' file):
 * their state classes are bound field by field. Only a configured feature or the webhook receiver loads this class,
 * and databind with it; the sidecar's own state is written without it ({@link SavedState}).
 */
public final class FeatureJson {

    private static final ObjectMapper JSON = mapper();

    private FeatureJson() {
    }

    /** Fields of any visibility, times as ISO text, unknown properties ignored (files of later versions load). */
    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addMixIn(Histogram.class, HistogramForm.class);
    }

    /** A histogram in a state file: its fields as they are, made again through {@link Histogram#restore}. */
    private abstract static class HistogramForm {

        @JsonCreator
        static Histogram restore(@JsonProperty("buckets") long[] buckets, @JsonProperty("sum") double sum,
                @JsonProperty("count") long count) {
            return Histogram.restore(buckets, sum, count);
        }
    }

    /** A feature's state as its part of the state file ({@link Json} values). */
    public static Object part(Object state) throws IOException {
        return Json.read(JSON.writeValueAsBytes(state));
    }

    /** A feature's part of the state file as the tree its factory reads; null when it has none. */
    public static JsonNode node(Object part) throws IOException {
        return part == null ? null : JSON.readTree(Json.write(part));
    }

    /** A feature's state from its part of the state file. */
    public static <T> T fromJson(JsonNode part, Class<T> type) throws IOException {
        T value = JSON.treeToValue(part, type);
        if (value == null) {
            throw new IOException("empty " + type.getSimpleName());
        }
        return value;
    }
}
