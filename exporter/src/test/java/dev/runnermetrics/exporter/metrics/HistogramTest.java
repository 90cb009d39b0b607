package dev.runnermetrics.exporter.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistogramTest {

    private static final List<Double> BOUNDS = List.of(1.0, 5.0);

    @Test
    void aValueOnABoundCountsInThatBucketAndOneBeyondTheLastInInf() {
        Histogram h = Histogram.empty(BOUNDS);
        h.observe(1.0, BOUNDS);
        h.observe(1.5, BOUNDS);
        h.observe(60, BOUNDS);
        assertArrayEquals(new long[] {1, 1, 1}, h.buckets(), "per bucket, not cumulative; +Inf last");
        assertEquals(62.5, h.sum());
        assertEquals(3, h.count());
    }

    @Test
    void aCopyAndTheBucketsHandedOutDoNotChangeWithLaterObservations() {
        Histogram h = Histogram.empty(BOUNDS);
        Histogram copy = h.copy();
        long[] buckets = h.buckets();
        h.observe(2, BOUNDS);
        buckets[0] = 7;
        assertEquals(Histogram.empty(BOUNDS), copy);
        assertArrayEquals(new long[] {0, 1, 0}, h.buckets());
        assertNotEquals(copy, h);
    }

    @Test
    void aRestoredHistogramEqualsTheOneSavedAndRefusesOtherBounds() {
        Histogram h = Histogram.empty(BOUNDS);
        h.observe(3, BOUNDS);
        Histogram restored = Histogram.restore(h.buckets(), h.sum(), h.count());
        assertEquals(h, restored);
        assertThrows(IllegalArgumentException.class, () -> restored.observe(1, List.of(1.0)));
        assertThrows(IllegalArgumentException.class, () -> Histogram.restore(new long[0], 0, 0));
    }

    @Test
    void seriesKeysKeepTheirValuesThroughTheirStringForm() {
        SeriesKey key = SeriesKey.of("success", "", "octo/repo", "build \u001f x");
        assertEquals(SeriesKey.of("success", "", "octo/repo", "build  x"), SeriesKey.parse(key.text()),
                "the separator is dropped from a value, every other character kept");
        assertEquals(List.of("", ""), SeriesKey.parse(SeriesKey.of("", "").text()).values(), "empty values stay");
        assertEquals(key, SeriesKey.of("success", "", "octo/repo", "build \u001f x"));
    }
}
