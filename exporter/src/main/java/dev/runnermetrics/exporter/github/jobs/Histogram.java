package dev.runnermetrics.exporter.github.jobs;

import java.util.List;

/** Per-bucket (not cumulative) counts, the last being +Inf; plain fields so it persists as it is. */
public final class Histogram {

    public long[] buckets;
    public double sum;
    public long count;

    Histogram() {
        // for Jackson
    }

    public Histogram(int bounds) {
        this.buckets = new long[bounds + 1];
    }

    public void observe(double value, List<Double> bounds) {
        int i = 0;
        while (i < bounds.size() && value > bounds.get(i)) {
            i++;
        }
        buckets[i]++;
        sum += value;
        count++;
    }

    /** A copy that later observations of this one do not change. */
    public Histogram copy() {
        Histogram c = new Histogram();
        c.buckets = buckets.clone();
        c.sum = sum;
        c.count = count;
        return c;
    }
}
