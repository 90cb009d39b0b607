package dev.runnermetrics.exporter.github.webhook;

import dev.runnermetrics.exporter.state.AtomicFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The most recent {@code X-GitHub-Delivery} ids, so a redelivery (GitHub's "Redeliver" button, or a retry after a
 * timeout) is counted once, also across restarts. An id is <em>claimed</em> when its delivery is queued (a second
 * copy arriving meanwhile is a duplicate) and <em>done</em> once the sink has taken it; only done ids are saved, so a
 * delivery lost in the queue by a crash is taken again when GitHub redelivers it. The file
 * ({@value #FILE_NAME} in STATE_DIR, separate from state.json) is written like the state file: to a temporary file,
 * synced, then renamed over the old one. Bounded: the oldest ids are forgotten first.
 */
public final class DeliveryDedupe {

    static final String FILE_NAME = "webhook-deliveries.json";
    static final int FORMAT = 1;
    private static final Logger LOG = Logger.getLogger(DeliveryDedupe.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final int capacity;
    private final LinkedHashSet<String> done = new LinkedHashSet<>();
    private final Set<String> pending = new HashSet<>();
    private boolean dirty;

    public DeliveryDedupe(Path dir, int capacity) {
        this.dir = dir;
        this.capacity = capacity;
    }

    public Path file() {
        return dir.resolve(FILE_NAME);
    }

    /** Reads the remembered ids; an unreadable file is set aside and forgotten, never fatal. */
    public synchronized void load() {
        Path file = file();
        if (!Files.exists(file)) {
            return;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || root.path("format").asInt() != FORMAT || !root.path("ids").isArray()) {
                throw new IOException("unknown format");
            }
            for (JsonNode id : root.get("ids")) {
                if (id.isTextual()) {
                    remember(id.asText());
                }
            }
        } catch (IOException e) {
            Path aside = dir.resolve(FILE_NAME + ".unreadable-" + System.currentTimeMillis());
            LOG.errorf("Webhook delivery file %s is unreadable (%s); moved it to %s, redeliveries of earlier "
                    + "deliveries will count again", file, e.getMessage(), aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                LOG.errorf("Could not move %s aside: %s", file, moveFailed.getMessage());
            }
        }
    }

    /** True when this id is new and is now reserved for the caller; false for a duplicate. */
    public synchronized boolean claim(String id) {
        if (done.contains(id) || pending.contains(id)) {
            return false;
        }
        pending.add(id);
        return true;
    }

    /** The claimed delivery could not be queued: forget the claim, so a redelivery is taken. */
    public synchronized void release(String id) {
        pending.remove(id);
    }

    /** The claimed delivery was processed: remember it (to be saved). */
    public synchronized void done(String id) {
        pending.remove(id);
        remember(id);
        dirty = true;
    }

    public synchronized boolean dirty() {
        return dirty;
    }

    public synchronized int size() {
        return done.size();
    }

    /** @throws IOException when the file could not be written; the previous file is then intact */
    public void save() throws IOException {
        byte[] bytes;
        synchronized (this) {
            ObjectNode root = JSON.createObjectNode();
            root.put("format", FORMAT);
            ArrayNode ids = root.putArray("ids");
            done.forEach(ids::add);
            bytes = JSON.writeValueAsBytes(root);
            dirty = false;
        }
        try {
            write(bytes);
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                dirty = true;
            }
            throw e;
        }
    }

    private void write(byte[] bytes) throws IOException {
        AtomicFile.write(file(), bytes);
    }

    private void remember(String id) {
        done.remove(id); // re-inserted as the newest
        done.add(id);
        if (done.size() > capacity) {
            Iterator<String> oldest = done.iterator();
            oldest.next();
            oldest.remove();
        }
    }
}
