package dev.runnermetrics.exporter.steps;

import dev.runnermetrics.exporter.logs.ParseErrors;
import dev.runnermetrics.exporter.tail.LineReader;
import dev.runnermetrics.exporter.tail.LogFolder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Follows the step output the runner writes into {@code _diag/pages} and {@code _diag/blocks}. The runner deletes a
 * page about a second after closing it (once uploaded), so each poll picks new files up and reads them as they grow,
 * and keeps a file open while its writer may still add to it: a file deleted while open is still read to its end (an
 * unlinked file stays readable through an open handle). Each timeline record is read from one folder only, pages
 * when there are any, because blocks repeat the same lines. Folders and files are opened through {@link LogFolder}: a
 * {@code pages} or {@code blocks} folder or a page that is a symbolic link is not followed (logged once).
 */
public final class PageWatcher implements StepOutputSource {

    private static final Logger LOG = Logger.getLogger(PageWatcher.class);
    /** Step output has no parse error metric: an over-long line is skipped without a count. */
    private static final ParseErrors UNCOUNTED = reason -> { };

    private static final class Tracked {
        final StepFile file;
        FileChannel channel;
        LineReader lines;
        boolean idle;
        /** Deleted before it could be opened (already counted missed); kept while its name is still listed. */
        boolean lost;

        Tracked(StepFile file, LineReader lines) {
            this.file = file;
            this.lines = lines;
        }
    }

    private final Path diagDir;
    private final int maxLineBytes;
    private final StepState state;
    private final Map<String, Tracked> tracked = new HashMap<>();
    private boolean restored;
    private boolean known;
    private boolean readFailureLogged;
    private boolean linkLogged;

    /** @param state the runner's saved step output state; cursors and counters are kept in it */
    public PageWatcher(Path diagDir, int maxLineBytes, StepState state) {
        this.diagDir = diagDir;
        this.maxLineBytes = maxLineBytes;
        this.state = state;
    }

    @Override
    public boolean known() {
        return known;
    }

    @Override
    public boolean poll(JobView jobs, LineSink sink) {
        LogFolder diag;
        try {
            diag = LogFolder.open(diagDir);
        } catch (IOException | SecurityException e) {
            return false; // not mounted (yet), or a link: nothing can be said about files that were there
        }
        Map<StepFile.Kind, LogFolder> open = new EnumMap<>(StepFile.Kind.class);
        try {
            return poll(diag, open, jobs, sink);
        } finally {
            open.values().forEach(PageWatcher::close);
            close(diag);
        }
    }

    private boolean poll(LogFolder diag, Map<StepFile.Kind, LogFolder> open, JobView jobs, LineSink sink) {
        Map<String, StepFile> listed = new HashMap<>();
        Set<StepFile.Kind> listedKinds = EnumSet.noneOf(StepFile.Kind.class);
        boolean folders = list(diag, open, listed, listedKinds);
        known |= folders || state.pagesSeen() > 0;
        if (!restored) {
            restored = true;
            restore();
        }
        boolean changed = discover(listed, jobs);
        Map<String, Integer> lastListed = new HashMap<>();
        for (StepFile f : listed.values()) {
            lastListed.merge(f.kind() + f.stream(), f.number(), Math::max);
        }
        List<Tracked> order = new ArrayList<>(tracked.values());
        // A stream's files in the order they were written, so a restore spanning two pages is seen whole.
        order.sort(Comparator.comparing((Tracked t) -> t.file.stream()).thenComparing(t -> t.file.kind())
                .thenComparingInt(t -> t.file.number()));
        for (Tracked t : order) {
            StepStream stream = state.stream(t.file.stream());
            if (stream == null) {
                stream = new StepStream(t.file.kind().folder, null); // forgotten by the memory cap
                state.remember(t.file.stream(), stream);
            }
            if (!listed.containsKey(t.file.key())) {
                if (listedKinds.contains(t.file.kind())) {
                    changed |= finish(t, stream, sink);
                    tracked.remove(t.file.key());
                }
                continue;
            }
            if (!t.lost) {
                boolean writerDone = !jobs.isOpen(stream.job())
                        || lastListed.getOrDefault(t.file.kind() + t.file.stream(), 0) > t.file.number();
                changed |= read(open.get(t.file.kind()), t, stream, sink, writerDone);
            }
        }
        saveCursors();
        return changed;
    }

    /**
     * Lists both folders, leaving them open in {@code open} for the reads; a folder that does not exist (or is a
     * link, not followed) holds no files, one that cannot be listed tells nothing. A page that is a link is listed,
     * and missed when it is not read.
     */
    private boolean list(LogFolder diag, Map<StepFile.Kind, LogFolder> open, Map<String, StepFile> listed,
            Set<StepFile.Kind> listedKinds) {
        boolean folders = false;
        for (StepFile.Kind kind : StepFile.Kind.values()) {
            LogFolder dir;
            try {
                dir = diag.folder(kind.folder);
            } catch (NoSuchFileException e) {
                listedKinds.add(kind);
                continue;
            } catch (LogFolder.NotRegularFileException e) {
                logLink(diag.resolve(kind.folder));
                listedKinds.add(kind);
                continue;
            } catch (IOException | SecurityException e) {
                logReadFailure(diag.resolve(kind.folder), e);
                continue;
            }
            open.put(kind, dir);
            folders = true;
            try {
                for (String name : dir.names()) {
                    StepFile file = StepFile.of(kind, name).orElse(null);
                    if (file != null) {
                        listed.put(file.key(), file);
                    }
                }
                listedKinds.add(kind);
            } catch (IOException | SecurityException e) {
                logReadFailure(dir.path(), e);
            }
        }
        return folders;
    }


    /** Takes up the saved cursors; files deleted while the exporter was down are settled in the first poll. */
    private void restore() {
        state.files().forEach((key, cursor) -> {
            int slash = key.indexOf('/');
            for (StepFile.Kind kind : StepFile.Kind.values()) {
                if (slash > 0 && key.substring(0, slash).equals(kind.folder)) {
                    StepFile.of(kind, key.substring(slash + 1)).ifPresent(file -> {
                        Tracked t = new Tracked(file, new LineReader(maxLineBytes, cursor.offset(), cursor.skipping()));
                        t.idle = cursor.idle();
                        tracked.put(key, t);
                    });
                }
            }
        });
    }

    /** Starts tracking files not seen before, binding each new stream to its folder and job. */
    private boolean discover(Map<String, StepFile> listed, JobView jobs) {
        Set<String> paged = new HashSet<>();
        for (StepFile f : listed.values()) {
            if (f.kind() == StepFile.Kind.PAGES) {
                paged.add(f.stream());
            }
        }
        List<StepFile> fresh = new ArrayList<>();
        for (StepFile f : listed.values()) {
            if (!tracked.containsKey(f.key())) {
                fresh.add(f);
            }
        }
        fresh.sort(Comparator.comparing(StepFile::key));
        boolean changed = false;
        for (StepFile f : fresh) {
            StepStream stream = state.stream(f.stream());
            if (stream == null) {
                if (f.kind() == StepFile.Kind.BLOCKS && paged.contains(f.stream())) {
                    continue; // the same lines are in the pages
                }
                stream = new StepStream(f.kind().folder, jobOf(f.timeline(), jobs));
                state.remember(f.stream(), stream);
            } else if (!stream.kind().equals(f.kind().folder)) {
                continue; // the other copy of a stream already being read
            }
            tracked.put(f.key(), new Tracked(f, new LineReader(maxLineBytes, 0, false)));
            state.pageSeen();
            changed = true;
        }
        return changed;
    }

    /**
     * All records of a job share the job's timeline, so a stream belongs to the job an earlier stream of its timeline
     * was given; the first one of a timeline belongs to the job the runner runs when it appears.
     */
    private String jobOf(String timeline, JobView jobs) {
        for (Map.Entry<String, StepStream> e : state.streams().entrySet()) {
            if (e.getKey().startsWith(timeline + "_")) {
                return e.getValue().job();
            }
        }
        return jobs.current();
    }

    private boolean read(LogFolder dir, Tracked t, StepStream stream, LineSink sink, boolean writerDone) {
        Path path = dir.resolve(t.file.name());
        try {
            if (t.channel == null) {
                if (t.idle && dir.regularFile(t.file.name()).size() <= t.lines.offset()) {
                    return false;
                }
                t.channel = dir.open(t.file.name());
                if (t.channel.size() < t.lines.offset()) {
                    t.lines = new LineReader(maxLineBytes, 0, false); // not the content the cursor was for
                }
                t.idle = false;
            }
            long before = t.lines.offset();
            t.lines.read(t.channel, (text, endOffset) -> pass(t, stream, sink, text), UNCOUNTED);
            boolean changed = t.lines.offset() != before;
            if (writerDone && t.lines.offset() == t.channel.size()) {
                // Nothing more will come (its job is over or the next page exists): no need to hold it open.
                close(t);
                t.idle = true;
                changed = true;
            }
            return changed;
        } catch (NoSuchFileException e) {
            if (t.channel == null && !t.idle) {
                t.lost = true; // listed, then deleted before it could be opened
                state.pageMissed();
                return true;
            }
            return false; // an idle file deleted since the listing: settled when it is no longer listed
        } catch (LogFolder.NotRegularFileException e) {
            logLink(path); // not read, and missed if it was never opened
            if (t.channel == null && !t.idle) {
                t.lost = true;
                state.pageMissed();
                return true;
            }
            return false;
        } catch (IOException e) {
            logReadFailure(path, e);
            close(t);
            return false;
        }
    }

    /** Settles a file that is no longer listed: read to its end, or missed. */
    private boolean finish(Tracked t, StepStream stream, LineSink sink) {
        if (t.lost) {
            return false;
        }
        if (t.channel != null) {
            try {
                t.lines.readToEnd(t.channel, (text, endOffset) -> pass(t, stream, sink, text), UNCOUNTED);
                state.pageRead();
            } catch (IOException e) {
                state.pageMissed(); // lines read before stay counted
            } finally {
                close(t);
            }
        } else if (t.idle) {
            state.pageRead();
        } else {
            state.pageMissed(); // deleted while the exporter was down or could not read it
        }
        return true;
    }

    /**
     * The job's own record (its record id is the job id) repeats every line of every step (the runner's
     * ExecutionContext.Write copies step output to the job-level log), so its lines are read but not recognised:
     * each restore is counted from its step's record only.
     */
    private static void pass(Tracked t, StepStream stream, LineSink sink, String text) {
        if (stream.job() == null || !t.file.record().equalsIgnoreCase(stream.job())) {
            sink.accept(stream, text);
        }
    }

    private void saveCursors() {
        Map<String, PageCursor> cursors = new LinkedHashMap<>();
        tracked.forEach((key, t) -> {
            if (!t.lost) {
                cursors.put(key, new PageCursor(t.lines.offset(), t.lines.skipping(), t.idle));
            }
        });
        state.cursors(cursors);
    }

    private void logReadFailure(Path path, Exception e) {
        if (!readFailureLogged) {
            LOG.warnf("Cannot read step output %s: %s (cache metrics may miss restores)", path, e.toString());
            readFailureLogged = true;
        }
    }

    private void logLink(Path path) {
        if (!linkLogged) {
            LOG.warnf("Not reading step output %s: a symbolic link (or no regular file); the exporter follows no "
                    + "link out of the folder it reads (further ones are skipped without a message)", path);
            linkLogged = true;
        }
    }

    private static void close(LogFolder folder) {
        try {
            folder.close();
        } catch (IOException e) {
            // a listing only: nothing to lose
        }
    }

    private static void close(Tracked t) {
        if (t.channel != null) {
            try {
                t.channel.close();
            } catch (IOException e) {
                // nothing was written through it
            }
            t.channel = null;
        }
    }

    @Override
    public void close() {
        tracked.values().forEach(PageWatcher::close);
    }
}
