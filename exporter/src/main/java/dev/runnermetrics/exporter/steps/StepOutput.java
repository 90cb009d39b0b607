package dev.runnermetrics.exporter.steps;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One runner's step output turned into cache counts: its source's lines go through the recogniser, and every restore
 * is counted into the state the runner saves. Not thread-safe: the caller serialises access.
 */
public final class StepOutput implements AutoCloseable {

    private final StepOutputSource source;
    private final CacheRecogniser recogniser;
    private final List<String> typeNames;
    private final StepState state;

    public StepOutput(StepOutputSource source, List<CacheType> types, StepState state) {
        this.source = source;
        this.recogniser = new CacheRecogniser(types);
        this.typeNames = types.stream().map(CacheType::name).toList();
        this.state = state;
    }

    /** Step output of the runner whose _diag folder this is, read from its pages and blocks. */
    public static StepOutput of(Path diagDir, int maxLineBytes, List<CacheType> types, StepState state) {
        return new StepOutput(new PageWatcher(diagDir, maxLineBytes, state), types, state);
    }

    /** @return whether anything changed that the state file keeps */
    public boolean poll(JobView jobs) {
        return source.poll(jobs, (stream, line) -> {
            CacheRecogniser.Outcome outcome = recogniser.accept(line, stream);
            if (outcome != null) {
                state.count(outcome.type(), outcome.result());
            }
        });
    }

    public StepState state() {
        return state;
    }

    /** Null until the runner has step output folders: what has not been watched is not known to be zero. */
    public StepFigures figures() {
        if (!source.known()) {
            return null;
        }
        Map<String, CacheCount> counts = new LinkedHashMap<>();
        for (String type : typeNames) {
            counts.put(type, state.cacheRequests().getOrDefault(type, CacheCount.NONE));
        }
        return new StepFigures(state.pagesSeen(), state.pagesRead(), state.pagesMissed(), counts);
    }

    @Override
    public void close() {
        source.close();
    }
}
