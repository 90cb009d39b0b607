package dev.runnermetrics.exporter.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runnermetrics.exporter.logs.LineSplitter;
import dev.runnermetrics.exporter.logs.LineSplitter.Line;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A log file that grows in arbitrary pieces, read the way the tailers read it (from the resume offset, a buffer at
 * least one byte longer than the longest line), must yield exactly the file's complete lines: each line up to the
 * limit once, with its end offset, CR and a leading byte order mark removed; each longer line counted once and never
 * emitted; and the reader must end at the start of the unfinished last line (or past it, when that is already too
 * long). Input: byte 0 the line limit, byte 1 the extra buffer size, byte 2 the seed of the append sizes, then the
 * file.
 */
class LineSplitterFuzzTest {

    static Stream<Arguments> fixtures() {
        return Seeds.files(b -> Seeds.prefixed(b, 0xFF, 7, 3), "runner-logs/runner-diag", "runner-logs/worker-diag",
                "runner-logs/step-output");
    }

    @MethodSource("fixtures")
    @FuzzTest
    void readsEveryCompleteLineOnceWhateverTheChunking(byte[] input) {
        if (input.length < 3) {
            return;
        }
        int b0 = input[0] & 0xFF;
        int max = (b0 & 0x80) == 0 ? 1 + (b0 & 0x7F) : 128 + (b0 & 0x7F) * 32;
        int bufferSize = max + 1 + (input[1] & 0xFF);
        long pieces = input[2] & 0xFF;
        byte[] file = Arrays.copyOfRange(input, 3, input.length);

        List<Line> lines = new ArrayList<>();
        int tooLong = 0;
        long offset = 0;
        boolean skipping = false;
        int written = 0;
        while (written < file.length) {
            pieces = pieces * 6364136223846793005L + 1442695040888963407L;
            written = (int) Math.min(file.length, written + 1 + Math.floorMod(pieces >>> 33, 2 * max + 2));
            while (true) {
                int n = (int) Math.min(bufferSize, written - offset);
                if (n <= 0) {
                    break;
                }
                // The tailers hand over their whole buffer: bytes past n are stale and must be ignored.
                byte[] buffer = new byte[bufferSize];
                Arrays.fill(buffer, (byte) '\n');
                System.arraycopy(file, (int) offset, buffer, 0, n);
                LineSplitter.Result r = LineSplitter.split(buffer, n, offset, skipping, max);
                assertTrue(r.resumeOffset() >= offset && r.resumeOffset() <= offset + n, "resume offset in chunk");
                lines.addAll(r.lines());
                tooLong += r.tooLong();
                boolean progressed = r.resumeOffset() != offset;
                offset = r.resumeOffset();
                skipping = r.skipping();
                if (!progressed || n < bufferSize) {
                    break;
                }
            }
        }

        List<Line> expected = new ArrayList<>();
        int expectedTooLong = 0;
        int start = 0;
        for (int i = 0; i < file.length; i++) {
            if (file[i] == '\n') {
                if (i - start > max) {
                    expectedTooLong++;
                } else {
                    expected.add(new Line(text(file, start, i), i + 1));
                }
                start = i + 1;
            }
        }
        boolean lastTooLong = file.length - start > max;
        if (lastTooLong) {
            expectedTooLong++;
        }
        assertEquals(expected, lines);
        assertEquals(expectedTooLong, tooLong);
        assertEquals(lastTooLong ? file.length : start, offset);
        assertEquals(lastTooLong, skipping);
    }

    private static String text(byte[] file, int from, int end) {
        if (end > from && file[end - 1] == '\r') {
            end--;
        }
        if (from == 0 && end - from >= 3 && (file[0] & 0xFF) == 0xEF && (file[1] & 0xFF) == 0xBB
                && (file[2] & 0xFF) == 0xBF) {
            from = 3;
        }
        return new String(file, from, end - from, StandardCharsets.UTF_8);
    }
}
