package dev.runnermetrics.exporter.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private static LineSplitter.Result split(String text, long offset, boolean skipping, int max) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return LineSplitter.split(bytes, bytes.length, offset, skipping, max);
    }

    private static List<String> texts(LineSplitter.Result r) {
        return r.lines().stream().map(LineSplitter.Line::text).toList();
    }

    @Test
    void keepsAPartialLastLineForTheNextRead() {
        LineSplitter.Result r = split("one\ntwo\nthr", 100, false, 1024);
        assertEquals(List.of("one", "two"), texts(r));
        assertEquals(List.of(104L, 108L), r.lines().stream().map(LineSplitter.Line::endOffset).toList());
        assertEquals(108, r.resumeOffset());
        assertFalse(r.skipping());
    }

    @Test
    void stripsCarriageReturnsAndTheByteOrderMarkAtFileStartOnly() {
        LineSplitter.Result r = split("\uFEFFfirst\r\nsecond\r\n", 0, false, 1024);
        assertEquals(List.of("first", "second"), texts(r));
        LineSplitter.Result later = split("\uFEFFnot at start\n", 10, false, 1024);
        assertEquals(List.of("\uFEFFnot at start"), texts(later));
    }

    @Test
    void skipsAndCountsALineLongerThanTheLimitAndGoesOn() {
        LineSplitter.Result r = split("ok\n" + "x".repeat(20) + "\nafter\n", 0, false, 10);
        assertEquals(List.of("ok", "after"), texts(r));
        assertEquals(1, r.tooLong());
        assertEquals(r.lines().get(1).endOffset(), r.resumeOffset());
    }

    @Test
    void anOverLongLineWithoutItsNewlineIsDroppedUntilTheNewlineArrives() {
        LineSplitter.Result first = split("ok\n" + "y".repeat(30), 0, false, 10);
        assertEquals(List.of("ok"), texts(first));
        assertEquals(1, first.tooLong());
        assertTrue(first.skipping());
        assertEquals(33, first.resumeOffset());
        // The rest of the long line, then a normal one: the tail is dropped, not counted again.
        LineSplitter.Result second = split("yyyy\nnext\n", first.resumeOffset(), true, 10);
        assertEquals(List.of("next"), texts(second));
        assertEquals(0, second.tooLong());
        assertFalse(second.skipping());
    }

    @Test
    void invalidUtf8BecomesReplacementCharactersNotAnError() {
        byte[] bytes = {'a', (byte) 0xC3, '\n'};
        LineSplitter.Result r = LineSplitter.split(bytes, bytes.length, 0, false, 1024);
        assertEquals(List.of("a\uFFFD"), texts(r));
    }
}
