package dev.runnermetrics.exporter.tail;

import dev.runnermetrics.exporter.logs.LogEvent;
import dev.runnermetrics.exporter.logs.LogFileInterpreter;
import dev.runnermetrics.exporter.logs.ParseErrors;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Follows every Runner_ and Worker_ file of one _diag folder: new files, growing files, files deleted by the
 * runner's retention, files truncated or recreated under the same name (read again from the start), and files
 * renamed to another Runner_/Worker_ name (read on where they stopped). A file is known by its inode plus a checksum
 * of its first bytes, because file systems hand a deleted file's inode to the next new file at once. Files are
 * listed and opened through {@link LogFolder}: a symbolic link (the folder itself, or a log) is not followed; a log
 * that is one is counted once as {@link ParseErrors#NOT_REGULAR_FILE} and logged once.
 *
 * <p>With {@code holdOpen} (node mode, where a pod's folder is deleted with it) the logs that can still grow stay
 * open between reads: the newest Runner_ log and the newest Worker_ log whose job has not finished, at most
 * {@link #HELD_PER_RUNNER} per runner. They are read from that descriptor, so lines written just before the kubelet
 * deletes the folder are still read ({@link #drain}, or as each file leaves the listing). A held descriptor is only
 * ever the file its name was found to be: it is opened relative to the folder with {@code O_NOFOLLOW} and checked
 * against the name's inode and first bytes after the open; while held its inode cannot be handed to another file, so
 * a name whose inode differs is another file (recreated, replaced): the descriptor is closed, never read for it. A
 * held file is closed once it is done with: no longer the newest of its kind (rotated, the next job's log), its job
 * finished, its name gone or a link now, or not grown for {@link #HELD_IDLE} (opened again when it grows).
 */
public final class DiagTailer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DiagTailer.class);

    /** What one poll found, per source. */
    public record Poll(boolean folderReadable, List<LogEvent> events, Map<LogKind, SourcePoll> sources) {
    }

    /** Per-source figures of one poll. {@code readable} is false when a file of this kind could not be read. */
    public static final class SourcePoll implements ParseErrors {
        private long lines;
        private boolean readable = true;
        private final Map<String, Long> errors = new HashMap<>();

        @Override
        public void count(String reason) {
            errors.merge(reason, 1L, Long::sum);
        }

        void line() {
            lines++;
        }

        /** A file of this kind could not be read, or none exists where one must. */
        void unreadable() {
            readable = false;
        }

        /** Complete lines read. */
        public long lines() {
            return lines;
        }

        public boolean readable() {
            return readable;
        }

        /** Input skipped, by reason. */
        public Map<String, Long> errors() {
            return Collections.unmodifiableMap(errors);
        }
    }

    private static final class TrackedFile {
        final LogKind kind;
        final int maxLineBytes;
        String name;
        String fileKey;
        FileHead head;
        LineReader lines;
        /** The file's size when it was last read: unchanged means nothing new, even after a partial last line. */
        long seenSize = -1;
        /** Wall-clock time of the poll that last found the file grown; null before the first read. */
        Instant grewAt;
        LogFileInterpreter interpreter;
        /** The file kept open between reads (holdOpen only); null when not held. */
        FileChannel held;
        /**
         * Where a finished file stands, kept instead of its reader and interpreter: the runner never writes to it
         * again (a finished job's Worker log), and a runner keeps hundreds of them, so only what a save and a
         * rename need stays. Null while the file can still grow.
         */
        FileCursor retired;

        TrackedFile(LogKind kind, String name, int maxLineBytes) {
            this.kind = kind;
            this.name = name;
            this.maxLineBytes = maxLineBytes;
        }

        void restart(String key, FileHead fileHead, long offset, boolean skip, String jobKey, long replayUntil) {
            release(); // another file now: what was held is not it
            retired = null;
            fileKey = key;
            head = fileHead;
            lines = new LineReader(maxLineBytes, offset, skip);
            interpreter = kind.interpreter(name, offset, replayUntil, jobKey);
        }

        void release() {
            if (held != null) {
                try {
                    held.close();
                } catch (IOException e) {
                    // closing a read-only descriptor loses nothing
                }
                held = null;
            }
        }

        /** Whether it has been read (or its saved cursor taken up). */
        boolean known() {
            return interpreter != null || retired != null;
        }

        boolean finished() {
            return retired != null || interpreter != null && interpreter.finished();
        }

        /** A finished file keeps only its cursor. Same figures as before: a finished file is read no more. */
        void retire() {
            release();
            retired = cursor();
            head = null;
            lines = null;
            interpreter = null;
            grewAt = null;
        }

        FileHead head() {
            return retired != null ? new FileHead(retired.headLength(), retired.headCrc()) : head;
        }

        long offset() {
            return retired != null ? retired.readOffset() : lines.offset();
        }

        FileCursor cursor() {
            if (retired != null) {
                return retired;
            }
            long safe = interpreter.safeOffset();
            // A buffered payload moves the safe offset back before it; skipping only holds at the read offset.
            return new FileCursor(fileKey, head.length(), head.crc(), safe, lines.skipping() && safe == lines.offset(),
                    interpreter.jobKey(), lines.offset());
        }
    }

    private final Path diagDir;
    private final int maxLineBytes;
    private final boolean holdOpen;
    /**
     * The logs known, by name. A hash map: a safety poll of a runner with hundreds of finished logs looks each name up,
     * and sorted maps spent most of an idle poll comparing names that share their long time-stamp prefix. What needs
     * an order sorts the few files it deals with ({@link #FILE_ORDER}).
     */
    private final Map<String, TrackedFile> files = new HashMap<>();
    private Map<String, FileCursor> restored;
    /** Names skipped as links (or no regular files) in the last poll: each is counted and logged once. */
    private Set<String> skipped = new HashSet<>();
    private boolean folderLinkLogged;

    public DiagTailer(Path diagDir, int maxLineBytes, Map<String, FileCursor> restored) {
        this(diagDir, maxLineBytes, restored, false);
    }

    /** @param holdOpen whether the logs that can still grow stay open between reads (node mode) */
    public DiagTailer(Path diagDir, int maxLineBytes, Map<String, FileCursor> restored, boolean holdOpen) {
        this.diagDir = diagDir;
        this.maxLineBytes = maxLineBytes;
        this.restored = new HashMap<>(restored);
        this.holdOpen = holdOpen;
    }

    /** Files held open between reads per runner at most: its newest Runner_ log and its running job's Worker_ log. */
    public static final int HELD_PER_RUNNER = 2;

    /**
     * A held file that has not grown for this long is closed (and opened again when it grows): a job's log can be
     * quiet for minutes, so the time the model waits on a silent job before it gives it up.
     */
    public static final Duration HELD_IDLE = Duration.ofMinutes(30);

    public Path diagDir() {
        return diagDir;
    }

    /**
     * How long a file must not have grown before what its interpreter holds for more lines is taken as complete: a
     * writer can pause in the middle of a failure's lines for longer than one poll.
     */
    public static final Duration IDLE_AFTER = Duration.ofSeconds(2);

    /** File order: Runner logs first, then Worker logs, oldest first (names sort by their time stamp). */
    private static final Comparator<TrackedFile> FILE_ORDER =
            Comparator.comparing((TrackedFile f) -> f.kind).thenComparing(f -> f.name);

    /** Reads everything new, now by the system clock. */
    public Poll poll() {
        return poll(Instant.now());
    }

    /**
     * Reads everything new. Events come in file order: Runner logs first, then Worker logs, oldest file first.
     *
     * @param now wall-clock time, for how long a file has not grown
     */
    public Poll poll(Instant now) {
        Map<LogKind, SourcePoll> sources = new EnumMap<>(LogKind.class);
        for (LogKind kind : LogKind.values()) {
            sources.put(kind, new SourcePoll());
        }
        LogFolder folder;
        try {
            folder = LogFolder.open(diagDir);
        } catch (LogFolder.NotRegularFileException e) {
            if (!folderLinkLogged) {
                LOG.warnf("Not reading %s: it is a symbolic link (or no folder), which the exporter does not follow "
                        + "out of the runner root; set the runner's directory to where it leads", diagDir);
                folderLinkLogged = true;
            }
            return unreadable(sources);
        } catch (IOException | SecurityException e) {
            return unreadable(sources);
        }
        try (folder) {
            return poll(folder, sources, now);
        } catch (IOException e) {
            return unreadable(sources); // listing failed (closing cannot fail in a way that matters)
        }
    }

    private static Poll unreadable(Map<LogKind, SourcePoll> sources) {
        sources.values().forEach(SourcePoll::unreadable);
        return new Poll(false, List.of(), sources);
    }

    private Poll poll(LogFolder folder, Map<LogKind, SourcePoll> sources, Instant now) throws IOException {
        Set<String> skippedNow = new HashSet<>();
        Map<String, LogKind> present = list(folder, sources, skippedNow);
        if (!present.containsValue(LogKind.RUNNER)) {
            // A runner that ever started has a Runner_ log; none means a wrong mount or a runner not started yet.
            sources.get(LogKind.RUNNER).unreadable();
        }
        followRenames(folder, present);
        // A log that is a link now is not read, but kept as one that cannot be read: where it was read to stays.
        Set<String> kept = new HashSet<>(present.keySet());
        kept.addAll(skippedNow);
        List<LogEvent> events = new ArrayList<>();
        List<TrackedFile> gone = new ArrayList<>();
        for (TrackedFile file : files.values()) {
            if (!kept.contains(file.name)) {
                gone.add(file);
            }
        }
        gone.sort(FILE_ORDER);
        for (TrackedFile file : gone) {
            // Deleted by the runner's retention, by hand, or with the pod: a held one is read to its end first.
            readHeldToEnd(file, events, sources.get(file.kind));
            files.remove(file.name);
        }
        // Only the files with lines still to give are read, in file order; a finished one (a done job's Worker log)
        // is never written again and is only retired, once.
        List<TrackedFile> ordered = new ArrayList<>();
        present.forEach((name, kind) -> {
            TrackedFile file = files.computeIfAbsent(name, n -> new TrackedFile(kind, n, maxLineBytes));
            if (!file.finished()) {
                ordered.add(file);
            } else if (file.retired == null) {
                file.retire();
            }
        });
        ordered.sort(FILE_ORDER);
        for (TrackedFile file : ordered) {
            SourcePoll source = sources.get(file.kind);
            try {
                read(folder, file, events, source, now);
            } catch (NoSuchFileException e) {
                readHeldToEnd(file, events, source);
                files.remove(file.name); // deleted between listing and reading
            } catch (LogFolder.NotRegularFileException e) {
                file.release(); // a link now: the file held is no longer what the name is
                skip(folder, file.name, source, skippedNow); // swapped for a link since the listing
            } catch (IOException e) {
                source.unreadable();
            }
        }
        releaseDone(now);
        skipped = skippedNow;
        // A saved cursor is dropped once its file is gone; one whose file could not be read this time stays for the
        // next poll (taken up cursors were removed as they were used), so a passing error never re-reads a file.
        restored.keySet().retainAll(kept);
        return new Poll(true, events, sources);
    }

    /** Offsets a restart resumes from; only complete entries lie before them. */
    public Map<String, FileCursor> cursors() {
        Map<String, FileCursor> cursors = new TreeMap<>();
        files.forEach((name, file) -> {
            if (file.known()) {
                cursors.put(name, file.cursor());
            }
        });
        // Saved cursors not taken up yet (no readable poll so far) still hold: a save now must not forget them.
        restored.forEach(cursors::putIfAbsent);
        return cursors;
    }

    /**
     * The folder is gone for good (the pod deleted): every held file is read to its end from its descriptor, an
     * unfinished last line included (its writer is gone), what its interpreter holds is taken as complete, and the
     * descriptors are closed. Nothing is listed or opened.
     */
    public Poll drain(Instant now) {
        Map<LogKind, SourcePoll> sources = new EnumMap<>(LogKind.class);
        for (LogKind kind : LogKind.values()) {
            sources.put(kind, new SourcePoll());
            sources.get(kind).unreadable(); // the folder is gone
        }
        List<LogEvent> events = new ArrayList<>();
        List<TrackedFile> ordered = new ArrayList<>(files.values());
        ordered.sort(FILE_ORDER);
        for (TrackedFile file : ordered) {
            readHeldToEnd(file, events, sources.get(file.kind));
        }
        return new Poll(false, events, sources);
    }

    /** How many files are held open now. */
    public int held() {
        return (int) files.values().stream().filter(f -> f.held != null).count();
    }

    /** Closes every held file. */
    @Override
    public void close() {
        files.values().forEach(TrackedFile::release);
    }

    /**
     * A held file whose name is gone: its writer is done with it, so it is read to its very end and what its
     * interpreter holds is complete. Then it is closed.
     */
    private void readHeldToEnd(TrackedFile file, List<LogEvent> events, SourcePoll source) {
        if (file.held == null) {
            return;
        }
        List<LogEvent> fileEvents = new ArrayList<>();
        try {
            file.lines.readToEnd(file.held, (text, endOffset) -> {
                source.line();
                file.interpreter.accept(text, endOffset, fileEvents, source);
            }, source);
            file.interpreter.caughtUp(fileEvents);
            file.interpreter.idle(fileEvents);
        } catch (IOException e) {
            source.unreadable();
        } finally {
            file.release();
        }
        events.addAll(fileEvents);
    }

    /** Closes the held files done with: finished, no longer the newest of their kind, or idle too long. */
    private void releaseDone(Instant now) {
        Map<LogKind, String> newest = newestByKind();
        for (TrackedFile file : files.values()) {
            if (file.held != null && (file.finished() || !file.name.equals(newest.get(file.kind))
                    || file.grewAt != null && !now.isBefore(file.grewAt.plus(HELD_IDLE)))) {
                file.release();
            }
        }
    }

    /** Whether a file read now should stay open: holding on, the newest of its kind, its writer not done. */
    private boolean holds(TrackedFile file) {
        if (!holdOpen || file.interpreter.finished()) {
            return false;
        }
        return file.name.equals(newestByKind().get(file.kind));
    }

    /** The newest log of each kind: the last by name, as names sort by their time stamp. */
    private Map<LogKind, String> newestByKind() {
        Map<LogKind, String> newest = new EnumMap<>(LogKind.class);
        for (TrackedFile file : files.values()) {
            newest.merge(file.kind, file.name, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        return newest;
    }

    /**
     * A name seen for the first time that holds a file we were reading under another name (same inode, same first
     * bytes) is that file renamed: it keeps its offset and what its interpreter holds, so nothing is read twice.
     */
    private void followRenames(LogFolder folder, Map<String, LogKind> present) {
        if (files.isEmpty()) {
            return;
        }
        List<String> seenFirst = new ArrayList<>();
        for (String name : present.keySet()) {
            if (!files.containsKey(name)) {
                seenFirst.add(name);
            }
        }
        seenFirst.sort(Comparator.naturalOrder());
        for (String name : seenFirst) {
            LogKind kind = present.get(name);
            BasicFileAttributes attributes;
            try {
                attributes = folder.regularFile(name);
            } catch (IOException e) {
                continue; // gone again, a link now, or unreadable: read() reports it
            }
            String key = key(attributes);
            for (TrackedFile file : List.copyOf(files.values())) {
                if (file.known() && file.kind == kind && file.fileKey.equals(key)
                        && !key.equals(keyOf(folder, file.name))
                        && sameFile(file.head(), file.offset(), folder, name, attributes)) {
                    files.remove(file.name);
                    file.name = name;
                    files.put(name, file);
                    break;
                }
            }
        }
    }

    /** Whether the file at {@code path} starts with this head and is at least {@code offset} long. */
    private static boolean sameFile(FileHead head, long offset, LogFolder folder, String name,
            BasicFileAttributes attributes) {
        try {
            // An empty head proves nothing: any new file would match it.
            return head.length() > 0 && offset <= attributes.size() && head.matches(folder, name, attributes.size());
        } catch (IOException e) {
            return false;
        }
    }

    private static String keyOf(LogFolder folder, String name) {
        try {
            return key(folder.attributes(name));
        } catch (IOException e) {
            return null;
        }
    }

    private static String key(BasicFileAttributes attributes) {
        return attributes.fileKey() == null ? "" : attributes.fileKey().toString();
    }

    /**
     * The saved cursor of this file: the one saved under its name, else one saved under another name for the same
     * file (renamed while the exporter was down). Null when none fits: the file is read from the start.
     */
    private FileCursor restoredCursor(LogFolder folder, String name, String key, BasicFileAttributes attributes)
            throws IOException {
        FileCursor own = restored.get(name);
        if (own != null && own.fileKey().equals(key) && sameOrEmpty(new FileHead(own.headLength(), own.headCrc()),
                own.offset(), folder, name, attributes)) {
            restored.remove(name);
            return own;
        }
        LogKind kind = LogKind.of(name).orElseThrow();
        for (Map.Entry<String, FileCursor> other : restored.entrySet()) {
            FileCursor c = other.getValue();
            if (!other.getKey().equals(name) && LogKind.of(other.getKey()).orElse(null) == kind
                    && c.fileKey().equals(key) && !key.equals(keyOf(folder, other.getKey()))
                    && sameFile(new FileHead(c.headLength(), c.headCrc()), c.offset(), folder, name, attributes)) {
                restored.remove(other.getKey());
                return c;
            }
        }
        return null;
    }

    /** @throws IOException when the file could not be read to tell: the cursor stays saved for the next poll */
    private static boolean sameOrEmpty(FileHead head, long offset, LogFolder folder, String name,
            BasicFileAttributes attributes) throws IOException {
        return offset <= attributes.size() && head.matches(folder, name, attributes.size());
    }

    /** The logs of the folder that are regular files; the links (and other entries) among them are skipped. */
    private Map<String, LogKind> list(LogFolder folder, Map<LogKind, SourcePoll> sources, Set<String> skippedNow)
            throws IOException {
        Map<String, LogKind> present = new HashMap<>();
        for (String name : folder.names()) {
            TrackedFile known = files.get(name);
            LogKind kind = known != null ? known.kind : LogKind.of(name).orElse(null);
            if (kind == null) {
                continue;
            }
            if (known != null) {
                // Known as a regular file: read() looks at it again (and opens it without following a link) if it
                // still has lines to give; a finished one is not opened at all. One stat per new name, not per poll.
                present.put(name, kind);
                continue;
            }
            try {
                if (folder.attributes(name).isRegularFile()) {
                    present.put(name, kind);
                } else {
                    skip(folder, name, sources.get(kind), skippedNow);
                }
            } catch (NoSuchFileException e) {
                // deleted since the listing
            } catch (IOException e) {
                present.put(name, kind); // read() tells the source it could not be read
            }
        }
        return present;
    }

    /** A log that is a link or no regular file: not read; counted and logged the first poll it is seen so. */
    private void skip(LogFolder folder, String name, SourcePoll source, Set<String> skippedNow) {
        if (skippedNow.add(name) && !skipped.contains(name)) {
            source.count(ParseErrors.NOT_REGULAR_FILE);
            LOG.warnf("Not reading %s: a symbolic link (or no regular file); the exporter reads only regular files "
                    + "and follows no link out of the folder it reads", folder.resolve(name));
        }
    }

    private void read(LogFolder folder, TrackedFile file, List<LogEvent> events, SourcePoll source, Instant now)
            throws IOException {
        if (file.finished()) {
            if (file.retired == null) {
                file.retire();
            }
            return; // e.g. a finished job's Worker log: the runner never writes to it again
        }
        String name = file.name;
        BasicFileAttributes attributes = folder.regularFile(name);
        String key = key(attributes);
        long size = attributes.size();
        if (file.interpreter != null && file.fileKey.equals(key) && size == file.seenSize
                && size >= file.lines.offset() && file.head.matches(folder, name, size)) {
            // Unchanged. The head is checked too: a file recreated at once gets the same inode back, and its new
            // content can have the very length already read. What the interpreter holds for more lines is complete
            // once the file has not grown for a while.
            if (file.grewAt == null || !now.isBefore(file.grewAt.plus(IDLE_AFTER))) {
                file.interpreter.idle(events);
            }
            return;
        }
        if (file.interpreter == null) {
            FileCursor saved = restoredCursor(folder, name, key, attributes);
            if (saved != null) {
                file.restart(key, new FileHead(saved.headLength(), saved.headCrc()), saved.offset(), saved.skipping(),
                        saved.jobKey(), saved.readOffset());
            } else {
                file.restart(key, FileHead.EMPTY, 0, false, null, 0);
            }
        } else if (!file.fileKey.equals(key) || size < file.lines.offset() || !file.head.matches(folder, name, size)) {
            file.restart(key, FileHead.EMPTY, 0, false, null, 0); // recreated or truncated: its content is new
        }
        if (file.head.length() < FileHead.MAX_LENGTH && size > file.head.length()) {
            file.head = FileHead.of(folder, name, size);
        }
        FileChannel channel = file.held;
        if (channel == null) {
            channel = folder.open(name);
            if (holds(file) && !isFile(channel, folder, name, key, file.head)) {
                channel.close();
                return; // replaced between the look and the open: the next read looks again
            }
        }
        file.seenSize = size;
        file.grewAt = now;
        List<LogEvent> fileEvents = new ArrayList<>();
        try {
            file.lines.read(channel, (text, endOffset) -> {
                source.line();
                file.interpreter.accept(text, endOffset, fileEvents, source);
            }, source);
        } finally {
            if (channel != file.held) {
                if (holds(file)) {
                    file.held = channel;
                } else {
                    channel.close();
                }
            }
        }
        file.interpreter.caughtUp(fileEvents);
        events.addAll(fileEvents);
        if (file.interpreter.finished()) {
            file.retire();
        }
    }

    /**
     * Whether a descriptor just opened is the file the name was found to be: the name still has its inode (so it
     * was not swapped for another file during the open) and the descriptor's first bytes are the head known.
     */
    private static boolean isFile(FileChannel channel, LogFolder folder, String name, String key, FileHead head)
            throws IOException {
        return key.equals(keyOf(folder, name)) && head.matches(channel);
    }
}
