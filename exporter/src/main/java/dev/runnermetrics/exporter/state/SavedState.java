package dev.runnermetrics.exporter.state;

import static dev.runnermetrics.catalogue.Catalogue.LISTENER_ERRORS;

import static dev.runnermetrics.exporter.state.Codec.ANY;
import static dev.runnermetrics.exporter.state.Codec.BOOLEAN;
import static dev.runnermetrics.exporter.state.Codec.BOOLEAN_VALUE;
import static dev.runnermetrics.exporter.state.Codec.DOUBLE_VALUE;
import static dev.runnermetrics.exporter.state.Codec.INSTANT;
import static dev.runnermetrics.exporter.state.Codec.INT_VALUE;
import static dev.runnermetrics.exporter.state.Codec.LONG;
import static dev.runnermetrics.exporter.state.Codec.LONGS;
import static dev.runnermetrics.exporter.state.Codec.LONG_VALUE;
import static dev.runnermetrics.exporter.state.Codec.TEXT;
import static dev.runnermetrics.exporter.state.Codec.listOf;
import static dev.runnermetrics.exporter.state.Codec.mapOf;
import static dev.runnermetrics.exporter.state.Codec.record;
import static dev.runnermetrics.exporter.state.Codec.setOf;

import dev.runnermetrics.exporter.json.Json;
import dev.runnermetrics.exporter.model.EndedJob;
import dev.runnermetrics.exporter.model.FinishedJob;
import dev.runnermetrics.exporter.logs.LogEvent.VersionSource;
import dev.runnermetrics.exporter.metrics.Histogram;
import dev.runnermetrics.exporter.metrics.SeriesKey;
import dev.runnermetrics.exporter.model.EventCounts;
import dev.runnermetrics.exporter.model.JobSeries;
import dev.runnermetrics.exporter.model.OpenJob;
import dev.runnermetrics.exporter.model.RunnerState;
import dev.runnermetrics.exporter.steps.CacheCount;
import dev.runnermetrics.exporter.steps.PageCursor;
import dev.runnermetrics.exporter.steps.StepState;
import dev.runnermetrics.exporter.steps.StepStream;
import dev.runnermetrics.exporter.tail.FileCursor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * The state file's own form, field by name, converted to and from the domain objects. Each class declares its fields
 * once, in its {@code FIELDS} ({@link Fields}: name, codec, get, set), in the order the file has them. Classes with
 * defaults rather than records: a part an older file lacks takes its default, while a part written as null stays null
 * and {@link StateCheck} sets the file aside; a record could not tell the two apart. The domain's small records
 * (cursors, finished jobs, cache counts) are written component by component ({@link Codec#record}). The form is the
 * one Jackson's databind wrote (golden/state): the sidecar reads and writes it without databind.
 */
final class SavedState {

    /** The parts of files written before features had their own map, and the feature each is now. */
    static final Map<String, String> LEGACY_PARTS = Map.of("deployments", "deployments",
            "apiQueueTime", "api-queue-time");

    /** A series key as the state file names it: the JSON array of its label values. */
    private static final Codec<List<String>> SERIES_KEY = listOf(TEXT);

    /** A histogram: its fields as they are, made again through {@link Histogram#restore}. */
    private static final Codec<Histogram> HISTOGRAM = Codec.of(h -> {
        if (h == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("buckets", h.buckets());
        json.put("sum", h.sum());
        json.put("count", h.count());
        return json;
    }, json -> json == null ? null : Histogram.restore(LONGS.read(Json.member(json, "buckets")),
            DOUBLE_VALUE.read(Json.member(json, "sum")), LONG_VALUE.read(Json.member(json, "count"))));

    int format = PersistedState.FORMAT;
    Map<String, SavedRunner> runners = new TreeMap<>();
    /** Each feature's part as JSON values ({@link Json}). */
    Map<String, Object> features = new TreeMap<>();
    /** What runners that are gone counted (node mode); absent from files written before it. */
    List<SavedTotal> gone = new ArrayList<>();
    /** Read from older files only, then moved into {@link #features}. */
    Object deployments;
    Object apiQueueTime;

    static final Fields<SavedState> FIELDS = new Fields<>(SavedState::new)
            .add("format", INT_VALUE, s -> s.format, (s, v) -> s.format = v)
            .add("runners", mapOf(SavedRunner.FIELDS), s -> s.runners, (s, v) -> s.runners = v)
            .add("features", mapOf(ANY), s -> s.features, (s, v) -> s.features = v)
            .add("gone", listOf(SavedTotal.FIELDS), s -> s.gone, (s, v) -> s.gone = v)
            .readOnly("deployments", ANY, (s, v) -> s.deployments = v)
            .readOnly("apiQueueTime", ANY, (s, v) -> s.apiQueueTime = v);

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
        if (deployments != null) {
            features.putIfAbsent(LEGACY_PARTS.get("deployments"), deployments);
        }
        if (apiQueueTime != null) {
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

        static final Fields<SavedTotal> FIELDS = new Fields<>(SavedTotal::new)
                .add("family", TEXT, t -> t.family, (t, v) -> t.family = v)
                .add("labels", mapOf(TEXT), t -> t.labels, (t, v) -> t.labels = v)
                .add("value", DOUBLE_VALUE, t -> t.value, (t, v) -> t.value = v)
                .add("histogram", HISTOGRAM, t -> t.histogram, (t, v) -> t.histogram = v);

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
        /** The runner's name when not the key (a pod's, saved by UID); absent otherwise and in older files. */
        String name;
        /** The runner pod's namespace (node mode with the Kubernetes API); absent otherwise and in older files. */
        String namespace;

        /** Node mode: whether its series are per runner; absent outside node mode and from files before it. */
        Boolean seriesPerRunner;

        static final Fields<SavedRunner> FIELDS = new Fields<>(SavedRunner::new)
                .add("cursors", mapOf(record(FileCursor.class)), r -> r.cursors, (r, v) -> r.cursors = v)
                .add("state", SavedRunnerState.FIELDS, r -> r.state, (r, v) -> r.state = v)
                .add("steps", SavedSteps.FIELDS, r -> r.steps, (r, v) -> r.steps = v)
                .add("type", TEXT, r -> r.type, (r, v) -> r.type = v)
                .add("name", TEXT, r -> r.name, (r, v) -> r.name = v)
                .add("namespace", TEXT, r -> r.namespace, (r, v) -> r.namespace = v)
                .add("seriesPerRunner", BOOLEAN, r -> r.seriesPerRunner, (r, v) -> r.seriesPerRunner = v);

        static SavedRunner of(PersistedState.Runner runner) throws IOException {
            SavedRunner saved = new SavedRunner();
            saved.type = runner.type();
            saved.name = runner.name();
            saved.namespace = runner.namespace();
            saved.seriesPerRunner = runner.seriesPerRunner();
            saved.cursors = runner.cursors();
            saved.state = SavedRunnerState.of(runner.state());
            saved.steps = SavedSteps.of(runner.steps());
            return saved;
        }

        PersistedState.Runner restore() throws IOException {
            return new PersistedState.Runner(cursors, state.restore(), steps.restore(), type, name, namespace,
                    seriesPerRunner);
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
        Map<String, Long> listenerErrors = new TreeMap<>();
        Map<String, Instant> listenerErrorLast = new TreeMap<>();

        static final Fields<SavedRunnerState> FIELDS = new Fields<>(SavedRunnerState::new)
                .add("online", BOOLEAN, s -> s.online, (s, v) -> s.online = v)
                .add("version", TEXT, s -> s.version, (s, v) -> s.version = v)
                .add("versionSource", TEXT, s -> s.versionSource, (s, v) -> s.versionSource = v)
                .add("os", TEXT, s -> s.os, (s, v) -> s.os = v)
                .add("arch", TEXT, s -> s.arch, (s, v) -> s.arch = v)
                .add("listenerStart", INSTANT, s -> s.listenerStart, (s, v) -> s.listenerStart = v)
                .add("lastJobCompleted", INSTANT, s -> s.lastJobCompleted, (s, v) -> s.lastJobCompleted = v)
                .add("currentKey", TEXT, s -> s.currentKey, (s, v) -> s.currentKey = v)
                .add("resultConflicts", LONG_VALUE, s -> s.resultConflicts, (s, v) -> s.resultConflicts = v)
                .add("open", mapOf(SavedOpenJob.FIELDS), s -> s.open, (s, v) -> s.open = v)
                .add("finished", mapOf(record(FinishedJob.class)), s -> s.finished,
                        (s, v) -> s.finished = v == null ? null : new LinkedHashMap<>(v))
                .add("lastEnded", record(EndedJob.class), s -> s.lastEnded, (s, v) -> s.lastEnded = v)
                .add("series", mapOf(SavedSeries.FIELDS), s -> s.series, (s, v) -> s.series = v)
                .add("labelValues", mapOf(setOf(TEXT)), s -> s.labelValues, (s, v) -> s.labelValues = v)
                .add("labelOverflow", mapOf(LONG), s -> s.labelOverflow, (s, v) -> s.labelOverflow = v)
                .add("counts", mapOf(mapOf(LONG)), s -> s.counts, (s, v) -> s.counts = v)
                .add("countsLast", mapOf(mapOf(INSTANT)), s -> s.countsLast, (s, v) -> s.countsLast = v)
                .readOnly("listenerErrors", mapOf(LONG), (s, v) -> s.listenerErrors = v)
                .readOnly("listenerErrorLast", mapOf(INSTANT), (s, v) -> s.listenerErrorLast = v);

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
                saved.series.put(new String(Json.write(e.getKey().values()), StandardCharsets.UTF_8),
                        SavedSeries.of(e.getValue()));
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
                List<String> values = SERIES_KEY.read(Json.read(e.getKey()));
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

        static final Fields<SavedOpenJob> FIELDS = new Fields<>(SavedOpenJob::new)
                .add("name", TEXT, j -> j.name, (j, v) -> j.name = v)
                .add("start", INSTANT, j -> j.start, (j, v) -> j.start = v)
                .add("lastSeen", INSTANT, j -> j.lastSeen, (j, v) -> j.lastSeen = v)
                .add("fromListener", BOOLEAN_VALUE, j -> j.fromListener, (j, v) -> j.fromListener = v)
                .add("repository", TEXT, j -> j.repository, (j, v) -> j.repository = v)
                .add("workflow", TEXT, j -> j.workflow, (j, v) -> j.workflow = v)
                .add("contextSeen", BOOLEAN_VALUE, j -> j.contextSeen, (j, v) -> j.contextSeen = v)
                .add("environment", TEXT, j -> j.environment, (j, v) -> j.environment = v)
                .add("sha", TEXT, j -> j.sha, (j, v) -> j.sha = v)
                .add("headCommitTimestamp", TEXT, j -> j.headCommitTimestamp, (j, v) -> j.headCommitTimestamp = v)
                .add("abandonAt", INSTANT, j -> j.abandonAt, (j, v) -> j.abandonAt = v)
                .add("id", TEXT, j -> j.id, (j, v) -> j.id = v)
                .add("workerKey", TEXT, j -> j.workerKey, (j, v) -> j.workerKey = v)
                .add("stage", INT_VALUE, j -> j.stage, (j, v) -> j.stage = v)
                .add("stageAt", INSTANT, j -> j.stageAt, (j, v) -> j.stageAt = v);

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

        static final Fields<SavedSeries> FIELDS = new Fields<>(SavedSeries::new)
                .add("jobs", LONG_VALUE, j -> j.jobs, (j, v) -> j.jobs = v)
                .add("bucketCounts", LONGS, j -> j.bucketCounts, (j, v) -> j.bucketCounts = v)
                .add("durationSum", DOUBLE_VALUE, j -> j.durationSum, (j, v) -> j.durationSum = v)
                .add("durationCount", LONG_VALUE, j -> j.durationCount, (j, v) -> j.durationCount = v);

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

        static final Fields<SavedSteps> FIELDS = new Fields<>(SavedSteps::new)
                .add("files", mapOf(record(PageCursor.class)), s -> s.files, (s, v) -> s.files = v)
                .add("streams", mapOf(SavedStream.FIELDS), s -> s.streams,
                        (s, v) -> s.streams = v == null ? null : new LinkedHashMap<>(v))
                .add("pagesSeen", LONG_VALUE, s -> s.pagesSeen, (s, v) -> s.pagesSeen = v)
                .add("pagesRead", LONG_VALUE, s -> s.pagesRead, (s, v) -> s.pagesRead = v)
                .add("pagesMissed", LONG_VALUE, s -> s.pagesMissed, (s, v) -> s.pagesMissed = v)
                .add("cacheRequests", mapOf(record(CacheCount.class)), s -> s.cacheRequests,
                        (s, v) -> s.cacheRequests = v);

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

        static final Fields<SavedStream> FIELDS = new Fields<>(SavedStream::new)
                .add("kind", TEXT, s -> s.kind, (s, v) -> s.kind = v)
                .add("job", TEXT, s -> s.job, (s, v) -> s.job = v)
                .add("step", TEXT, s -> s.step, (s, v) -> s.step = v)
                .add("pending", mapOf(listOf(TEXT)), s -> s.pending, (s, v) -> s.pending = v)
                .add("header", Codec.enumOf(StepStream.Header.class), s -> s.header, (s, v) -> s.header = v)
                .add("withIndent", INT_VALUE, s -> s.withIndent, (s, v) -> s.withIndent = v)
                .add("inputs", mapOf(TEXT), s -> s.inputs, (s, v) -> s.inputs = v)
                .add("partialHint", TEXT, s -> s.partialHint, (s, v) -> s.partialHint = v);

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
