package dev.runnermetrics.exporter.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One JSON state file, the way every store keeps one: written atomically (temporary file, fsync, rename), and when it
 * cannot be used, set aside whole (renamed to {@code NAME.unreadable-MILLIS}, bytes intact) so the exporter starts
 * from what the logs or deliveries still hold instead of failing or trusting half a file.
 */
public final class JsonStateFile {

    private static final Logger LOG = Logger.getLogger(JsonStateFile.class);

    /** Decodes a file's bytes; throws when they are not a whole state. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(byte[] bytes) throws IOException;
    }

    private final Path file;
    private final Clock clock;
    private final String what;
    private final String then;

    /**
     * @param what how the log names the file ("State file")
     * @param then what happens after it is set aside, for the log (" and reading the logs from the start"), or ""
     */
    public JsonStateFile(Path file, Clock clock, String what, String then) {
        this.file = file;
        this.clock = clock;
        this.what = what;
        this.then = then;
    }

    public Path path() {
        return file;
    }

    /** The state the file holds; empty when there is none, or when it was unusable and has been set aside. */
    public <T> Optional<T> load(Decoder<T> decoder) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(decoder.decode(Files.readAllBytes(file)));
        } catch (IOException | RuntimeException e) {
            setAside(e.getMessage());
            return Optional.empty();
        }
    }

    /** @throws IOException when it could not be written; the previous file is then intact */
    public void save(byte[] bytes) throws IOException {
        AtomicFile.write(file, bytes);
    }

    /** Moves an unusable file aside, renamed, its bytes intact. */
    public void setAside(String why) {
        Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + clock.millis());
        LOG.errorf("%s %s is unreadable (%s); moved it to %s%s", what, file, why, aside, then);
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException moveFailed) {
            LOG.errorf("Could not move %s aside: %s", file, moveFailed.getMessage());
        }
    }
}
