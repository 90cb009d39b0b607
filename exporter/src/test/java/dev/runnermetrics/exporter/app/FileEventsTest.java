package dev.runnermetrics.exporter.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's real file events (inotify) on real folders. */
class FileEventsTest {

    private static final Duration LONG = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    @Test
    void aLineAppendedToALogWakesTheReaderAtOnce() throws Exception {
        Path diag = Files.createDirectories(tmp.resolve("r/_diag"));
        Path log = Files.writeString(diag.resolve("Runner_1.log"), "first\n");
        try (FileEvents events = FileEvents.watch(FileSystems.getDefault(),
                FileEvents.foldersOf(tmp.resolve("r"), diag), true)) {
            assertTrue(events.enabled());
            assertFalse(events.await(Duration.ofMillis(50)), "nothing changed yet");
            long start = System.nanoTime();
            Files.writeString(log, "second\n", java.nio.file.StandardOpenOption.APPEND);
            assertTrue(events.await(LONG));
            assertTrue(System.nanoTime() - start < LONG.toNanos() / 2, "woken by the event, not the timeout");
            assertFalse(events.await(Duration.ofMillis(50)), "the event was taken once");
        }
    }

    @Test
    void aDiagFolderAndItsPagesThatAppearLaterAreWatchedOnceRefreshed() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("r"));
        Path diag = root.resolve("_diag");
        try (FileEvents events = FileEvents.watch(FileSystems.getDefault(), FileEvents.foldersOf(root, diag), true)) {
            Files.createDirectories(diag.resolve("pages"));
            assertTrue(events.await(LONG), "the root is watched: _diag appearing is an event");
            events.refresh();
            Files.writeString(diag.resolve("pages/t_r_1.log"), "line\n");
            assertTrue(events.await(LONG), "pages is watched once it exists");
        }
    }

    @Test
    void aFolderDeletedAndMadeAgainIsWatchedAgain() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("r"));
        Path diag = Files.createDirectories(root.resolve("_diag"));
        try (FileEvents events = FileEvents.watch(FileSystems.getDefault(), FileEvents.foldersOf(root, diag), true)) {
            Files.delete(diag);
            Files.createDirectories(diag);
            events.await(LONG);
            events.refresh();
            while (events.await(Duration.ofMillis(100))) {
                events.refresh(); // the delete's and create's events, in whatever batches they come
            }
            Files.writeString(diag.resolve("Worker_1.log"), "line\n");
            assertTrue(events.await(LONG));
        }
    }

    /**
     * A runner reinstalled by moving its folder aside and unpacking a new one: the watches follow the moved folders
     * (inotify watches an inode, not a path), so the new folders must be watched once refreshed.
     */
    @Test
    void aFolderMovedAsideAndMadeAgainIsWatchedAgain() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("r"));
        Path diag = Files.createDirectories(root.resolve("_diag"));
        try (FileEvents events = FileEvents.watch(FileSystems.getDefault(), FileEvents.foldersOf(root, diag), true)) {
            Files.move(diag, root.resolve("_diag.old"));
            Files.createDirectories(diag);
            events.await(LONG);
            events.refresh();
            while (events.await(Duration.ofMillis(100))) {
                events.refresh();
            }
            Files.writeString(diag.resolve("Worker_1.log"), "line\n");
            assertTrue(events.await(Duration.ofSeconds(2)), "the new _diag is watched");
        }
    }

    @Test
    void withoutFileEventsTheReaderOnlySleepsAndCloseWakesIt() throws Exception {
        Path diag = Files.createDirectories(tmp.resolve("r/_diag"));
        FileEvents events = FileEvents.watch(FileSystems.getDefault(), FileEvents.foldersOf(tmp.resolve("r"), diag),
                false);
        assertFalse(events.enabled());
        Files.writeString(diag.resolve("Runner_1.log"), "line\n");
        long start = System.nanoTime();
        assertFalse(events.await(Duration.ofMillis(200)), "no event without file events");
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(150).toNanos(), "it slept");
        Thread closer = new Thread(() -> {
            sleep(100);
            events.close();
        });
        closer.start();
        start = System.nanoTime();
        assertFalse(events.await(LONG));
        assertTrue(System.nanoTime() - start < LONG.toNanos() / 2, "close ends the sleep");
        closer.join();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aSymlinkedFolderIsNotWatched() throws IOException, InterruptedException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path root = Files.createDirectories(tmp.resolve("r"));
        Path diag = Files.createSymbolicLink(root.resolve("_diag"), outside);
        try (FileEvents events = FileEvents.watch(FileSystems.getDefault(), java.util.List.of(diag), true)) {
            Files.writeString(outside.resolve("Runner_1.log"), "line\n");
            assertFalse(events.await(Duration.ofMillis(300)));
        }
    }
}
