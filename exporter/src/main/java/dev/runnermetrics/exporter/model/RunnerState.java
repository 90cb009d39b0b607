package dev.runnermetrics.exporter.model;

import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.exporter.logs.LogEvent.VersionSource;
import dev.runnermetrics.exporter.metrics.SeriesKey;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything about one runner that must survive a restart; the state file keeps it with the file offsets it came
 * from. Changed only by {@link RunnerModel} and {@link JobTracker}; others read it through unmodifiable views.
 */
public final class RunnerState {

    /** Null until a log line shows the listener's state. */
    private Boolean online;
    private String version;
    /** The kind of line the version came from; null in files from before it. */
    private VersionSource versionSource;
    private String os;
    private String arch;
    /** Start of the running listener process; null when it is stopped or was never seen starting. */
    private Instant listenerStart;
    private Instant lastJobCompleted;
    /** The job the runner runs now or ran last, for lines that do not name their job. */
    private String currentKey;
    private long resultConflicts;
    private final Map<String, OpenJob> open;
    private final LinkedHashMap<String, FinishedJob> finished;
    /** The job counted last, for the late reports of its end; null before the first. */
    private EndedJob lastEnded;
    private final Map<SeriesKey, JobSeries> series;
    private final Map<String, Set<String>> labelValues;
    private final Map<String, Long> labelOverflow;
    /** Events counted for counter families (listener problems by reason …), with when each was last seen. */
    private final EventCounts events;

    /** A runner nothing is known of yet. */
    public RunnerState() {
        this(new Listener(null, null, null, null, null, null), new Jobs(null, null, 0, new LinkedHashMap<>(),
                new LinkedHashMap<>(), null, new LinkedHashMap<>(), new HashMap<>(), new HashMap<>()),
                new EventCounts());
    }

    /** What the logs told of the runner's listener. */
    public record Listener(Boolean online, String version, VersionSource versionSource, String os, String arch,
            Instant start) {
    }

    /**
     * What the logs told of the runner's jobs. The maps are taken as they are (the state file's restore hands over
     * its own): their order is the order jobs were seen, which the tracker relies on.
     */
    public record Jobs(Instant lastJobCompleted, String currentKey, long resultConflicts, Map<String, OpenJob> open,
            LinkedHashMap<String, FinishedJob> finished, EndedJob lastEnded, Map<SeriesKey, JobSeries> series,
            Map<String, Set<String>> labelValues, Map<String, Long> labelOverflow) {
    }

    /** A runner as the state file saved it: its listener, its jobs, and its counted events. */
    public RunnerState(Listener listener, Jobs jobs, EventCounts events) {
        this.online = listener.online();
        this.version = listener.version();
        this.versionSource = listener.versionSource();
        this.os = listener.os();
        this.arch = listener.arch();
        this.listenerStart = listener.start();
        this.lastJobCompleted = jobs.lastJobCompleted();
        this.currentKey = jobs.currentKey();
        this.resultConflicts = jobs.resultConflicts();
        this.open = jobs.open();
        this.finished = jobs.finished();
        this.lastEnded = jobs.lastEnded();
        this.series = jobs.series();
        this.labelValues = jobs.labelValues();
        this.labelOverflow = jobs.labelOverflow();
        this.events = events;
    }

    // ------------------------------------------------------------------------------------------ the listener

    /** A new listener process started: offline until it says it connected. */
    void listenerStarted(Instant time) {
        listenerStart = time;
        online = Boolean.FALSE;
    }

    void listenerStopped() {
        online = Boolean.FALSE;
        listenerStart = null;
    }

    void online(boolean connected) {
        online = connected;
    }

    void platform(String os, String arch) {
        this.os = os;
        this.arch = arch;
    }

    /** The version from the best kind of line seen; among lines of one kind, the newest. */
    void version(String seen, VersionSource source) {
        VersionSource current = versionSource == null
                ? (version == null ? null : VersionSource.LISTENER) // saved before sources were kept
                : versionSource;
        if (current == null || source.compareTo(current) <= 0) {
            version = seen;
            versionSource = source;
        }
    }

    /** Counts an event of a counter family (e.g. a listener problem by reason), seen at this log time. */
    void count(MetricSpec family, String value, Instant time) {
        events.count(family, value, time);
    }

    // ------------------------------------------------------------------------------------------ jobs, for JobTracker

    Map<String, OpenJob> openJobs() {
        return open;
    }

    LinkedHashMap<String, FinishedJob> finishedJobs() {
        return finished;
    }

    Map<SeriesKey, JobSeries> jobSeries() {
        return series;
    }

    Map<String, Set<String>> labelValuesGiven() {
        return labelValues;
    }

    Map<String, Long> labelOverflowCounts() {
        return labelOverflow;
    }

    void current(String key) {
        currentKey = key;
    }

    void lastEnded(EndedJob job) {
        lastEnded = job;
    }

    void countConflict() {
        resultConflicts++;
    }

    void completedAt(Instant end) {
        if (lastJobCompleted == null || end.isAfter(lastJobCompleted)) {
            lastJobCompleted = end;
        }
    }

    // ------------------------------------------------------------------------------------------ reading

    public Listener listener() {
        return new Listener(online, version, versionSource, os, arch, listenerStart);
    }

    /** Null until a log line shows the listener's state. */
    public Boolean online() {
        return online;
    }

    public String version() {
        return version;
    }

    public VersionSource versionSource() {
        return versionSource;
    }

    public String os() {
        return os;
    }

    public String arch() {
        return arch;
    }

    public Instant listenerStart() {
        return listenerStart;
    }

    public Instant lastJobCompleted() {
        return lastJobCompleted;
    }

    public String currentKey() {
        return currentKey;
    }

    public long resultConflicts() {
        return resultConflicts;
    }

    public EndedJob lastEnded() {
        return lastEnded;
    }

    /** The jobs seen starting and not finished, by job key, oldest first. */
    public Map<String, OpenJob> open() {
        return Collections.unmodifiableMap(open);
    }

    /** The job keys counted lately and how, oldest first. */
    public Map<String, FinishedJob> finished() {
        return Collections.unmodifiableMap(finished);
    }

    /** The job series, in the order they were first counted. */
    public Map<SeriesKey, JobSeries> series() {
        return Collections.unmodifiableMap(series);
    }

    /** The context label values given out so far, per label. */
    public Map<String, Set<String>> labelValues() {
        Map<String, Set<String>> view = new LinkedHashMap<>();
        labelValues.forEach((label, values) -> view.put(label, Collections.unmodifiableSet(values)));
        return Collections.unmodifiableMap(view);
    }

    /** The values folded into "other" by the cap, per label. */
    public Map<String, Long> labelOverflow() {
        return Collections.unmodifiableMap(labelOverflow);
    }

    /** The counted events, read-only: {@code events().counts(Catalogue.LISTENER_ERRORS)}. */
    public EventCounts events() {
        return events;
    }
}
