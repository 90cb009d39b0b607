package dev.runnermetrics.exporter.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.logs.LogEvent;
import dev.runnermetrics.exporter.logs.ParseErrors;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files in a temporary _diag folder, changed between polls the way runners and operators change them. */
class DiagTailerTest {

    private static final String RUNNER = "Runner_20261101-100000-utc.log";
    private static final String WORKER = "Worker_20261101-100005-utc.log";

    @TempDir
    Path diag;

    private static String received(String jobId) {
        return "[2026-11-01 10:00:01Z INFO JobDispatcher] Job request 0 for plan p job " + jobId + " received.\n";
    }

    private void append(String file, String text) throws IOException {
        Files.writeString(diag.resolve(file), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static List<String> jobIds(DiagTailer.Poll poll) {
        return poll.events().stream().filter(e -> e instanceof LogEvent.JobStarted j && j.mark() == LogEvent.StartMark.RECEIVED)
                .map(e -> ((LogEvent.JobStarted) e).jobId()).toList();
    }

    @Test
    void waitsForTheNewlineOfAPartialLine() throws IOException {
        DiagTailer tailer = new DiagTailer(diag, 4096, Map.of());
        String line = received("J1");
        append(RUNNER, line.substring(0, 30));
        assertEquals(List.of(), jobIds(tailer.poll()));
        append(RUNNER, line.substring(30));
        assertEquals(List.of("J1"), jobIds(tailer.poll()));
        assertEquals(List.of(), jobIds(tailer.poll()), "nothing is read twice");
    }

    private static List<String> problems(DiagTailer.Poll poll) {
        return poll.events().stream().filter(e -> e instanceof LogEvent.ListenerProblem)
                .map(e -> ((LogEvent.ListenerProblem) e).reason().label()).toList();
    }

    @Test
    void aFailureIsCountedOnceTheFileHasStoppedGrowingAndNotBefore() throws IOException {
        java.time.Instant t = java.time.Instant.parse("2026-11-01T10:00:01Z");
        DiagTailer tailer = new DiagTailer(diag, 4096, Map.of());
        append(RUNNER, "[2026-11-01 10:00:01Z ERR  MessageListener] Catch exception during create session.\n");
        assertEquals(List.of(), problems(tailer.poll(t)), "the exception may follow in the same instant");
        assertEquals(0, tailer.cursors().get(RUNNER).offset(), "a restart reads the failure again");
        assertEquals(List.of(), problems(tailer.poll(t.plusMillis(250))), "idle for a poll: the writer may pause");
        append(RUNNER, "[2026-11-01 10:00:01Z ERR  MessageListener] GitHub.DistributedTask.WebApi"
                + ".TaskAgentSessionConflictException: The actions runner r already has an active session.\n"
                + "[2026-11-01 10:00:02Z INFO MessageLis"); // a listener killed in the middle of a line
        assertEquals(List.of(), problems(tailer.poll(t.plusMillis(1500))));
        assertEquals(List.of(), problems(tailer.poll(t.plusMillis(3000))), "not grown for 1.5 s only");
        assertEquals(List.of("session_conflict"), problems(tailer.poll(t.plusMillis(3500))),
                "not grown for 2 s: the failure is whole, and one problem");
        assertEquals(List.of(), problems(tailer.poll(t.plusMillis(6000))), "and counted once");
    }

    @Test
    void aFileThatCannotBeReadInTheFirstPollAfterARestartIsNotReadAgainFromItsStart() throws IOException {
        DiagTailer first = new DiagTailer(diag, 4096, Map.of());
        append(RUNNER, received("J1") + "[2026-11-01 10:00:05Z ERR  MessageListener] Catch exception during create "
                + "session.\n" + "[2026-11-01 10:00:09Z INFO JobDispatcher] Job request 0 for plan p job J2 received.\n");
        first.poll();
        first.poll();
        Map<String, FileCursor> saved = first.cursors();
        // The restart's first poll cannot read the log (a symlink loop in its place, which is not read: like any
        // I/O error but "no such file", its saved cursor stays); the next one can, and finds the same file.
        Path real = diag.resolve(RUNNER);
        Path aside = diag.resolve("aside");
        Files.move(real, aside);
        Files.createSymbolicLink(real, real);
        DiagTailer second = new DiagTailer(diag, 4096, saved);
        List<LogEvent> after = new java.util.ArrayList<>(second.poll().events());
        Files.delete(real);
        Files.move(aside, real);
        after.addAll(second.poll().events());
        after.addAll(second.poll().events());
        assertEquals(List.of(), after.stream().filter(e -> !(e instanceof LogEvent.JobActivity)).toList(),
                "nothing new was written, so nothing is taken again");
    }

    @Test
    void followsNewFilesAndForgetsDeletedOnes() throws IOException {
        DiagTailer tailer = new DiagTailer(diag, 4096, Map.of());
        append(RUNNER, received("J1"));
        assertEquals(List.of("J1"), jobIds(tailer.poll()));
        String rotated = "Runner_20261101-110000-utc.log"; // the runner started a new file (size limit)
        append(rotated, received("J2"));
        append(RUNNER, received("J1b"));
        assertEquals(List.of("J1b", "J2"), jobIds(tailer.poll()));
        Files.delete(diag.resolve(RUNNER)); // retention
        DiagTailer.Poll poll = tailer.poll();
        assertTrue(poll.folderReadable());
        assertTrue(poll.sources().get(LogKind.RUNNER).readable());
        assertEquals(List.of(rotated), List.copyOf(tailer.cursors().keySet()));
    }

    @Test
    void readsATruncatedOrRecreatedFileFromTheStart() throws IOException {
        DiagTailer tailer = new DiagTailer(diag, 4096, Map.of());
        append(RUNNER, received("J1") + received("J2"));
        assertEquals(List.of("J1", "J2"), jobIds(tailer.poll()));
        try (RandomAccessFile file = new RandomAccessFile(diag.resolve(RUNNER).toFile(), "rw")) {
            file.setLength(0); // copytruncate
        }
        append(RUNNER, received("J3"));
        assertEquals(List.of("J3"), jobIds(tailer.poll()));
        Files.delete(diag.resolve(RUNNER));
        append(RUNNER, received("J4") + received("J5") + received("J6")); // same name, new file, longer
        assertEquals(List.of("J4", "J5", "J6"), jobIds(tailer.poll()));
    }

    /**
     * Found by DiagTailerModelTest (seed 1, a file deleted and recreated that got its inode back): same inode, and new
     * content of the very length already read, looked unchanged. Truncating in place gives the same inode for sure.
     */
    @Test
    void newContentOfTheLengthAlreadyReadInTheSameInodeIsRead() throws IOException {
        DiagTailer tailer = new DiagTailer(diag, 4096, Map.of());
        append(RUNNER, received("J1"));
        assertEquals(List.of("J1"), jobIds(tailer.poll()));
        try (RandomAccessFile file = new RandomAccessFile(diag.resolve(RUNNER).toFile(), "rw")) {
            file.setLength(0); // copytruncate
        }
        append(RUNNER, received("J2")); // before the next poll, and as long as J1's line
        assertEquals(List.of("J2"), jobIds(tailer.poll()));
    }

    /** Found by DiagTailerModelTest: a renamed file was read again from its start under its new name. */
    @Test
    void aFileRenamedToAnotherTraceNameIsReadOnWhereItStopped() throws IOException {
        DiagTailer tailer = new DiagTailer(diag, 4096, Map.of());
        append(RUNNER, received("J1"));
        assertEquals(List.of("J1"), jobIds(tailer.poll()));
        String renamed = "Runner_20261101-110000-utc.log";
        Files.move(diag.resolve(RUNNER), diag.resolve(renamed));
        append(renamed, received("J2")); // the writer's open handle goes on into the renamed file
        append(RUNNER, received("J3")); // and a new file under the old name (logrotate's "create")
        assertEquals(List.of("J3", "J2"), jobIds(tailer.poll()));
        assertEquals(List.of(), jobIds(tailer.poll()));
    }

    /** Found by DiagTailerModelTest: renamed while the exporter was down, read again from the start on restart. */
    @Test
    void aFileRenamedWhileDownResumesFromItsSavedCursor() throws IOException {
        DiagTailer first = new DiagTailer(diag, 4096, Map.of());
        append(RUNNER, received("J1"));
        first.poll();
        Map<String, FileCursor> saved = first.cursors();
        String renamed = "Runner_20261101-110000-utc.log";
        Files.move(diag.resolve(RUNNER), diag.resolve(renamed));
        append(renamed, received("J2"));
        assertEquals(List.of("J2"), jobIds(new DiagTailer(diag, 4096, saved).poll()));
    }

    /** Found by DiagTailerModelTest (seed 3): a save before the first poll after a start wrote no cursors at all. */
    @Test
    void cursorsBeforeTheFirstPollAreTheRestoredOnes() throws IOException {
        DiagTailer first = new DiagTailer(diag, 4096, Map.of());
        append(RUNNER, received("J1"));
        first.poll();
        Map<String, FileCursor> saved = first.cursors();
        DiagTailer second = new DiagTailer(diag, 4096, saved);
        assertEquals(saved, second.cursors());
        append(RUNNER, received("J2"));
        assertEquals(List.of("J2"), jobIds(new DiagTailer(diag, 4096, second.cursors()).poll()));
    }

    @Test
    void skipsAndCountsOverLongLinesAndKeepsGoing() throws IOException {
        DiagTailer tailer = new DiagTailer(diag, 1024, Map.of());
        append(RUNNER, received("J1") + "[2026-11-01 10:00:02Z INFO Runner] " + "x".repeat(200_000) + "\n"
                + received("J2"));
        DiagTailer.Poll poll = tailer.poll();
        assertEquals(List.of("J1", "J2"), jobIds(poll));
        assertEquals(Map.of(ParseErrors.LINE_TOO_LONG, 1L), poll.sources().get(LogKind.RUNNER).errors());
    }

    @Test
    void resumesFromSavedCursorsWithoutRereading() throws IOException {
        DiagTailer first = new DiagTailer(diag, 4096, Map.of());
        append(RUNNER, received("J1"));
        first.poll();
        Map<String, FileCursor> saved = first.cursors();
        append(RUNNER, received("J2")); // written while the exporter was down
        DiagTailer second = new DiagTailer(diag, 4096, saved);
        assertEquals(List.of("J2"), jobIds(second.poll()));
    }

    @Test
    void aJobMessageHalfWrittenAtSaveTimeIsReadWholeAfterRestart() throws IOException {
        DiagTailer first = new DiagTailer(diag, 4096, Map.of());
        append(WORKER, "[2026-11-01 10:00:05Z INFO Worker] Job message:\n {\n  \"jobId\": \"J9\",\n");
        assertTrue(first.poll().events().stream().allMatch(e -> e instanceof LogEvent.JobActivity));
        FileCursor cursor = first.cursors().get(WORKER);
        assertEquals(0, cursor.offset(), "resume before the unfinished entry");
        append(WORKER, "  \"jobDisplayName\": \"build\"\n}\n[2026-11-01 10:00:06Z INFO JobRunner] Job ID J9\n");
        DiagTailer second = new DiagTailer(diag, 4096, first.cursors());
        List<LogEvent> events = second.poll().events();
        LogEvent.WorkerJob job = (LogEvent.WorkerJob) events.get(0);
        assertEquals("J9", job.jobKey());
        assertEquals("build", job.context().displayName());
        assertEquals("J9", second.cursors().get(WORKER).jobKey());
    }

    @Test
    void aMissingFolderIsReportedAndPickedUpWhenItAppears() throws IOException {
        Path later = diag.resolve("later/_diag");
        DiagTailer tailer = new DiagTailer(later, 4096, Map.of());
        DiagTailer.Poll missing = tailer.poll();
        assertFalse(missing.folderReadable());
        assertFalse(missing.sources().get(LogKind.WORKER).readable());
        Files.createDirectories(later);
        Files.writeString(later.resolve(RUNNER), received("J1"));
        assertEquals(List.of("J1"), jobIds(tailer.poll()));
    }

    @Test
    void ignoresFilesThatAreNotRunnerTraces() throws IOException {
        DiagTailer tailer = new DiagTailer(diag, 4096, Map.of());
        append("Runner_20261101-100000-utc.log.bak", received("X"));
        append(".credentials", "secret");
        Files.createDirectories(diag.resolve("pages"));
        assertEquals(List.of(), tailer.poll().events());
        assertEquals(Map.of(), tailer.cursors());
    }
}
