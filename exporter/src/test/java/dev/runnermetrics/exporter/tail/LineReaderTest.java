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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The one reader of the tailer and the step-output watcher, on a real file that grows, ends or is cut shorter. */
@Timeout(120) // a read that never ends fails rather than hangs the build
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
            lines.add(shown(text) + "@" + endOffset);
        }

        @Override
        public void count(String reason) {
            assertEquals(LINE_TOO_LONG, reason);
            tooLong++;
        }
    }

    /** A line as compared: a long one by its start, length and hash, so that a failure prints a readable list. */
    private static String shown(String text) {
        return text.length() <= 1000 ? text
                : text.substring(0, 8) + "...(" + text.length() + " chars, hash " + text.hashCode() + ")";
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

    /** The default limit: far longer than the small buffer a read starts with. */
    private static final int MIB = 1024 * 1024;

    @Test
    void aLineOfAHundredKibibytesIsHandedOnWholeWithTheOffsetJustPastItsNewline() throws IOException {
        String line = "a".repeat(100 * 1024);
        append("before\n" + line + "\nafter\n");
        LineReader reader = new LineReader(MIB, 0, false);

        Read read = read(reader);

        int end = 7 + line.length() + 1;
        assertEquals(List.of("before@7", shown(line) + "@" + end, "after@" + (end + 6)), read.lines);
        assertEquals(0, read.tooLong);
        assertEquals(end + 6, reader.offset());
    }

    @Test
    void aLineOfExactlyTheLimitIsKeptAndOneByteLongerIsSkippedAndCountedOnce() throws IOException {
        int max = 200_000;
        String kept = "k".repeat(max);
        append(kept + "\n" + "s".repeat(max + 1) + "\nend\n");
        LineReader reader = new LineReader(max, 0, false);

        Read read = read(reader);

        assertEquals(List.of(shown(kept) + "@" + (max + 1), "end@" + (max + 1 + max + 2 + 4)), read.lines);
        assertEquals(1, read.tooLong);
        assertFalse(reader.skipping());
    }

    @Test
    void aLongLineWrittenInPartsAcrossReadsIsHandedOnOnceWhenItsNewlineComes() throws IOException {
        append("before\n" + "p".repeat(100_000));
        LineReader reader = new LineReader(MIB, 0, false);

        assertEquals(List.of("before@7"), read(reader).lines);
        assertEquals(7, reader.offset(), "the next read starts at the unfinished line");
        assertFalse(reader.skipping());

        append("p".repeat(150_000));
        Read second = read(reader);
        assertEquals(List.of(), second.lines, "still unfinished");
        assertEquals(0, second.tooLong, "still within the limit");
        assertEquals(7, reader.offset());

        append("p".repeat(50_000) + "\nafter\n");
        Read third = read(reader);
        int end = 7 + 300_000 + 1;
        assertEquals(List.of(shown("p".repeat(300_000)) + "@" + end, "after@" + (end + 6)), third.lines);
        assertEquals(0, third.tooLong);
        assertEquals(List.of(), read(reader).lines, "nothing twice");
    }

    @Test
    void linesAroundTheSixtyFourKibibyteBoundaryAreHandedOnWhole() throws IOException {
        StringBuilder content = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int length : new int[] {65_535, 65_536, 65_537, 65_536, 65_535}) {
            String text = "b".repeat(length);
            content.append(text).append('\n');
            expected.add(shown(text) + "@" + content.length());
        }
        append(content.toString());
        LineReader reader = new LineReader(MIB, 0, false);

        Read read = read(reader);

        assertEquals(expected, read.lines);
        assertEquals(0, read.tooLong);
        assertEquals(content.length(), reader.offset());
    }

    @Test
    void aLineAroundTheSixtyFourKibibyteBoundaryAtTheStartOfAReadIsHandedOnWhole() throws IOException {
        for (int length : new int[] {65_535, 65_536, 65_537}) {
            file = dir.resolve("line-" + length + ".log");
            String text = "c".repeat(length);
            append(text);
            LineReader reader = new LineReader(MIB, 0, false);
            assertEquals(List.of(), read(reader).lines, length + " bytes without a newline wait for it");
            assertEquals(0, reader.offset());

            append("\n");
            assertEquals(List.of(shown(text) + "@" + (length + 1)), read(reader).lines, length + " bytes");
            assertEquals(length + 1, reader.offset());
        }
    }

    @Test
    void afterReadingALongLineTheThreadKeepsOnlyTheSmallBuffer() throws IOException {
        append("l".repeat(500_000) + "\n" + "m".repeat(MIB + 10) + "\nshort\n");
        LineReader reader = new LineReader(MIB, 0, false);

        Read read = read(reader);

        int end = 500_000 + 1 + MIB + 10 + 1 + 6;
        assertEquals(List.of(shown("l".repeat(500_000)) + "@" + 500_001, "short@" + end), read.lines);
        assertEquals(1, read.tooLong);
        assertEquals(64 * 1024, LineReader.keptBufferCapacity(), "the larger buffers were only for those reads");
    }

    /**
     * Random lines up to 300,000 bytes (many near the limit and near multiples of 64 KiB) written in random pieces,
     * read after each piece, sometimes by a new reader from the saved offset and skipping: every read leaves exactly
     * what a split of the whole file so far says (complete lines within the limit handed on, longer ones counted once,
     * an unfinished line waiting at its start unless it is already too long, then skipped to the file's end).
     */
    @Test
    void anyFileWrittenInAnyPiecesIsReadAsASplitOfTheWholeFileSays() throws IOException {
        long seed = Long.getLong("lineReader.seed", System.nanoTime());
        Random random = new Random(seed);
        int[] limits = {1024, 65_535, 65_536, 65_537, 100_000, 200_000, 262_143, MIB};
        for (int iteration = 0; iteration < 30; iteration++) {
            int max = limits[random.nextInt(limits.length)];
            byte[] content = randomLines(random, max);
            String context = "seed " + seed + ", iteration " + iteration + ", limit " + max;
            file = dir.resolve("random-" + iteration + ".log");
            Files.write(file, new byte[0]);

            LineReader reader = new LineReader(max, 0, false);
            Read all = new Read();
            int written = 0;
            while (written < content.length) {
                int piece = random.nextInt(4) == 0 ? 1 + random.nextInt(16) : 1 + random.nextInt(400_000);
                int end = Math.min(content.length, written + piece);
                Files.write(file, Arrays.copyOfRange(content, written, end), StandardOpenOption.APPEND);
                written = end;
                if (random.nextInt(4) == 0) {
                    reader = new LineReader(max, reader.offset(), reader.skipping()); // a restart
                }
                Read read = read(reader);
                all.lines.addAll(read.lines);
                all.tooLong += read.tooLong;

                Split split = Split.of(content, written, max);
                assertEquals(split.lines, all.lines, context + ", after " + written + " bytes");
                assertEquals(split.tooLong, all.tooLong, context + ", after " + written + " bytes");
                assertEquals(split.offset, reader.offset(), context + ", after " + written + " bytes");
                assertEquals(split.skipping, reader.skipping(), context + ", after " + written + " bytes");
            }
            Read rest = readToEnd(reader);
            all.lines.addAll(rest.lines);
            all.tooLong += rest.tooLong;
            Split whole = Split.of(content, content.length, max);
            List<String> expected = new ArrayList<>(whole.lines);
            if (!whole.skipping && whole.offset < content.length) { // the writer is gone: its last line is whole
                expected.add(shown(new String(content, (int) whole.offset, content.length - (int) whole.offset,
                        StandardCharsets.US_ASCII).replaceFirst("\r$", "")) + "@" + (content.length + 1));
            }
            assertEquals(expected, all.lines, context + ", read to the end");
            assertEquals(whole.tooLong, all.tooLong, context + ", read to the end");
            Files.delete(file);
        }
    }

    /** Up to a dozen lines of random length, a few with a CR before their newline; the last may lack its newline. */
    private static byte[] randomLines(Random random, int max) {
        StringBuilder content = new StringBuilder();
        int count = 1 + random.nextInt(12);
        for (int i = 0; i < count; i++) {
            int length = switch (random.nextInt(5)) {
                case 0 -> random.nextInt(300_001);
                case 1 -> Math.max(0, Math.min(300_000, max - 2 + random.nextInt(5)));
                case 2 -> (1 + random.nextInt(4)) * 65_536 - 2 + random.nextInt(5);
                default -> random.nextInt(200);
            };
            char letter = (char) ('a' + random.nextInt(26));
            if (length > 0 && random.nextInt(5) == 0) {
                content.append(String.valueOf(letter).repeat(length - 1)).append('\r');
            } else {
                content.append(String.valueOf(letter).repeat(length));
            }
            if (i < count - 1 || random.nextBoolean()) {
                content.append('\n');
            }
        }
        return content.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The reference: the first {@code size} bytes of a file split at every newline, as lines {@code text@endOffset}
     * (CR removed) and over-long lines counted, with the offset and skipping a reader must be left with.
     */
    private record Split(List<String> lines, int tooLong, long offset, boolean skipping) {

        static Split of(byte[] content, int size, int max) {
            List<String> lines = new ArrayList<>();
            int tooLong = 0;
            int start = 0;
            for (int i = 0; i < size; i++) {
                if (content[i] == '\n') {
                    if (i - start > max) {
                        tooLong++;
                    } else {
                        String text = new String(content, start, i - start, StandardCharsets.US_ASCII);
                        lines.add(shown(text.replaceFirst("\r$", "")) + "@" + (i + 1));
                    }
                    start = i + 1;
                }
            }
            boolean pendingTooLong = size - start > max; // known too long before its newline: counted, then skipped
            return new Split(lines, tooLong + (pendingTooLong ? 1 : 0), pendingTooLong ? size : start, pendingTooLong);
        }
    }
}
