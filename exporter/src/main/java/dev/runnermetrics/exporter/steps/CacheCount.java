package dev.runnermetrics.exporter.steps;

import dev.runnermetrics.catalogue.CacheResult;

/** Restores of one cache type, by result; a state file from before partial restores were told has none. */
public final class CacheCount {

    public long hits;
    public long partials;
    public long misses;

    public CacheCount() {
        // for Jackson
    }

    public CacheCount(long hits, long partials, long misses) {
        this.hits = hits;
        this.partials = partials;
        this.misses = misses;
    }

    public long hits() {
        return hits;
    }

    public long partials() {
        return partials;
    }

    public long misses() {
        return misses;
    }

    public long count(CacheResult result) {
        return switch (result) {
            case HIT -> hits;
            case PARTIAL -> partials;
            case MISS -> misses;
        };
    }

    void add(CacheResult result) {
        switch (result) {
            case HIT -> hits++;
            case PARTIAL -> partials++;
            case MISS -> misses++;
        }
    }
}
