package dev.runnermetrics.exporter.state;

import static dev.runnermetrics.catalogue.Catalogue.LISTENER_ERRORS;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnermetrics.exporter.logs.LogEvent.VersionSource;
import dev.runnermetrics.exporter.metrics.Histogram;
import dev.runnermetrics.exporter.metrics.SeriesKey;
import dev.runnermetrics.exporter.model.EndedJob;
import dev.runnermetrics.exporter.model.EventCounts;
import dev.runnermetrics.exporter.model.FinishedJob;
import dev.runnermetrics.exporter.model.JobSeries;
import dev.runnermetrics.exporter.model.OpenJob;
import dev.runnermetrics.exporter.model.RunnerState;
import dev.runnermetrics.exporter.steps.CacheCount;
import dev.runnermetrics.exporter.steps.PageCursor;
import dev.runnermetrics.exporter.steps.StepState;
import dev.runnermetrics.exporter.steps.StepStream;
import dev.runnermetrics.exporter.tail.FileCursor;
import java.io.IOException;
import java.time.Instant;
import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.exporter.metrics.Labels;
import dev.runnermetrics.exporter.metrics.SeriesTotals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The state file's own form, as Jackson reads and writes it (fields by name), converted to and from the domain
 * objects. Classes with defaults rather than records: a part an older file lacks takes its default, while a part
 * written as null stays null and {@link StateCheck} sets the file aside; a record could not tell the two apart.
 */
final class SavedState {

    /** The parts of files written before features had their own map, and the feature each is now. */
    static final Map<String, String> LEGACY_PARTS = Map.of("deployments", "deployments",
            "apiQueueTime", "api-queue-time");

    /** Series map keys are strings: a series key is stored as the JSON array of its label values. */
    private static final ObjectMapper KEYS = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    int format = PersistedState.FORMAT;
    Map<String, SavedRunner> runners = new TreeMap<>();
    Map<String, JsonNode> features = new TreeMap<>();
    /** What runners that are gone counted (node mode); absent from files written before it. */
    List<SavedTotal> gone = new ArrayList<>();
    /** Read from older files only, then moved into {@link #features}. */
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
    JsonNode deployments;
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
    JsonNode apiQueueTime;

    static SavedState of(PersistedState state) throws IOException {
        SavedState saved = new SavedState();
        for (Map.Entry<String, PersistedState.Runner> runner : state.runners().entrySet()) {
            saved.runners.put(runner.getKey(), SavedRunner.of(runner.getValue()));
        }
        saved.features.putAll(state.features());
        for (SeriesTotals.Entry e : state.gone().entries()) {
            saved.gone.add(SavedTotal.of(e));
        }
        return saved;
    }

    /** Moves the parts of an older file into {@link #features}. */
    void upgrade() {
        if (features == null) {
            features = new TreeMap<>();
        }
        if (deployments != null && !deployments.isNull()) {
            features.putIfAbsent(LEGACY_PARTS.get("deployments"), deployments);
        }
        if (apiQueueTime != null && !apiQueueTime.isNull()) {
            features.putIfAbsent(LEGACY_PARTS.get("apiQueueTime"), apiQueueTime);
        }
        deployments = null;
        apiQueueTime = null;
    }

    /** The domain objects of a file {@link StateCheck} found whole; throws when a value is not one. */
    PersistedState restore() throws IOException {
        PersistedState state = new PersistedState();
        for (Map.Entry<String, SavedRunner> runner : runners.entrySet()) {
            state.putRunner(runner.getKey(), runner.getValue().restore());
        }
        features.forEach(state::putFeature);
        List<SeriesTotals.Entry> totals = new ArrayList<>();
        for (SavedTotal total : gone) {
            total.restore().ifPresent(totals::add);
        }
        state.gone(SeriesTotals.restore(totals));
        return state;
    }

    /** One series of {@link PersistedState#gone()}: a counter's value, or a histogram. */
    static final class SavedTotal {
        String family;
        Map<String, String> labels = new LinkedHashMap<>();
        double value;
        /** Null for a counter. */
        Histogram histogram;

        static SavedTotal of(SeriesTotals.Entry e) {
            SavedTotal saved = new SavedTotal();
            saved.family = e.family().name();
            saved.labels = e.labels().asMap();
            saved.value = e.value();
            saved.histogram = e.histogram();
            return saved;
        }

        /** Empty for a family this version no longer declares; throws on labels the family does not declare. */
        Optional<SeriesTotals.Entry> restore() {
            return Catalogue.ALL.stream().filter(f -> f.name().equals(family)).findFirst()
                    .map(f -> new SeriesTotals.Entry(f, Labels.of(f, labels), value, histogram));
        }
    }

    /** One runner's part. */
    static final class SavedRunner {
        Map<String, FileCursor> cursors = new TreeMap<>();
        SavedRunnerState state = new SavedRunnerState();
        /** Step output pages and the cache counts they produced; absent from files written before it existed. */
        SavedSteps steps = new SavedSteps();
        /** The runner's type; absent from files written before it was kept. */
        String type;
        /** Node mode: whether its series are per runner; absent outside node mode and from files before it. */
        Boolean seriesPerRunner;

        static SavedRunner of(PersistedState.Runner runner) throws IOException {
            SavedRunner saved = new SavedRunner();
            saved.type = runner.type();
            saved.seriesPerRunner = runner.seriesPerRunner();
            saved.cursors = runner.cursors();
            saved.state = SavedRunnerState.of(runner.state());
            saved.steps = SavedSteps.of(runner.steps());
            return saved;
        }

        PersistedState.Runner restore() throws IOException {
            return new PersistedState.Runner(cursors, state.restore(), steps.restore(), type, seriesPerRunner);
        }
    }

    /** A runner's state, field for field as {@link RunnerState} has it. */
    static final class SavedRunnerState {
        Boolean online;
        String version;
        /** A {@code VersionSource}; absent in files from before it. */
        String versionSource;
        String os;
        String arch;
        Instant listenerStart;
        Instant lastJobCompleted;
        String currentKey;
        long resultConflicts;
        Map<String, SavedOpenJob> open = new LinkedHashMap<>();
        LinkedHashMap<String, FinishedJob> finished = new LinkedHashMap<>();
        /** Absent in files from before it: rebuilt from currentKey then. */
        EndedJob lastEnded;
        Map<String, SavedSeries> series = new LinkedHashMap<>();
        Map<String, Set<String>> labelValues = new HashMap<>();
        Map<String, Long> labelOverflow = new HashMap<>();
        /** Counter families' events by label value, and when each was last seen (EventCounts). */
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        Map<String, Map<String, Instant>> countsLast = new TreeMap<>();
        /** Files from before counts kept listener problems here: read, never written. */
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        Map<String, Long> listenerErrors = new TreeMap<>();
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        Map<String, Instant> listenerErrorLast = new TreeMap<>();

        static SavedRunnerState of(RunnerState s) throws IOException {
            SavedRunnerState saved = new SavedRunnerState();
            saved.online = s.online();
            saved.version = s.version();
            saved.versionSource = s.versionSource() == null ? null : s.versionSource().name();
            saved.os = s.os();
            saved.arch = s.arch();
            saved.listenerStart = s.listenerStart();
            saved.lastJobCompleted = s.lastJobCompleted();
            saved.currentKey = s.currentKey();
            saved.resultConflicts = s.resultConflicts();
            s.open().forEach((key, job) -> saved.open.put(key, SavedOpenJob.of(job)));
            saved.finished.putAll(s.finished());
            saved.lastEnded = s.lastEnded();
            for (Map.Entry<SeriesKey, JobSeries> e : s.series().entrySet()) {
                saved.series.put(KEYS.writeValueAsString(e.getKey().values()), SavedSeries.of(e.getValue()));
            }
            // In the domain maps' own order, as files were written when the domain objects were saved directly.
            saved.labelValues = new LinkedHashMap<>(s.labelValues());
            saved.labelOverflow = new LinkedHashMap<>(s.labelOverflow());
            saved.counts = s.events().allCounts();
            saved.countsLast = s.events().allLast();
            return saved;
        }

        RunnerState restore() throws IOException {
            Map<String, OpenJob> jobs = new LinkedHashMap<>();
            open.forEach((key, job) -> jobs.put(key, job.restore()));
            Map<SeriesKey, JobSeries> restored = new LinkedHashMap<>();
            for (Map.Entry<String, SavedSeries> e : series.entrySet()) {
                List<String> values = KEYS.readValue(e.getKey(), STRINGS);
                if (values == null || values.size() != 4) {
                    throw new IOException("bad series key " + e.getKey());
                }
                restored.put(new SeriesKey(values), e.getValue().restore());
            }
            return new RunnerState(
                    new RunnerState.Listener(online, version,
                            versionSource == null ? null : VersionSource.valueOf(versionSource), os, arch,
                            listenerStart),
                    new RunnerState.Jobs(lastJobCompleted, currentKey, resultConflicts, jobs, finished, lastEnded,
                            restored, labelValues, labelOverflow),
                    events());
        }

        /** The counted events; a file from before them has its listener problems moved in. */
        private EventCounts events() throws IOException {
            if (counts == null || countsLast == null || listenerErrors == null || listenerErrorLast == null
                    || counts.containsValue(null) || countsLast.containsValue(null)
                    || counts.values().stream().anyMatch(m -> m.containsValue(null))) {
                throw new IOException("counted events missing");
            }
            Map<String, Map<String, Long>> all = new TreeMap<>(counts);
            Map<String, Map<String, Instant>> allLast = new TreeMap<>(countsLast);
            if (!listenerErrors.isEmpty()) {
                all.putIfAbsent(LISTENER_ERRORS.name(), listenerErrors);
                allLast.putIfAbsent(LISTENER_ERRORS.name(), listenerErrorLast);
            }
            return EventCounts.restore(all, allLast);
        }
    }

    /** An open job, field for field as {@link OpenJob} has it. */
    static final class SavedOpenJob {
        String name;
        Instant start;
        Instant lastSeen;
        boolean fromListener;
        String repository;
        String workflow;
        boolean contextSeen;
        String environment;
        String sha;
        String headCommitTimestamp;
        Instant abandonAt;
        String id;
        String workerKey;
        /** -1 (none seen) in files from before it. */
        int stage = -1;
        Instant stageAt;

        static SavedOpenJob of(OpenJob job) {
            SavedOpenJob saved = new SavedOpenJob();
            OpenJob.Context context = job.context();
            saved.name = job.name();
            saved.start = job.start();
            saved.lastSeen = job.lastSeen();
            saved.fromListener = job.isFromListener();
            saved.repository = context.repository();
            saved.workflow = context.workflow();
            saved.contextSeen = context.seen();
            saved.environment = context.environment();
            saved.sha = context.sha();
            saved.headCommitTimestamp = context.headCommitTimestamp();
            saved.abandonAt = job.abandonAt();
            saved.id = job.id();
            saved.workerKey = job.workerKey();
            saved.stage = job.stage();
            saved.stageAt = job.stageAt();
            return saved;
        }

        OpenJob restore() {
            return OpenJob.restore(name, start, lastSeen, fromListener,
                    new OpenJob.Context(contextSeen, repository, workflow, environment, sha, headCommitTimestamp),
                    abandonAt, id, workerKey, stage, stageAt);
        }
    }

    /** A job series: its job count and its duration histogram's per-bucket counts (+Inf last), sum and count. */
    static final class SavedSeries {
        long jobs;
        long[] bucketCounts;
        double durationSum;
        long durationCount;

        static SavedSeries of(JobSeries series) {
            SavedSeries saved = new SavedSeries();
            Histogram duration = series.duration();
            saved.jobs = series.jobs();
            saved.bucketCounts = duration.buckets();
            saved.durationSum = duration.sum();
            saved.durationCount = duration.count();
            return saved;
        }

        JobSeries restore() {
            return JobSeries.restore(jobs, Histogram.restore(bucketCounts, durationSum, durationCount));
        }
    }

    /** A runner's step output reading, field for field as {@link StepState} has it. */
    static final class SavedSteps {
        Map<String, PageCursor> files = new TreeMap<>();
        LinkedHashMap<String, SavedStream> streams = new LinkedHashMap<>();
        long pagesSeen;
        long pagesRead;
        long pagesMissed;
        Map<String, CacheCount> cacheRequests = new TreeMap<>();

        static SavedSteps of(StepState steps) {
            SavedSteps saved = new SavedSteps();
            saved.files = new LinkedHashMap<>(steps.files());
            steps.streams().forEach((key, stream) -> saved.streams.put(key, SavedStream.of(stream)));
            saved.pagesSeen = steps.pagesSeen();
            saved.pagesRead = steps.pagesRead();
            saved.pagesMissed = steps.pagesMissed();
            saved.cacheRequests = new LinkedHashMap<>(steps.cacheRequests());
            return saved;
        }

        StepState restore() {
            LinkedHashMap<String, StepStream> restored = new LinkedHashMap<>();
            streams.forEach((key, stream) -> restored.put(key, stream.restore()));
            return new StepState(files, restored, pagesSeen, pagesRead, pagesMissed, cacheRequests);
        }
    }

    /**
     * One step output stream, field for field as {@link StepStream} has it; fields added later default to "nothing
     * seen yet", so older files still load.
     */
    static final class SavedStream {
        String kind;
        String job;
        String step;
        Map<String, List<String>> pending = new TreeMap<>();
        StepStream.Header header;
        int withIndent = -1;
        Map<String, String> inputs = new TreeMap<>();
        String partialHint;

        static SavedStream of(StepStream stream) {
            SavedStream saved = new SavedStream();
            saved.kind = stream.kind();
            saved.job = stream.job();
            saved.step = stream.step();
            saved.pending = stream.pending();
            saved.header = stream.header();
            saved.withIndent = stream.withIndent();
            saved.inputs = new LinkedHashMap<>(stream.inputs());
            saved.partialHint = stream.partialHint();
            return saved;
        }

        StepStream restore() {
            return new StepStream(kind, job, step, pending, header, withIndent, inputs, partialHint);
        }
    }
}
