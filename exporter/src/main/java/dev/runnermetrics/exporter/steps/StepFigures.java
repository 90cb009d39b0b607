package dev.runnermetrics.exporter.steps;

import java.util.Map;

/**
 * One runner's step output figures for a scrape.
 *
 * @param cacheRequests every configured cache type, in the order they are tried, zero until a restore is seen
 */
public record StepFigures(long pagesSeen, long pagesRead, long pagesMissed, Map<String, CacheCount> cacheRequests) {
}
