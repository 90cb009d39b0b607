package dev.runnermetrics.exporter.model;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.exporter.metrics.Histogram;
import dev.runnermetrics.exporter.metrics.SeriesKey;

/**
 * One job series of a runner: how many jobs it counted, and the durations of those that have one (a job whose start
 * was not seen, or that was abandoned, counts without a duration). Its key holds the values of {@link #RESULT},
 * {@link #REPOSITORY}, {@link #WORKFLOW} and {@link #JOB}; context labels are "" unless the user opted in.
 */
public final class JobSeries {

    public static final int RESULT = 0;
    public static final int REPOSITORY = 1;
    public static final int WORKFLOW = 2;
    public static final int JOB = 3;

    private long jobs;
    private final Histogram duration;

    private JobSeries(long jobs, Histogram duration) {
        this.jobs = jobs;
        this.duration = duration;
    }

    /** The key of the series with these label values. */
    public static SeriesKey key(String result, String repository, String workflow, String job) {
        return SeriesKey.of(result, repository, workflow, job);
    }

    /** A series with no job yet. */
    public static JobSeries empty() {
        return new JobSeries(0, Histogram.empty(Catalogue.JOB_DURATION_BUCKETS));
    }

    /**
     * A series as the state file saved it.
     *
     * @throws IllegalArgumentException when its buckets are not the catalogue's
     */
    public static JobSeries restore(long jobs, Histogram duration) {
        if (duration.size() != Catalogue.JOB_DURATION_BUCKETS.size() + 1) {
            throw new IllegalArgumentException("has " + duration.size() + " buckets, the catalogue "
                    + (Catalogue.JOB_DURATION_BUCKETS.size() + 1));
        }
        return new JobSeries(jobs, duration.copy());
    }

    /** Counts a job; {@code seconds} is null when it has no duration. */
    void count(Double seconds) {
        jobs++;
        if (seconds != null) {
            duration.observe(seconds, Catalogue.JOB_DURATION_BUCKETS);
        }
    }

    public long jobs() {
        return jobs;
    }

    /** The durations observed, a copy. */
    public Histogram duration() {
        return duration.copy();
    }

    /** A copy that later jobs do not change. */
    public JobSeries copy() {
        return new JobSeries(jobs, duration.copy());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobSeries s && jobs == s.jobs && duration.equals(s.duration);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(jobs) + duration.hashCode();
    }

    @Override
    public String toString() {
        return jobs + " jobs, durations " + duration;
    }
}
