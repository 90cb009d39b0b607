package dev.runnermetrics.exporter.steps;

/** Restores of one cache type, by result. */
public final class CacheCount {

    public long hits;
    public long misses;

    public CacheCount() {
        // for Jackson
    }

    public CacheCount(long hits, long misses) {
        this.hits = hits;
        this.misses = misses;
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }
}
