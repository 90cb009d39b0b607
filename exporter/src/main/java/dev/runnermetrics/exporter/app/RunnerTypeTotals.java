package dev.runnermetrics.exporter.app;

import static dev.runnermetrics.catalogue.Catalogue.LABEL_OVERFLOW;
import static dev.runnermetrics.catalogue.Catalogue.STATE_SAVE_FAILURES;

import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.catalogue.MetricType;
import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.metrics.Labels;
import dev.runnermetrics.exporter.metrics.Samples;
import dev.runnermetrics.exporter.metrics.SeriesTotals;
import dev.runnermetrics.exporter.state.PersistedState;
import dev.runnermetrics.exporter.steps.StepFigures;
import dev.runnermetrics.exporter.steps.StepState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Counters and histograms per runner type (and namespace, when the Kubernetes API tells it), for runners that come
 * and go (node mode): a runner's cumulative series
 * are written without its name, so the series of one type add up, and when it goes what it counted is added to its
 * type's totals, which the state file keeps. Saved runners and these totals are written in one file, so a runner is
 * either in it or in the totals, never both nor neither: a crash before the save that lets it go leaves it saved,
 * and the next start, not finding it, adds it then. Gauges stay per runner while the runner exists. Access is
 * serialised by {@link ExporterEngine}.
 *
 * <p>Opted in ({@code node-series-per-runner}), up to that many runners at once have their counters and histograms
 * written per runner (with runner_name) instead of in their type's, decided once for a runner's life and saved with
 * it: a series that moved between the two forms would be counted twice by increase(). Such a runner's counts never
 * join its type's; when it goes its series stay, at their last values, for {@link #GONE_GRACE} so that a scrape sees
 * its last jobs, then leave. A runner over the cap is written in its type's and counted in
 * {@code runner_metrics_label_values_overflow_total{label="runner_name"}}. Either way each job is in exactly one
 * series, so {@code sum by (runner_type) (increase(...))} counts it once.
 */
final class RunnerTypeTotals {

    /** How long a gone runner's own series stay: several scrape intervals. */
    static final Duration GONE_GRACE = Duration.ofMinutes(10);

    /** What gone runners counted that their state keeps: saved. */
    private final SeriesTotals gone;
    /** What gone runners counted since this process started (lines read): not saved, like the runners' own. */
    private final SeriesTotals goneSinceStart = new SeriesTotals();
    private final List<String> contextLabels;
    /** At most this many runners written per runner at once, those gone in their grace included; 0 none. */
    private final int perRunnerCap;
    /** The runners watched, by id (a pod's UID): whether each is written per runner. */
    private final Map<String, Boolean> perRunner = new HashMap<>();
    /**
     * Runners written per runner that went, by name (their series' label): their last series, until the end of their
     * grace. Not saved.
     */
    private final Map<String, GoneRunner> leaving = new LinkedHashMap<>();

    private record GoneRunner(Instant until, SeriesTotals series) {
    }

    RunnerTypeTotals(SeriesTotals restored, List<String> contextLabels, int perRunnerCap) {
        this.gone = restored;
        this.contextLabels = contextLabels;
        this.perRunnerCap = perRunnerCap;
    }

    /**
     * Decides how a runner the engine starts watching is written: as its part of the state file says, else (new)
     * per runner while fewer than the cap are, else in its type's, counted as overflow.
     *
     * @param saved its form as saved; null for a runner the state file does not know, or whose form it does not say
     *        (then written in its type's, as it was)
     */
    void watch(RunnerTarget target, boolean known, Boolean saved, Instant now) {
        boolean form;
        if (known || saved != null) {
            form = Boolean.TRUE.equals(saved);
        } else {
            expire(now);
            long written = perRunner.values().stream().filter(b -> b).count() + leaving.size();
            form = written < perRunnerCap;
            if (!form && perRunnerCap > 0) {
                Map<String, String> labels = typeLabels(target.type(), null);
                labels.put("label", "runner_name");
                gone.value(LABEL_OVERFLOW, Labels.of(LABEL_OVERFLOW, labels), 1);
            }
        }
        perRunner.put(target.id(), form);
        leaving.remove(target.name()); // a name back in its grace: its live series replace the last ones
    }

    /** A runner's part of the state file with its form of series. */
    PersistedState.Runner withForm(String id, PersistedState.Runner part) {
        return part.withSeriesPerRunner(perRunner.get(id));
    }

    /**
     * Adds what a runner that went counted, read up to its last line, to its type's totals; one written per runner
     * keeps its own series for their grace instead.
     */
    void fold(RunnerMonitor runner, Instant now) {
        boolean own = Boolean.TRUE.equals(perRunner.remove(runner.target().id()));
        Map<String, String> labels = own ? RunnerSamples.runnerLabels(runner.target())
                : typeLabels(runner.target().type(), runner.target().namespace());
        SeriesTotals saved = own ? new SeriesTotals() : gone;
        SeriesTotals read = own ? saved : goneSinceStart;
        RunnerSamples.savedCounts(labels, runner.state(), runner.stepFigures(), runner.contextLabels(),
                RunnerSamples.runnerLogRead(runner), saved);
        RunnerSamples.readCounts(labels, runner, read);
        if (own) {
            leaving.put(runner.target().name(), new GoneRunner(now.plus(GONE_GRACE), saved));
        }
    }

    /**
     * Adds a saved runner that is gone (it went while the exporter was down, or before the save that would have
     * let it go): what its saved offsets had counted.
     *
     * @return false when the file does not say its type (written before types were kept): not added
     */
    boolean fold(PersistedState.Runner saved) {
        if (saved.type() == null) {
            return false;
        }
        if (Boolean.TRUE.equals(saved.seriesPerRunner())) {
            return true; // its own series ended with the process that wrote them: never its type's
        }
        StepState steps = saved.steps();
        StepFigures figures = new StepFigures(steps.pagesSeen(), steps.pagesRead(), steps.pagesMissed(),
                steps.cacheRequests());
        RunnerSamples.savedCounts(typeLabels(saved.type(), saved.namespace()), saved.state(), figures, contextLabels,
                true, gone);
        return true;
    }

    /** The totals the state file keeps. */
    SeriesTotals saved() {
        return gone;
    }

    /**
     * Writes the runners' figures: their cumulative series per type (with the gone runners' totals), their gauges
     * per runner, and the state file's save failures once per type.
     */
    void expose(Collection<RunnerMonitor> runners, Instant now, long saveFailures, Samples f) {
        Samples perType = routed(f);
        Set<String> types = new TreeSet<>(gone.labelValues("runner_type"));
        for (RunnerMonitor runner : runners) {
            boolean own = Boolean.TRUE.equals(perRunner.get(runner.target().id()));
            RunnerSamples.emit(runner, now, own ? f : perType);
            types.add(runner.target().type());
        }
        gone.expose(f);
        goneSinceStart.expose(f);
        expire(now);
        leaving.values().forEach(r -> r.series().expose(f));
        for (String type : types) {
            f.value(STATE_SAVE_FAILURES, typeLabels(type, null), saveFailures);
        }
    }

    /**
     * Where the runners' figures and the job features' go: counters and histograms without runner_name, so one
     * type's add up (a feature keeps its cumulative series itself and folds a gone runner's into its type's through
     * {@code JobFeature.runnerGone}); gauges as they are.
     */
    Samples routed(Samples f) {
        return new WithoutRunnerName(f);
    }

    private void expire(Instant now) {
        leaving.values().removeIf(r -> !now.isBefore(r.until()));
    }

    /**
     * The labels that key a type's totals: with the pods' namespace when the discovery tells it (the Kubernetes API),
     * else without.
     */
    private static Map<String, String> typeLabels(String type, String namespace) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("runner_type", type);
        if (namespace != null) {
            labels.put("runner_namespace", namespace);
        }
        return labels;
    }

    /** Counters and histograms without the runner's name, so one type's series add up; gauges as they are. */
    private record WithoutRunnerName(Samples to) implements Samples {

        @Override
        public void value(MetricSpec family, Labels labels, double value) {
            to.value(family, family.type() == MetricType.GAUGE ? labels : perType(family, labels), value);
        }

        @Override
        public void histogram(MetricSpec family, Labels labels, long[] bucketCounts, double sum, long count) {
            to.histogram(family, perType(family, labels), bucketCounts, sum, count);
        }

        private static Labels perType(MetricSpec family, Labels labels) {
            Map<String, String> map = labels.asMap();
            map.remove("runner_name");
            return Labels.of(family, map);
        }
    }
}
