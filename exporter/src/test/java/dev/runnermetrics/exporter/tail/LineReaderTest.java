package dev.runnermetrics.exporter.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.logs.ParseErrors;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader of the tailer and the step-output watcher, on a real file that grows, ends or is cut shorter. */
class LineReaderTest {

    /** Small enough that a line can be over-long without megabytes of test data; the buffer is then 64 KiB. */
    private static final int MAX = 100;

    @TempDir
    Path dir;

    private Path file;

    /** What one read handed on: lines as {@code text@endOffset}, and the over-long lines counted. */
    private static final class Read implements ParseErrors {
        final List<String> lines = new ArrayList<>();
        int tooLong;

        void line(String text, long endOffset) {
            lines.add(text + "@" + endOffset);
        }

        @Override
        public void count(String reason) {
            assertEquals(LINE_TOO_LONG, reason);
            tooLong++;
        }
    }

    private void append(String text) throws IOException {
        if (file == null) {
            file = dir.resolve("Runner_20261101-100000-utc.log");
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private Read read(LineReader reader) throws IOException {
        Read read = new Read();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            reader.read(channel, read::line, read);
        }
        return read;
    }

    private Read readToEnd(LineReader reader) throws IOException {
        Read read = new Read();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            reader.readToEnd(channel, read::line, read);
        }
        return read;
    }

    @Test
    void readsEveryLineOfAFileLongerThanItsBufferWithTheOffsetJustPastEachNewline() throws IOException {
        Random random = new Random(12);
        StringBuilder content = new StringBuilder();
        List<String> expected = new ArrayList<>();
        while (content.length() < 200_000) { // three buffers and more, so lines cross every boundary
            String text = "line " + expected.size() + " " + "x".repeat(random.nextInt(MAX - 20));
            content.append(text).append('\n');
            expected.add(text + "@" + content.length());
        }
        append(content.toString());
        LineReader reader = new LineReader(MAX, 0, false);

        Read read = read(reader);

        assertEquals(expected, read.lines);
        assertEquals(0, read.tooLong);
        assertEquals(content.length(), reader.offset());
        assertFalse(reader.skipping());
    }

    @Test
    void skipsAndCountsOnceALineLongerThanTheLimit() throws IOException {
        append("before\n" + "y".repeat(MAX + 1) + "\nafter\n");
        LineReader reader = new LineReader(MAX, 0, false);

        Read read = read(reader);

        assertEquals(List.of("before@7", "after@" + (7 + MAX + 2 + 6)), read.lines);
        assertEquals(1, read.tooLong);
    }

    @Test
    void anOverLongLineStillBeingWrittenIsSkippedAcrossReadsAndCountedOnce() throws IOException {
        append("before\n" + "z".repeat(100_000)); // longer than the buffer, no newline yet
        LineReader reader = new LineReader(MAX, 0, false);

        Read first = read(reader);
        assertEquals(List.of("before@7"), first.lines);
        assertEquals(1, first.tooLong, "counted as soon as it is known too long");
        assertTrue(reader.skipping());
        assertEquals(7 + 100_000, reader.offset(), "what was read of it is not read again");

        append("z".repeat(50) + "\nafter\n");
        Read second = read(reader);
        assertEquals(List.of("after@" + (7 + 100_000 + 51 + 6)), second.lines);
        assertEquals(0, second.tooLong, "the rest of the same line is not counted again");
        assertFalse(reader.skipping());
    }

    @Test
    void aReaderMadeFromASavedOffsetAndSkippingGoesOnWhereTheOtherStopped() throws IOException {
        append("one\n" + "w".repeat(MAX + 10));
        LineReader before = new LineReader(MAX, 0, false);
        assertEquals(1, read(before).tooLong);
        append("w\ntwo\n");

        LineReader after = new LineReader(MAX, before.offset(), before.skipping());
        Read read = read(after);

        assertEquals(List.of("two@" + (4 + MAX + 12 + 4)), read.lines);
        assertEquals(0, read.tooLong);
    }

    @Test
    void leavesAnUnfinishedLastLineForTheNextReadUntilItsNewlineComes() throws IOException {
        append("one\ntw");
        LineReader reader = new LineReader(MAX, 0, false);

        assertEquals(List.of("one@4"), read(reader).lines);
        assertEquals(4, reader.offset(), "the next read starts at the unfinished line");
        assertEquals(List.of(), read(reader).lines, "nothing new");

        append("o\r\n");
        assertEquals(List.of("two@9"), read(reader).lines, "whole, without its CR");
        assertEquals(9, reader.offset());
    }

    @Test
    void readToEndHandsOnAnUnterminatedLastLineOfAFileWhoseWriterIsGone() throws IOException {
        append("one\ntwo");
        LineReader reader = new LineReader(MAX, 0, false);

        Read read = readToEnd(reader);

        assertEquals(List.of("one@4", "two@8"), read.lines);
        assertEquals(7, reader.offset(), "at the file's end");
        assertEquals(List.of(), readToEnd(reader).lines, "nothing twice");
    }

    @Test
    void readToEndDropsTheRestOfAnOverLongLine() throws IOException {
        append("one\n" + "v".repeat(MAX + 5));
        LineReader reader = new LineReader(MAX, 0, false);

        Read read = readToEnd(reader);

        assertEquals(List.of("one@4"), read.lines);
        assertEquals(1, read.tooLong);
    }

    @Test
    void aFileCutShorterThanTheOffsetYieldsNothingUntilItIsReadAgainFromTheStart() throws IOException {
        append("one\ntwo\n");
        LineReader reader = new LineReader(MAX, 0, false);
        assertEquals(List.of("one@4", "two@8"), read(reader).lines);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(0);
        }
        append("new\n");

        assertEquals(List.of(), read(reader).lines, "nothing beyond the old offset: telling a cut is the caller's");
        assertEquals(8, reader.offset());

        assertEquals(List.of("new@4"), read(new LineReader(MAX, 0, false)).lines);
    }
}
