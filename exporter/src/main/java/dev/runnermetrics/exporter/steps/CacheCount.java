package dev.runnermetrics.exporter.steps;

import dev.runnermetrics.catalogue.CacheResult;

/** Restores of one cache type, by result; a state file from before partial restores were told has none. */
public record CacheCount(long hits, long partials, long misses) {

    /** No restore seen. */
    public static final CacheCount NONE = new CacheCount(0, 0, 0);

    public long count(CacheResult result) {
        return switch (result) {
            case HIT -> hits;
            case PARTIAL -> partials;
            case MISS -> misses;
        };
    }

    /** These counts and one restore more of this result. */
    CacheCount plus(CacheResult result) {
        return switch (result) {
            case HIT -> new CacheCount(hits + 1, partials, misses);
            case PARTIAL -> new CacheCount(hits, partials + 1, misses);
            case MISS -> new CacheCount(hits, partials, misses + 1);
        };
    }
}
