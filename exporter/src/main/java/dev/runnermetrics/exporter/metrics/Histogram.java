package dev.runnermetrics.exporter.metrics;

import dev.runnermetrics.catalogue.MetricSpec;
import java.util.Arrays;
import java.util.List;

/**
 * One histogram series: per-bucket (not cumulative) counts, the last bucket being +Inf, with the sum and count of
 * what was observed. Per-bucket counts are what the state files keep, so a restored series needs nothing recomputed.
 * Not thread-safe: its owner serialises access, and hands out {@link #copy()}s.
 */
public final class Histogram {

    private final long[] buckets;
    private double sum;
    private long count;

    private Histogram(long[] buckets, double sum, long count) {
        this.buckets = buckets;
        this.sum = sum;
        this.count = count;
    }

    /** An empty histogram for these upper bounds (+Inf not among them). */
    public static Histogram empty(List<Double> bounds) {
        return new Histogram(new long[bounds.size() + 1], 0, 0);
    }

    /**
     * A histogram as a state file saved it.
     *
     * @param buckets per-bucket counts, +Inf last; copied
     * @throws IllegalArgumentException when there are no buckets
     */
    public static Histogram restore(long[] buckets, double sum, long count) {
        if (buckets == null || buckets.length == 0) {
            throw new IllegalArgumentException("a histogram needs its +Inf bucket");
        }
        return new Histogram(buckets.clone(), sum, count);
    }

    /** Counts one value into the first bucket whose upper bound is at least the value. */
    public void observe(double value, List<Double> bounds) {
        if (bounds.size() + 1 != buckets.length) {
            throw new IllegalArgumentException(bounds.size() + " bounds for " + buckets.length + " buckets");
        }
        int i = 0;
        while (i < bounds.size() && value > bounds.get(i)) {
            i++;
        }
        buckets[i]++;
        sum += value;
        count++;
    }

    /**
     * Adds another series' counts to this one (series of one family kept as one).
     *
     * @throws IllegalArgumentException when their buckets differ in number
     */
    public void add(long[] bucketCounts, double sum, long count) {
        if (bucketCounts.length != buckets.length) {
            throw new IllegalArgumentException(bucketCounts.length + " buckets added to " + buckets.length);
        }
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] += bucketCounts[i];
        }
        this.sum += sum;
        this.count += count;
    }

    /** A copy that later observations of this one do not change. */
    public Histogram copy() {
        return new Histogram(buckets.clone(), sum, count);
    }

    /** Per-bucket counts, +Inf last (a copy). */
    public long[] buckets() {
        return buckets.clone();
    }

    /** How many buckets it has, +Inf included. */
    public int size() {
        return buckets.length;
    }

    public double sum() {
        return sum;
    }

    public long count() {
        return count;
    }

    /** Writes this series of the family. */
    public void expose(Samples samples, MetricSpec family, Labels labels) {
        samples.histogram(family, labels, buckets.clone(), sum, count);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Histogram h && Arrays.equals(buckets, h.buckets)
                && Double.compare(sum, h.sum) == 0 && count == h.count;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(buckets) + Double.hashCode(sum)) + Long.hashCode(count);
    }

    @Override
    public String toString() {
        return "buckets " + Arrays.toString(buckets) + ", sum " + sum + ", count " + count;
    }
}
