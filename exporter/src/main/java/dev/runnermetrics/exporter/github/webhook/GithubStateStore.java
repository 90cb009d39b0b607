package dev.runnermetrics.exporter.github.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnermetrics.exporter.state.FeatureJson;
import dev.runnermetrics.exporter.state.JsonStateFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The webhook figures' own state file ({@value #FILE_NAME} beside the engine's state.json), kept as every state file
 * is ({@link JsonStateFile}): written atomically; an unreadable file is set aside and the figures start empty.
 */
public final class GithubStateStore {

    public static final String FILE_NAME = "github-webhooks.json";

    private final JsonStateFile file;
    private final ObjectMapper json = FeatureJson.mapper();

    public GithubStateStore(Path dir, Clock clock) {
        this.file = new JsonStateFile(dir.resolve(FILE_NAME), clock, "Webhook state", "");
    }

    public Path file() {
        return file.path();
    }

    public GithubState load() {
        return file.load(bytes -> {
            GithubState state = json.readValue(bytes, GithubState.class);
            if (state == null || state.format() != GithubState.FORMAT || !state.complete()) {
                throw new IOException("unknown or incomplete state");
            }
            GithubStateCheck.requireComplete(state);
            return state;
        }).orElseGet(GithubState::new);
    }

    /** Writes the figures' state if it changed; @return whether it wrote */
    public boolean saveIfDirty(GithubFigures figures) throws IOException {
        byte[] bytes = figures.takeDirty(json);
        if (bytes == null) {
            return false;
        }
        try {
            file.save(bytes);
        } catch (IOException e) {
            figures.markDirty();
            throw e;
        }
        return true;
    }
}
