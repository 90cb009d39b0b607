package dev.runnermetrics.exporter.model;

import java.util.List;

/**
 * Count and duration histogram of one job series. {@code bucketCounts} are per bucket (not cumulative), the last
 * one being +Inf, so a series restored from state needs nothing recomputed.
 */
public final class JobSeries {

    public long jobs;
    public long[] bucketCounts;
    public double durationSum;
    public long durationCount;

    JobSeries() {
        // for Jackson
    }

    JobSeries(int bucketCount) {
        this.bucketCounts = new long[bucketCount + 1];
    }

    /** A series with no job yet. */
    public static JobSeries empty(int bucketCount) {
        return new JobSeries(bucketCount);
    }

    void observe(double seconds, List<Double> bounds) {
        int i = 0;
        while (i < bounds.size() && seconds > bounds.get(i)) {
            i++;
        }
        bucketCounts[i]++;
        durationSum += seconds;
        durationCount++;
    }
}
