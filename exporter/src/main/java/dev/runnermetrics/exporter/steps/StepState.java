package dev.runnermetrics.exporter.steps;

import dev.runnermetrics.catalogue.CacheResult;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One runner's step output reading, saved in the state file with the counts it produced: a restart resumes each
 * page where the counts stop, so no line is counted twice or lost while the page is still on disk. Changed only by
 * the step output reading of this package; others read it through unmodifiable views.
 */
public final class StepState {

    /** How many streams are remembered; a job has a few dozen, so this covers the last hundred jobs or more. */
    static final int STREAM_MEMORY = 4096;

    /** Per page or block still on disk, keyed {@code pages/NAME} or {@code blocks/NAME}. */
    private final Map<String, PageCursor> files;
    /** Per timeline record ({@code TIMELINE_RECORD}), oldest first. */
    private final LinkedHashMap<String, StepStream> streams;
    private long pagesSeen;
    private long pagesRead;
    private long pagesMissed;
    /** Per cache type name. */
    private final Map<String, CacheCount> cacheRequests;

    /** A runner whose step output was never read. */
    public StepState() {
        this(new TreeMap<>(), new LinkedHashMap<>(), 0, 0, 0, new TreeMap<>());
    }

    /**
     * Step output reading as the state file saved it. The maps are taken as they are (the state file's restore hands
     * over its own): the streams' order is the order they were first seen, which the memory cap relies on.
     */
    public StepState(Map<String, PageCursor> files, LinkedHashMap<String, StepStream> streams, long pagesSeen,
            long pagesRead, long pagesMissed, Map<String, CacheCount> cacheRequests) {
        this.files = files;
        this.streams = streams;
        this.pagesSeen = pagesSeen;
        this.pagesRead = pagesRead;
        this.pagesMissed = pagesMissed;
        this.cacheRequests = cacheRequests;
    }

    StepStream stream(String key) {
        return streams.get(key);
    }

    void remember(String key, StepStream stream) {
        streams.put(key, stream);
        Iterator<String> oldest = streams.keySet().iterator();
        while (streams.size() > STREAM_MEMORY && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    void count(String type, CacheResult result) {
        cacheRequests.merge(type, CacheCount.NONE.plus(result), (was, one) -> was.plus(result));
    }

    void pageSeen() {
        pagesSeen++;
    }

    void pageRead() {
        pagesRead++;
    }

    /** A page lost before it was read to its end (deleted, unreadable): its lines read before stay counted. */
    void pageMissed() {
        pagesMissed++;
    }

    /** Where reading of every page still on disk stands now, replacing what was kept. */
    void cursors(Map<String, PageCursor> now) {
        files.clear();
        files.putAll(now);
    }

    /** Per page or block still on disk, keyed {@code pages/NAME} or {@code blocks/NAME}. */
    public Map<String, PageCursor> files() {
        return Collections.unmodifiableMap(files);
    }

    /** Per timeline record ({@code TIMELINE_RECORD}), oldest first. */
    public Map<String, StepStream> streams() {
        return Collections.unmodifiableMap(streams);
    }

    public long pagesSeen() {
        return pagesSeen;
    }

    public long pagesRead() {
        return pagesRead;
    }

    public long pagesMissed() {
        return pagesMissed;
    }

    /** Restores counted per cache type name. */
    public Map<String, CacheCount> cacheRequests() {
        return Collections.unmodifiableMap(cacheRequests);
    }
}
