package dev.runnermetrics.exporter.github.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remembered delivery ids, on real files: a redelivery after a restart is still a duplicate. */
class DeliveryDedupeTest {

    static final String ID = "16056910-a6ff-11f0-880c-569b494ebd7a";

    @TempDir
    Path state;

    @Test
    void aRedeliveryIsADuplicateAlsoAfterARestart() throws IOException {
        DeliveryDedupe first = new DeliveryDedupe(state, 100);
        first.load();
        assertTrue(first.claim(ID));
        assertFalse(first.claim(ID), "a second copy while the first is queued");
        first.done(ID);
        assertFalse(first.claim(ID), "a redelivery after processing");
        assertTrue(first.dirty());
        first.save();
        assertFalse(first.dirty());

        DeliveryDedupe restarted = new DeliveryDedupe(state, 100);
        restarted.load();
        assertEquals(1, restarted.size());
        assertFalse(restarted.claim(ID), "remembered across the restart");
        assertTrue(restarted.claim("285c847c-a6ff-11f0-83cc-91bd2fabfdbe"));
        try (Stream<Path> files = Files.list(state)) {
            assertEquals(List.of(DeliveryDedupe.FILE_NAME), files.map(p -> p.getFileName().toString()).toList(),
                    "written atomically: no temporary file left, and not in state.json");
        }
    }

    @Test
    void aQueuedDeliveryLostInACrashIsTakenWhenRedelivered() throws IOException {
        DeliveryDedupe before = new DeliveryDedupe(state, 100);
        assertTrue(before.claim("done"));
        before.done("done");
        assertTrue(before.claim("still-queued"));
        before.save();

        DeliveryDedupe after = new DeliveryDedupe(state, 100);
        after.load();
        assertFalse(after.claim("done"));
        assertTrue(after.claim("still-queued"));
    }

    @Test
    void aReleasedClaimCanBeTakenAgain() {
        DeliveryDedupe dedupe = new DeliveryDedupe(state, 100);
        assertTrue(dedupe.claim(ID));
        dedupe.release(ID);
        assertTrue(dedupe.claim(ID), "refused with 503, so GitHub's redelivery must be taken");
    }

    @Test
    void remembersOnlyTheMostRecentIds() throws IOException {
        DeliveryDedupe dedupe = new DeliveryDedupe(state, 3);
        for (String id : List.of("a", "b", "c", "d")) {
            assertTrue(dedupe.claim(id));
            dedupe.done(id);
        }
        dedupe.save();
        DeliveryDedupe restarted = new DeliveryDedupe(state, 3);
        restarted.load();
        assertEquals(3, restarted.size());
        assertTrue(restarted.claim("a"), "the oldest was forgotten");
        assertFalse(restarted.claim("b"));
        assertFalse(restarted.claim("d"));
        assertEquals("{\"format\":1,\"ids\":[\"b\",\"c\",\"d\"]}",
                Files.readString(state.resolve(DeliveryDedupe.FILE_NAME)));
    }

    @Test
    void anUnreadableFileIsSetAsideNotFatal() throws IOException {
        Files.writeString(state.resolve(DeliveryDedupe.FILE_NAME), "{\"format\":1,\"ids\":[\"a\"");
        DeliveryDedupe dedupe = new DeliveryDedupe(state, 10);
        dedupe.load();
        assertEquals(0, dedupe.size());
        assertTrue(dedupe.claim("a"));
        try (Stream<Path> files = Files.list(state)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString()
                    .startsWith(DeliveryDedupe.FILE_NAME + ".unreadable-")));
        }
    }
}
