package dev.runnermetrics.exporter.model;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Everything about one runner that must survive a restart; saved as JSON with the file offsets it came from. */
public final class RunnerState {

    /** Null until a log line shows the listener's state. */
    public Boolean online;
    public String version;
    /** The kind of line the version came from ({@code LogEvent.VersionSource}); null in files from before it. */
    public String versionSource;
    public String os;
    public String arch;
    /** Start of the running listener process; null when it is stopped or was never seen starting. */
    public Instant listenerStart;
    public Instant lastJobCompleted;
    /** The job the runner runs now or ran last, for lines that do not name their job. */
    public String currentKey;
    public long resultConflicts;
    public Map<String, OpenJob> open = new LinkedHashMap<>();
    public LinkedHashMap<String, FinishedJob> finished = new LinkedHashMap<>();
    /** The job counted last, for the late reports of its end; null before the first. */
    public EndedJob lastEnded;
    public Map<JobSeriesKey, JobSeries> series = new LinkedHashMap<>();
    public Map<String, Set<String>> labelValues = new HashMap<>();
    public Map<String, Long> labelOverflow = new HashMap<>();
    /** Listener problems by reason label, and when each reason was last seen (log time). */
    public Map<String, Long> listenerErrors = new TreeMap<>();
    public Map<String, Instant> listenerErrorLast = new TreeMap<>();
}
