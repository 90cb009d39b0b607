package dev.runnermetrics.exporter.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.logs.LogEvent;
import dev.runnermetrics.exporter.logs.ParseErrors;
import dev.runnermetrics.exporter.testing.OpenFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tailer holding its growing logs open (node mode), on real files: what is written just before the folder is
 * deleted is still read from the descriptor, a held descriptor is never read for another file, and every descriptor
 * is closed once the file is done with. Open descriptors are counted in {@code /proc/self/fd} (Linux).
 */
class DiagTailerHeldTest {

    private static final String RUNNER = "Runner_20261101-100000-utc.log";
    private static final String RUNNER_2 = "Runner_20261101-110000-utc.log";
    private static final String WORKER = "Worker_20261101-100005-utc.log";
    private static final Instant T = Instant.parse("2026-11-01T10:00:30Z");

    @TempDir
    Path tmp;

    private Path diag;
    private DiagTailer tailer;

    @AfterEach
    void close() {
        if (tailer != null) {
            tailer.close();
        }
    }

    private DiagTailer tailer() throws IOException {
        diag = Files.createDirectories(tmp.resolve("_diag"));
        tailer = new DiagTailer(diag, 4096, Map.of(), true);
        return tailer;
    }

    private static String received(String jobId) {
        return "[2026-11-01 10:00:01Z INFO JobDispatcher] Job request 0 for plan p job " + jobId + " received.\n";
    }

    private void append(String file, String text) throws IOException {
        Files.writeString(diag.resolve(file), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static List<String> jobIds(DiagTailer.Poll poll) {
        return poll.events().stream()
                .filter(e -> e instanceof LogEvent.JobStarted j && j.mark() == LogEvent.StartMark.RECEIVED)
                .map(e -> ((LogEvent.JobStarted) e).jobId()).toList();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void linesWrittenJustBeforeTheFolderIsDeletedAreReadFromTheHeldFile() throws IOException {
        tailer();
        append(RUNNER, received("J1"));
        assertEquals(List.of("J1"), jobIds(tailer.poll(T)));
        assertEquals(1, tailer.held());
        append(RUNNER, received("J2") + received("J3").stripTrailing()); // the last line's writer was killed
        deleteTree(diag);
        assertFalse(tailer.poll(T.plusSeconds(1)).folderReadable(), "the folder is gone");
        assertEquals(List.of("J2", "J3"), jobIds(tailer.drain(T.plusSeconds(1))),
                "read to the end from the descriptor, the unfinished last line too");
        assertEquals(0, tailer.held());
        assertEquals(0, OpenFiles.under(tmp));
    }

    @Test
    void aFolderEmptiedFileByFileIsReadToTheEndOfEachFileAsItGoes() throws IOException {
        tailer();
        append(RUNNER, received("J1"));
        tailer.poll(T);
        append(RUNNER, received("J2"));
        Files.delete(diag.resolve(RUNNER)); // rm -rf removes the files before the folder
        assertEquals(List.of("J2"), jobIds(tailer.poll(T.plusSeconds(1))));
        assertEquals(0, tailer.held());
        assertEquals(List.of(), jobIds(tailer.drain(T.plusSeconds(2))), "nothing read twice");
    }

    @Test
    void withoutHoldingTheLinesOfADeletedFolderAreLostAsBefore() throws IOException {
        diag = Files.createDirectories(tmp.resolve("_diag"));
        tailer = new DiagTailer(diag, 4096, Map.of());
        append(RUNNER, received("J1"));
        tailer.poll(T);
        assertEquals(0, OpenFiles.under(tmp), "sidecar and host modes hold nothing between reads");
        append(RUNNER, received("J2"));
        deleteTree(diag);
        assertEquals(List.of(), jobIds(tailer.drain(T.plusSeconds(1))));
    }

    @Test
    void onlyTheNewestRunnerLogAndARunningJobsWorkerLogAreHeld() throws IOException {
        tailer();
        append(RUNNER, received("J1"));
        append(WORKER, "[2026-11-01 10:00:05Z INFO Worker] Version: 2.333.1\n");
        tailer.poll(T);
        assertEquals(2, tailer.held());
        assertEquals(2, OpenFiles.under(tmp));
        append(RUNNER_2, received("J2")); // rotated: the runner writes the new file from now on
        assertEquals(List.of("J2"), jobIds(tailer.poll(T.plusSeconds(1))));
        assertEquals(2, tailer.held(), "the new Runner_ log instead of the old one");
        append(WORKER, "[2026-11-01 10:00:40Z INFO JobRunner] Job result after all job steps finish: Succeeded\n"
                + "[2026-11-01 10:00:40Z INFO Worker] Job completed.\n");
        tailer.poll(T.plusSeconds(2));
        assertEquals(1, tailer.held(), "a finished job's Worker log is let go");
        tailer.poll(T.plusSeconds(2).plus(DiagTailer.HELD_IDLE));
        assertEquals(0, tailer.held(), "a file idle for long is let go too");
        append(RUNNER_2, received("J3"));
        assertEquals(List.of("J3"), jobIds(tailer.poll(T.plus(DiagTailer.HELD_IDLE).plusSeconds(3))));
        assertEquals(1, tailer.held(), "and held again once it grows");
    }

    @Test
    void aHeldFileReplacedByALinkIsNotFollowedAndItsDescriptorIsClosed() throws IOException {
        tailer();
        append(RUNNER, received("J1"));
        tailer.poll(T);
        assertEquals(1, tailer.held());
        Path secret = Files.writeString(tmp.resolve("secret.log"), received("SECRET"));
        Files.delete(diag.resolve(RUNNER));
        Files.createSymbolicLink(diag.resolve(RUNNER), secret);
        DiagTailer.Poll poll = tailer.poll(T.plusSeconds(1));
        assertEquals(List.of(), jobIds(poll), "neither the link's target nor the file it replaced is read for it");
        assertEquals(Map.of(ParseErrors.NOT_REGULAR_FILE, 1L), poll.sources().get(LogKind.RUNNER).errors());
        assertEquals(0, tailer.held());
        assertEquals(List.of(), jobIds(tailer.drain(T.plusSeconds(2))));
        assertEquals(0, OpenFiles.under(tmp));
    }

    @Test
    void aHeldFileReplacedByAnotherFileIsReadAsNewAndTheOldDescriptorIsClosed() throws IOException {
        tailer();
        append(RUNNER, received("J1"));
        tailer.poll(T);
        Path replacement = Files.writeString(tmp.resolve("new.log"), received("J9") + received("J10"));
        Files.move(replacement, diag.resolve(RUNNER), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(List.of("J9", "J10"), jobIds(tailer.poll(T.plusSeconds(1))), "read from the start: new content");
        assertEquals(1, tailer.held());
        assertEquals(1, OpenFiles.under(tmp), "the replaced file's descriptor was closed");
        append(RUNNER, received("J11"));
        assertEquals(List.of("J11"), jobIds(tailer.poll(T.plusSeconds(2))));
        assertTrue(tailer.cursors().containsKey(RUNNER));
    }
}
