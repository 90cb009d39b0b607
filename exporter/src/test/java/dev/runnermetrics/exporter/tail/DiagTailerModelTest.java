package dev.runnermetrics.exporter.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runnermetrics.exporter.logs.LogEvent;
import dev.runnermetrics.exporter.model.RunnerState;
import dev.runnermetrics.exporter.state.PersistedState;
import dev.runnermetrics.exporter.state.StateStore;
import dev.runnermetrics.exporter.steps.StepState;
import dev.runnermetrics.exporter.testing.RunnerDir;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model test of the tailer, in the manner of Vector's file-source model tests: a seeded random sequence of what
 * runners, logrotate and operators do to a {@code _diag} folder is applied to real files, the tailer is polled in
 * between, and a small model says exactly which entries each poll must deliver.
 *
 * <p>The model's contract: every complete entry of every file is delivered exactly once, in file order, by the
 * first poll after it is complete; restarting from the saved state neither loses nor repeats an entry relative to
 * what was saved with it (the engine saves counts and offsets together). Loss the model allows, because no tailer
 * can see it: entries written after the last poll to a file that is then deleted, truncated (also by
 * copytruncate, whose copy carries a logrotate suffix the exporter does not read), or recreated before the next
 * poll; after a crash, entries delivered after the last save from a file that is gone by the restart. What the model
 * does not do, because runners do not: write to a Worker log after its {@code Job completed.} line (the tailer stops
 * reading it), or write two files whose first line has the same time stamp (a file's identity is its inode plus a
 * checksum of its first bytes).
 *
 * <p>{@code -Dfault.seeds=N} runs N seeds (default {@value #DEFAULT_SEEDS}); {@code -Dfault.seed=S} runs seed S
 * alone, with its operations printed.
 */
class DiagTailerModelTest {

    static final int DEFAULT_SEEDS = 40;
    private static final int OPERATIONS = 150;
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void randomFileOperationsDeliverEveryCompleteEntryExactlyOnce() throws IOException {
        String single = System.getProperty("fault.seed");
        if (single != null) {
            new Run(Long.parseLong(single), tmp, true).run(OPERATIONS);
            return;
        }
        int seeds = Integer.getInteger("fault.seeds", DEFAULT_SEEDS);
        long first = Long.getLong("fault.firstSeed", 1);
        Run.Stats total = new Run.Stats();
        for (long seed = first; seed < first + seeds; seed++) {
            Run run = new Run(seed, tmp.resolve("seed-" + seed), false);
            run.run(OPERATIONS);
            total.add(run.stats);
            deleteTree(tmp.resolve("seed-" + seed));
        }
        System.out.printf("DiagTailerModelTest: %d seeds x %d operations: %s%n", seeds, OPERATIONS, total);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** One entry: a line, or a header with a multi-line JSON payload. A null id means it yields no event. */
    record Entry(String id, String text) {
    }

    /** One physical file's content over its life; a truncation starts a new one under the same name. */
    static final class Instance {
        final int serial;
        final LogKind kind;
        String name;
        final List<Entry> entries = new ArrayList<>();
        /** Entries the tailer has delivered (a prefix of {@code entries}). */
        int delivered;
        /** An entry written only in part ({@code pendingWritten} bytes so far); the writer finishes it later. */
        Entry pending;
        int pendingWritten;
        boolean completed;

        Instance(int serial, LogKind kind, String name) {
            this.serial = serial;
            this.kind = kind;
            this.name = name;
        }

        @Override
        public String toString() {
            return "#" + serial + "(" + name + ")";
        }
    }

    /** One seed's run against a fresh _diag folder. */
    static final class Run {

        static final class Stats {
            long operations;
            long polls;
            long delivered;
            long lostUnavoidably;
            long restarts;
            long renames;

            void add(Stats s) {
                operations += s.operations;
                polls += s.polls;
                delivered += s.delivered;
                lostUnavoidably += s.lostUnavoidably;
                restarts += s.restarts;
                renames += s.renames;
            }

            @Override
            public String toString() {
                return "polls=" + polls + " entries delivered=" + delivered + " lost (unavoidably)="
                        + lostUnavoidably + " restarts=" + restarts + " renames=" + renames;
            }
        }

        private final long seed;
        private final Random random;
        private final Path diag;
        private final Path stateDir;
        private final StateStore store;
        private final boolean verbose;
        private final List<Instance> live = new ArrayList<>();
        private final Map<String, Instance> byId = new HashMap<>();
        private final List<String> log = new ArrayList<>();
        final Stats stats = new Stats();
        private DiagTailer tailer;
        private Map<Instance, Integer> savedDelivered = new IdentityHashMap<>();
        private boolean saved;
        private int nextSerial;
        private int nextEntry;
        private int nextName;

        Run(long seed, Path root, boolean verbose) throws IOException {
            this.seed = seed;
            this.random = new Random(seed);
            this.diag = root.resolve("_diag");
            this.stateDir = stateRoot(root);
            this.store = new StateStore(stateDir, Clock.systemUTC());
            this.verbose = verbose;
            Files.createDirectories(diag);
            tailer = new DiagTailer(diag, 4096, Map.of());
        }

        /**
         * The state file goes through the real store, which syncs every write; on a busy disk those syncs would take
         * most of the run, so it lives in memory (/dev/shm) where there is one. The log files stay beside the test.
         */
        private static Path stateRoot(Path root) throws IOException {
            Path shm = Path.of("/dev/shm");
            if (Files.isDirectory(shm) && Files.isWritable(shm)) {
                return Files.createTempDirectory(shm, "diag-tailer-model-");
            }
            return root.resolve("state");
        }

        void run(int operations) throws IOException {
            try {
                create(LogKind.RUNNER);
                for (int i = 0; i < operations; i++) {
                    step();
                    stats.operations++;
                    if (random.nextInt(100) < 45) {
                        poll();
                    }
                }
                for (Instance f : List.copyOf(live)) {
                    if (f.pending != null) {
                        finish(f);
                    }
                }
                poll();
            } catch (AssertionError | IOException | RuntimeException e) {
                throw new AssertionError("seed " + seed + " failed (rerun alone: -Dfault.seed=" + seed
                        + "); operations:\n  " + String.join("\n  ", log), e);
            } finally {
                deleteTree(stateDir);
            }
        }

        private void note(String what) {
            log.add(what);
            if (verbose) {
                System.out.println("seed " + seed + ": " + what);
            }
        }

        private void step() throws IOException {
            int p = random.nextInt(100);
            List<Instance> writable = live.stream().filter(f -> !f.completed).toList();
            List<Instance> pending = live.stream().filter(f -> f.pending != null).toList();
            if (p < 28 && !writable.isEmpty()) {
                Instance f = pick(writable);
                if (f.pending != null) {
                    finish(f);
                }
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    write(f, entry(f.kind), -1);
                }
            } else if (p < 38 && !writable.isEmpty()) {
                Instance f = pick(writable);
                if (f.pending == null) {
                    Entry e = entry(f.kind);
                    write(f, e, 1 + random.nextInt(e.text().length() - 1));
                }
            } else if (p < 46 && !pending.isEmpty()) {
                finish(pick(pending));
            } else if (p < 54 || live.isEmpty()) {
                create(random.nextBoolean() ? LogKind.RUNNER : LogKind.WORKER);
            } else if (p < 61) {
                rotate(pick(live));
            } else if (p < 65 && !writable.isEmpty()) {
                copyTruncate(pick(writable));
            } else if (p < 69 && !writable.isEmpty()) {
                truncate(pick(writable));
            } else if (p < 74 || live.size() > 8) {
                delete(pick(live));
            } else if (p < 78 && !writable.isEmpty()) {
                Instance f = pick(writable);
                delete(f);
                Instance again = create(f.kind, f.name);
                note("  (recreated " + f.name + " as " + again + ")");
            } else if (p < 82) {
                Instance f = pick(live);
                if (f.kind == LogKind.WORKER && !f.completed) {
                    if (f.pending != null) {
                        finish(f);
                    }
                    write(f, new Entry(null, line("Worker", "Job completed.")), -1);
                    f.completed = true;
                }
            } else if (p < 90) {
                save();
            } else if (p < 95) {
                restart(false);
            } else {
                save();
                restart(true);
            }
        }

        private <T> T pick(List<T> list) {
            return list.get(random.nextInt(list.size()));
        }

        // ------------------------------------------------------------------------------------------ content

        private String line(String component, String message) {
            Instant t = T0.plusSeconds(nextEntry++);
            return "[" + RunnerDir.stamp(t) + " INFO " + component + "] " + message + "\n";
        }

        private Entry entry(LogKind kind) {
            int kindOf = random.nextInt(10);
            String id = "L" + nextEntry;
            if (kindOf == 0) {
                return new Entry(null, line("HostContext", "Well known directory 'Bin': '/runner/bin'"));
            }
            if (kindOf == 1) {
                return new Entry(null, line("Runner", "Caught exception") + "   at GitHub.Runner.Listener()\n");
            }
            if (kind == LogKind.RUNNER) {
                return new Entry(id, line("JobDispatcher", "Job request 0 for plan p job " + id + " received."));
            }
            if (kindOf < 6) {
                return new Entry(id, line("JobRunner", "Job ID " + id));
            }
            return new Entry(id, line("Worker", "Job message:") + " {\n  \"jobId\": \"" + id
                    + "\",\n  \"jobDisplayName\": \"build " + id + "\"\n}\n");
        }

        private String freshName(LogKind kind) {
            int n = nextName++;
            return (kind == LogKind.RUNNER ? "Runner_" : "Worker_") + String.format("20261101-%06d-utc.log", n);
        }

        // ------------------------------------------------------------------------------------------ operations

        private Instance create(LogKind kind) throws IOException {
            return create(kind, freshName(kind));
        }

        private Instance create(LogKind kind, String name) throws IOException {
            Instance f = new Instance(nextSerial++, kind, name);
            Files.write(diag.resolve(name), new byte[0], StandardOpenOption.CREATE_NEW);
            live.add(f);
            note("create " + f);
            if (random.nextBoolean()) {
                write(f, entry(kind), -1);
            }
            return f;
        }

        /** Appends an entry, or its first {@code partBytes} bytes when that is not -1. */
        private void write(Instance f, Entry e, int partBytes) throws IOException {
            byte[] bytes = e.text().getBytes(StandardCharsets.UTF_8);
            if (partBytes < 0) {
                append(f, bytes, 0, bytes.length);
                f.entries.add(e);
                if (e.id() != null) {
                    byId.put(e.id(), f);
                }
                note("append " + f + " " + describe(e));
            } else {
                append(f, bytes, 0, partBytes);
                f.pending = e;
                f.pendingWritten = partBytes;
                note("append part " + f + " " + describe(e) + " (" + partBytes + " of " + bytes.length + " bytes)");
            }
        }

        private void finish(Instance f) throws IOException {
            byte[] bytes = f.pending.text().getBytes(StandardCharsets.UTF_8);
            append(f, bytes, f.pendingWritten, bytes.length - f.pendingWritten);
            f.entries.add(f.pending);
            if (f.pending.id() != null) {
                byId.put(f.pending.id(), f);
            }
            note("finish " + f + " " + describe(f.pending));
            f.pending = null;
        }

        private static String describe(Entry e) {
            return e.id() == null ? "(no event)" : e.id() + (e.text().contains("{") ? " (json)" : "");
        }

        private void append(Instance f, byte[] bytes, int from, int length) throws IOException {
            try (var out = Files.newOutputStream(diag.resolve(f.name), StandardOpenOption.APPEND)) {
                out.write(bytes, from, length);
            }
        }

        /** Renamed to a new Runner_/Worker_ name; the old name is then recreated empty, a fresh name started, or neither. */
        private void rotate(Instance f) throws IOException {
            String old = f.name;
            String to = freshName(f.kind);
            Files.move(diag.resolve(old), diag.resolve(to));
            f.name = to;
            stats.renames++;
            note("rename " + old + " -> " + to + " " + f);
            int then = random.nextInt(3);
            if (then == 0) {
                create(f.kind, old);
            } else if (then == 1) {
                create(f.kind);
            }
        }

        /** logrotate's copytruncate: the copy gets a suffix the exporter does not read; the writer goes on. */
        private void copyTruncate(Instance f) throws IOException {
            Files.copy(diag.resolve(f.name), diag.resolve(f.name + "." + nextName++));
            note("copytruncate " + f);
            truncateTo0(f);
        }

        private void truncate(Instance f) throws IOException {
            note("truncate " + f);
            truncateTo0(f);
        }

        private void truncateTo0(Instance f) throws IOException {
            try (RandomAccessFile raf = new RandomAccessFile(diag.resolve(f.name).toFile(), "rw")) {
                raf.setLength(0);
            }
            Instance after = new Instance(nextSerial++, f.kind, f.name);
            replace(f, after);
            note("  (now " + after + ")");
        }

        private void delete(Instance f) throws IOException {
            Files.delete(diag.resolve(f.name));
            note("delete " + f);
            replace(f, null);
        }

        /** The file's content is gone: what the tailer had not read of it is lost, and that cannot be helped. */
        private void replace(Instance f, Instance by) {
            stats.lostUnavoidably += f.entries.size() - f.delivered;
            live.set(live.indexOf(f), by);
            live.remove(null);
        }

        private void save() throws IOException {
            PersistedState state = new PersistedState();
            state.putRunner("r", new PersistedState.Runner(tailer.cursors(), new RunnerState(), new StepState()));
            store.save(state);
            savedDelivered = new IdentityHashMap<>();
            live.forEach(f -> savedDelivered.put(f, f.delivered));
            saved = true;
            note("save " + savedDelivered.values());
        }

        /** A new tailer on the last saved state; after a crash, what was delivered since that save is forgotten too. */
        private void restart(boolean graceful) {
            Map<String, FileCursor> cursors = saved
                    ? store.load().orElseThrow().runners().get("r").cursors()
                    : Map.of();
            tailer = new DiagTailer(diag, 4096, cursors);
            for (Instance f : live) {
                f.delivered = savedDelivered.getOrDefault(f, 0);
            }
            stats.restarts++;
            note((graceful ? "graceful restart" : "crash and restart") + " from the last save");
        }

        // ------------------------------------------------------------------------------------------ the check

        private void poll() {
            Map<Integer, List<String>> expected = new TreeMap<>();
            for (Instance f : live) {
                List<String> ids = new ArrayList<>();
                for (Entry e : f.entries.subList(f.delivered, f.entries.size())) {
                    if (e.id() != null) {
                        ids.add(e.id());
                    }
                }
                if (!ids.isEmpty()) {
                    expected.put(f.serial, ids);
                }
            }
            DiagTailer.Poll poll = tailer.poll();
            Map<Integer, List<String>> actual = new TreeMap<>();
            List<String> unknown = new ArrayList<>();
            for (LogEvent event : poll.events()) {
                String id = event instanceof LogEvent.JobStarted r ? r.jobId()
                        : event instanceof LogEvent.WorkerJob w ? w.jobKey()
                        : null;
                if (id == null) {
                    continue; // JobActivity: a Worker log was read
                }
                Instance f = byId.get(id);
                if (f == null || !live.contains(f)) {
                    unknown.add(id + (f == null ? "" : " of gone " + f));
                } else {
                    actual.computeIfAbsent(f.serial, k -> new ArrayList<>()).add(id);
                }
            }
            stats.polls++;
            note("poll: expected " + expected + (expected.equals(actual) && unknown.isEmpty()
                    ? "" : " got " + actual + " and not on disk " + unknown));
            assertEquals(List.of(), unknown, "entries delivered that no present file holds (twice, or from a copy)");
            assertEquals(expected, actual, "entries delivered per file instance, in file order");
            for (Instance f : live) {
                stats.delivered += f.entries.size() - f.delivered;
                f.delivered = f.entries.size();
            }
        }
    }

}
