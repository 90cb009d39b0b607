package dev.runnermetrics.catalogue;

import java.util.Locale;

/** The {@code result} label of {@link Catalogue#CACHE_REQUESTS}. */
public enum CacheResult {
    /** The cache of the primary key (or the layer, the index) was there. */
    HIT,
    /** A cache was restored, but through a restore key or a longer key found by prefix: an older cache. */
    PARTIAL,
    MISS;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
