package dev.runnermetrics.exporter.app;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The kernel's file events (inotify on Linux, through {@link WatchService}) for the folders the runners write: each
 * runner's root (so a {@code _diag} that appears is seen), {@code _diag} and its {@code pages} and {@code blocks}.
 * Events only wake the reader, which then reads every file as a poll always did: nothing is taken from an event but
 * "look now", so a lost or coalesced event costs at most one safety interval. Folders that do not exist yet, or were
 * deleted and made again, are (re)registered by {@link #refresh()} after every read. Without a watch service
 * (a file system that offers none, or {@code file-events=false}) {@link #await} only sleeps.
 */
final class FileEvents implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FileEvents.class);

    /** The folders to watch now: the runners (and where new ones appear) can change while the exporter runs. */
    private final Supplier<? extends Collection<Path>> folders;
    private final WatchService service;
    private final Map<Path, Watch> keys = new LinkedHashMap<>();
    private final Object sleeper = new Object();
    private volatile boolean closed;

    private FileEvents(Supplier<? extends Collection<Path>> folders, WatchService service) {
        this.folders = folders;
        this.service = service;
        refresh();
    }

    /** Events for these folders; without events when {@code enabled} is false or the file system has none. */
    static FileEvents watch(FileSystem fileSystem, List<Path> folders, boolean enabled) {
        List<Path> fixed = List.copyOf(folders);
        return watch(fileSystem, () -> fixed, enabled);
    }

    /** Events for the folders {@code folders} gives at each {@link #refresh()}; a folder no longer given is let go. */
    static FileEvents watch(FileSystem fileSystem, Supplier<? extends Collection<Path>> folders, boolean enabled) {
        WatchService service = null;
        if (enabled) {
            try {
                service = fileSystem.newWatchService();
            } catch (IOException | UnsupportedOperationException e) {
                LOG.warnf("No file events on this file system (%s): the logs are read every safety-poll-interval",
                        e.toString());
            }
        }
        return new FileEvents(folders, service);
    }

    /** The folders for a runner whose root and {@code _diag} folder are given. */
    static List<Path> foldersOf(Path root, Path diag) {
        return List.of(root, diag, diag.resolve("pages"), diag.resolve("blocks"));
    }

    boolean enabled() {
        return service != null;
    }

    /** Registers folders that exist now and are not watched (new, moved aside or deleted and made again). */
    void refresh() {
        if (service == null || closed) {
            return;
        }
        Set<Path> wanted = new LinkedHashSet<>(folders.get());
        for (Iterator<Map.Entry<Path, Watch>> it = keys.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, Watch> watched = it.next();
            if (!wanted.contains(watched.getKey())) {
                watched.getValue().key().cancel();
                it.remove();
            }
        }
        for (Path folder : wanted) {
            Watch watch = keys.get(folder);
            // A symlink is not followed out of the folder being read.
            Object fileKey = fileKey(folder);
            if (watch != null && watch.key().isValid() && fileKey != null && fileKey.equals(watch.fileKey())) {
                continue;
            }
            if (watch != null) {
                // A watch follows its folder when moved aside (a runner reinstalled): the new one is watched instead.
                watch.key().cancel();
                keys.remove(folder);
            }
            if (fileKey == null) {
                continue;
            }
            try {
                keys.put(folder, new Watch(folder.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE), fileKey));
            } catch (IOException | ClosedWatchServiceException e) {
                // Gone again, or out of inotify watches: the safety poll still reads it.
                LOG.debugf("Cannot watch %s: %s", folder, e);
            }
        }
    }

    /** The folder's identity (its inode), null when it is no folder (absent, or a symlink). */
    private static Object fileKey(Path folder) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(folder, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return attributes.isDirectory() ? Objects.requireNonNullElse(attributes.fileKey(), folder) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private record Watch(WatchKey key, Object fileKey) {
    }

    /**
     * Waits up to {@code max} for an event; true when one came (all pending ones are taken). Returns early, false,
     * when closed.
     */
    boolean await(Duration max) throws InterruptedException {
        long millis = Math.max(0, max.toMillis());
        if (service == null) {
            synchronized (sleeper) {
                if (!closed && millis > 0) {
                    sleeper.wait(millis);
                }
            }
            return false;
        }
        WatchKey key;
        try {
            key = millis == 0 ? service.poll() : service.poll(millis, TimeUnit.MILLISECONDS);
        } catch (ClosedWatchServiceException e) {
            return false;
        }
        if (key == null) {
            return false;
        }
        while (key != null) {
            key.pollEvents(); // what changed does not matter: every file is read again
            key.reset();
            key = service.poll();
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                LOG.debugf("Closing the watch service: %s", e);
            }
        }
    }
}
