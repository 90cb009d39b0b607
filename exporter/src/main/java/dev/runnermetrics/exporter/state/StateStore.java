package dev.runnermetrics.exporter.state;

import dev.runnermetrics.exporter.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Reads and writes the state file. Writes go to a temporary file that is synced and then renamed over the old
 * one, so a crash leaves either the old or the new state, never a mix. A state file that cannot be read is set
 * aside (renamed, not deleted) and the logs are read again from the start.
 */
public final class StateStore {

    static final String FILE_NAME = "state.json";

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
        SavedState saved = SavedState.of(state);
        return Json.stream(gen -> SavedState.FIELDS.write(saved, gen));
    }

    /** The state a state file's bytes hold; throws when they are not a whole state of this version. */
    public static PersistedState decode(byte[] bytes) throws IOException {
        SavedState saved = SavedState.FIELDS.read(Json.read(bytes));
        if (saved == null || saved.format != PersistedState.FORMAT || saved.runners == null) {
            throw new IOException("unknown state format");
        }
        saved.upgrade();
        StateCheck.requireComplete(saved);
        return saved.restore();
    }
}
