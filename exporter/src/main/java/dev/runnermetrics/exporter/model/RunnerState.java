package dev.runnermetrics.exporter.model;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Everything about one runner that must survive a restart; saved as JSON with the file offsets it came from. */
public final class RunnerState {

    /** Null until a log line shows the listener's state. */
    public Boolean online;
    public String version;
    public String os;
    public String arch;
    /** Start of the running listener process; null when it is stopped or was never seen starting. */
    public Instant listenerStart;
    public Instant lastJobCompleted;
    /** The job the listener runs now or ran last, for console echoes that only name it. */
    public String currentKey;
    public long resultConflicts;
    public Map<String, OpenJob> open = new LinkedHashMap<>();
    public LinkedHashMap<String, FinishedJob> finished = new LinkedHashMap<>();
    public Map<JobSeriesKey, JobSeries> series = new LinkedHashMap<>();
    public Map<String, Set<String>> labelValues = new HashMap<>();
    public Map<String, Long> labelOverflow = new HashMap<>();
}
