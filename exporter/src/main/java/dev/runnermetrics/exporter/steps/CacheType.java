package dev.runnermetrics.exporter.steps;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One kind of cache as its tools report it in step output: lines that mean a hit, lines that mean a miss.
 *
 * @param step         when set, the type only counts inside steps whose {@code Run ...} header this finds (and in
 *                     output whose step is unknown); several actions print the same restore line
 * @param key          when set, the shape of this type's cache keys: in output whose step is unknown, a restore line
 *                     whose {@code (?<key>...)} this finds is this type's, and one whose key it does not find is not
 * @param keyInput     when set, the step input ({@code with:}) that holds the primary key: a restored key that differs
 *                     from it (ignoring case) is a partial restore
 * @param partialHints lines announcing that the key they capture as {@code (?<key>...)} was found through a restore
 *                     key: the hit that restores that key is partial
 * @param requests     when not empty, hits and misses count only when they settle an open request: a request line
 *                     opens one under the text its {@code (?<id>...)} group captured, the first hit or miss line with
 *                     the same id settles it (BuildKit prints a step's header, then {@code CACHED} or {@code DONE})
 */
public record CacheType(String name, Pattern step, Pattern key, String keyInput, List<Pattern> partialHints,
        List<Pattern> requests, List<Pattern> hits, List<Pattern> misses) {

    public CacheType {
        partialHints = List.copyOf(partialHints);
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

    /** Whether a pattern hands over a named group: the restored key ({@code key}) or a request's {@code id}. */
    static boolean captures(Pattern pattern, String group) {
        return pattern.pattern().contains("(?<" + group + ">");
    }
}
