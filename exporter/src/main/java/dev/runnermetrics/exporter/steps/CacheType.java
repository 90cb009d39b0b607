package dev.runnermetrics.exporter.steps;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One kind of cache as its tools report it in step output: lines that mean a hit, lines that mean a miss.
 *
 * @param step     when set, the type only counts inside steps whose {@code Run ...} header this finds (and in output
 *                 whose step is unknown); several actions print the same restore line
 * @param requests when not empty, hits and misses count only when they settle an open request: a request line
 *                 opens one under the text its {@code (?<id>...)} group captured, the first hit or miss line with the
 *                 same id settles it (BuildKit prints a step's header, then {@code CACHED} or {@code DONE})
 */
public record CacheType(String name, Pattern step, List<Pattern> requests, List<Pattern> hits, List<Pattern> misses) {

    public CacheType {
        requests = List.copyOf(requests);
        hits = List.copyOf(hits);
        misses = List.copyOf(misses);
    }

    boolean appliesTo(String currentStep) {
        return step == null || currentStep == null || step.matcher(currentStep).find();
    }

    boolean keyed() {
        return !requests.isEmpty();
    }
}
