package dev.runnermetrics.exporter.steps;

import dev.runnermetrics.catalogue.CacheResult;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One runner's step output reading, saved in the state file with the counts it produced: a restart resumes each
 * page where the counts stop, so no line is counted twice or lost while the page is still on disk.
 */
public final class StepState {

    /** How many streams are remembered; a job has a few dozen, so this covers the last hundred jobs or more. */
    static final int STREAM_MEMORY = 4096;

    /** Per page or block still on disk, keyed {@code pages/NAME} or {@code blocks/NAME}. */
    public Map<String, PageCursor> files = new TreeMap<>();
    /** Per timeline record ({@code TIMELINE_RECORD}), oldest first. */
    public LinkedHashMap<String, StepStream> streams = new LinkedHashMap<>();
    public long pagesSeen;
    public long pagesRead;
    public long pagesMissed;
    /** Per cache type name. */
    public Map<String, CacheCount> cacheRequests = new TreeMap<>();

    void remember(String key, StepStream stream) {
        streams.put(key, stream);
        Iterator<String> oldest = streams.keySet().iterator();
        while (streams.size() > STREAM_MEMORY && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    void count(String type, CacheResult result) {
        cacheRequests.computeIfAbsent(type, t -> new CacheCount()).add(result);
    }
}
