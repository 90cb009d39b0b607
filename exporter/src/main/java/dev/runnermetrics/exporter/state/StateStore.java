package dev.runnermetrics.exporter.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.runnermetrics.exporter.model.JobSeriesKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes the state file. Writes go to a temporary file that is synced and then renamed over the old
 * one, so a crash leaves either the old or the new state, never a mix. A state file that cannot be read is set
 * aside (renamed, not deleted) and the logs are read again from the start.
 */
public final class StateStore {

    static final String FILE_NAME = "state.json";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private static final ObjectMapper JSON = mapper();

    private final JsonStateFile file;

    public StateStore(Path dir, Clock clock) {
        this.file = new JsonStateFile(dir.resolve(FILE_NAME), clock, "State file",
                " and reading the logs from the start");
    }

    public Path file() {
        return file.path();
    }

    public Optional<PersistedState> load() {
        return file.load(StateStore::decode);
    }

    /** Moves an unusable state file aside (renamed, bytes intact): the logs are read again from the start. */
    public void setAside(String why) {
        file.setAside(why);
    }

    /** @throws IOException when the state could not be written; the previous state file is then intact */
    public void save(PersistedState state) throws IOException {
        file.save(encode(state));
    }

    /** The state file's bytes for this state. */
    public static byte[] encode(PersistedState state) throws IOException {
        return JSON.writeValueAsBytes(state);
    }

    /** The state a state file's bytes hold; throws when they are not a whole state of this version. */
    public static PersistedState decode(byte[] bytes) throws IOException {
        PersistedState state = JSON.readValue(bytes, PersistedState.class);
        if (state == null || state.format != PersistedState.FORMAT || state.runners == null) {
            throw new IOException("unknown state format");
        }
        state.upgrade();
        StateCheck.requireComplete(state);
        return state;
    }

    /** A feature's state as the state file writes it. */
    public static com.fasterxml.jackson.databind.JsonNode toJson(Object part) {
        return JSON.valueToTree(part);
    }

    /** A feature's state from its part of the state file. */
    public static <T> T fromJson(com.fasterxml.jackson.databind.JsonNode part, Class<T> type) throws IOException {
        T value = JSON.treeToValue(part, type);
        if (value == null) {
            throw new IOException("empty " + type.getSimpleName());
        }
        return value;
    }

    private static ObjectMapper mapper() {
        SimpleModule keys = new SimpleModule();
        // Map keys must be strings: a series key is stored as the JSON array of its label values.
        keys.addKeySerializer(JobSeriesKey.class, new StdSerializer<>(JobSeriesKey.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(JobSeriesKey key, com.fasterxml.jackson.core.JsonGenerator gen,
                    com.fasterxml.jackson.databind.SerializerProvider provider) throws IOException {
                gen.writeFieldName(new ObjectMapper().writeValueAsString(
                        List.of(key.result(), key.repository(), key.workflow(), key.job())));
            }
        });
        keys.addKeyDeserializer(JobSeriesKey.class, new KeyDeserializer() {
            @Override
            public Object deserializeKey(String key, com.fasterxml.jackson.databind.DeserializationContext ctx)
                    throws IOException {
                List<String> v = new ObjectMapper().readValue(key, STRINGS);
                if (v.size() != 4) {
                    throw new JsonProcessingException("bad series key " + key) {
                        private static final long serialVersionUID = 1L;
                    };
                }
                return new JobSeriesKey(v.get(0), v.get(1), v.get(2), v.get(3));
            }
        });
        return JsonStateFile.mapper().registerModule(keys);
    }
}
