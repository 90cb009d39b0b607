package dev.runnermetrics.exporter.app;

import static dev.runnermetrics.catalogue.Catalogue.STATE_SAVE_FAILURES;

import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.catalogue.MetricType;
import dev.runnermetrics.exporter.metrics.Labels;
import dev.runnermetrics.exporter.metrics.Samples;
import dev.runnermetrics.exporter.metrics.SeriesTotals;
import dev.runnermetrics.exporter.state.PersistedState;
import dev.runnermetrics.exporter.steps.StepFigures;
import dev.runnermetrics.exporter.steps.StepState;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Counters and histograms per runner type, for runners that come and go (node mode): a runner's cumulative series
 * are written without its name, so the series of one type add up, and when it goes what it counted is added to its
 * type's totals, which the state file keeps. Saved runners and these totals are written in one file, so a runner is
 * either in it or in the totals, never both nor neither: a crash before the save that lets it go leaves it saved,
 * and the next start, not finding it, adds it then. Gauges stay per runner while the runner exists. Access is
 * serialised by {@link ExporterEngine}.
 */
final class RunnerTypeTotals {

    /** What gone runners counted that their state keeps: saved. */
    private final SeriesTotals gone;
    /** What gone runners counted since this process started (lines read): not saved, like the runners' own. */
    private final SeriesTotals goneSinceStart = new SeriesTotals();
    private final List<String> contextLabels;

    RunnerTypeTotals(SeriesTotals restored, List<String> contextLabels) {
        this.gone = restored;
        this.contextLabels = contextLabels;
    }

    /** Adds what a runner that went counted, read up to its last line, to its type's totals. */
    void fold(RunnerMonitor runner) {
        Map<String, String> type = typeLabels(runner.target().type());
        RunnerSamples.savedCounts(type, runner.state(), runner.stepFigures(), runner.contextLabels(),
                RunnerSamples.runnerLogRead(runner), gone);
        RunnerSamples.readCounts(type, runner, goneSinceStart);
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
        StepState steps = saved.steps();
        StepFigures figures = new StepFigures(steps.pagesSeen(), steps.pagesRead(), steps.pagesMissed(),
                steps.cacheRequests());
        RunnerSamples.savedCounts(typeLabels(saved.type()), saved.state(), figures, contextLabels, true, gone);
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
            RunnerSamples.emit(runner, now, perType);
            types.add(runner.target().type());
        }
        gone.expose(f);
        goneSinceStart.expose(f);
        for (String type : types) {
            f.value(STATE_SAVE_FAILURES, typeLabels(type), saveFailures);
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

    /** The labels that key a type's totals. */
    private static Map<String, String> typeLabels(String type) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("runner_type", type);
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
