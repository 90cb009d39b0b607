package dev.runnermetrics.exporter.github.model;

import dev.runnermetrics.exporter.state.AtomicFile;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * The webhook figures' own state file ({@value #FILE_NAME} beside the engine's state.json), written atomically
 * (temporary file, fsync, rename). An unreadable file is set aside and the figures start empty.
 */
public final class GithubStateStore {

    public static final String FILE_NAME = "github-webhooks.json";
    private static final Logger LOG = Logger.getLogger(GithubStateStore.class);

    private final Path dir;
    private final Clock clock;
    private final ObjectMapper json = mapper();

    public GithubStateStore(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    public Path file() {
        return dir.resolve(FILE_NAME);
    }

    public GithubState load() {
        Path file = file();
        if (!Files.exists(file)) {
            return new GithubState();
        }
        try {
            GithubState state = json.readValue(file.toFile(), GithubState.class);
            if (state == null || state.format != GithubState.FORMAT || !state.complete()) {
                throw new IOException("unknown or incomplete state");
            }
            GithubStateCheck.requireComplete(state);
            return state;
        } catch (IOException | RuntimeException e) {
            Path aside = dir.resolve(FILE_NAME + ".unreadable-" + clock.millis());
            LOG.errorf("Webhook state %s is unreadable (%s); moved it to %s", file, e.getMessage(), aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                LOG.errorf("Could not move %s aside: %s", file, moveFailed.getMessage());
            }
            return new GithubState();
        }
    }

    /** Writes the figures' state if it changed; @return whether it wrote */
    public boolean saveIfDirty(GithubFigures figures) throws IOException {
        byte[] bytes = figures.takeDirty(json);
        if (bytes == null) {
            return false;
        }
        try {
            write(bytes);
        } catch (IOException e) {
            figures.markDirty();
            throw e;
        }
        return true;
    }

    private void write(byte[] bytes) throws IOException {
        AtomicFile.write(file(), bytes);
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
