package dev.runnermetrics.catalogue;

import java.util.Locale;

/** The {@code result} label of {@link Catalogue#CACHE_REQUESTS}. */
public enum CacheResult {
    HIT,
    MISS;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
