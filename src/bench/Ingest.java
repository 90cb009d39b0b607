import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.exporter.app.ExporterEngine;
import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.metrics.Labels;
import dev.runnermetrics.exporter.metrics.Samples;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import dev.runnermetrics.exporter.state.StateStore;
import dev.runnermetrics.exporter.tail.DiagTailer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Log ingest throughput of the exporter's own poll path: per pass, a fresh ExporterEngine over one runner polled
 * once, as on start. That is the production RunnerMonitor.poll: list the _diag folder, read every file, split lines,
 * parse, interpret, sort the events by log time, apply them to the model, sweep. No HTTP, no state file (the engine
 * starts from an empty state directory and is never asked to save), no step output, no exposition. The files are in
 * the page cache after the first pass. Prints one JSON object: lines, events, per-pass seconds, lines/s (median, best).
 *
 * Usage (the Quarkus app's own classes and libraries; JBoss Logging is in lib/boot):
 *   APP=exporter/target/quarkus-app; java -cp "$APP/app/*:$APP/lib/main/*:$APP/lib/boot/*" Ingest.java DIAG PASSES
 */
public class Ingest {

    /** The engine's settings for a plain sidecar: no job labels, no step output, no deployments. */
    private static final ExporterEngine.Settings SETTINGS = new ExporterEngine.Settings(1048576, Duration.ofSeconds(3),
            Duration.ofMinutes(30), JobLabelPolicy.none(), false, List.of());

    public static void main(String[] args) throws Exception {
        Path diag = Path.of(args[0]).toAbsolutePath();
        int passes = Integer.parseInt(args[1]);
        int warmup = Math.max(1, passes / 3);
        RunnerTarget runner = new RunnerTarget("bench", "standard", diag.getParent(), diag);
        Path noState = Files.createTempDirectory("ingest-state");
        long lines = 0;
        long jobs = 0;
        double[] seconds = new double[passes];
        try {
            for (int pass = 0; pass < warmup + passes; pass++) {
                long start = System.nanoTime();
                ExporterEngine engine = new ExporterEngine(List.of(runner), SETTINGS,
                        new StateStore(noState, Clock.systemUTC()), Clock.systemUTC());
                engine.poll();
                long elapsed = System.nanoTime() - start;
                Totals totals = new Totals();
                engine.expose(totals); // what a scrape would show: lines read and jobs counted
                engine.close();
                lines = totals.lines;
                jobs = totals.jobs;
                if (pass >= warmup) {
                    seconds[pass - warmup] = elapsed / 1e9;
                }
            }
        } finally {
            Files.deleteIfExists(noState);
        }
        // What the poll applied, counted once outside the timed passes (the engine does not report it).
        long events = new DiagTailer(diag, SETTINGS.maxLineBytes(), Map.of()).poll().events().size();
        double[] sortedSeconds = seconds.clone();
        Arrays.sort(sortedSeconds);
        double median = sortedSeconds[passes / 2];
        double best = sortedSeconds[0];
        System.out.printf(Locale.ROOT,
                "{\"lines\": %d, \"events\": %d, \"jobs\": %d, \"warmup_passes\": %d, \"passes\": %d, "
                        + "\"median_s\": %.6f, \"best_s\": %.6f, \"lines_per_s_median\": %.0f, "
                        + "\"lines_per_s_best\": %.0f}%n",
                lines, events, jobs, warmup, passes, median, best, lines / median, lines / best);
    }

    /** Adds up the lines read and the jobs counted from the engine's samples. */
    private static final class Totals implements Samples {
        long lines;
        long jobs;

        @Override
        public void value(MetricSpec family, Labels labels, double value) {
            if (family == Catalogue.SOURCE_LINES) {
                lines += (long) value;
            } else if (family == Catalogue.JOBS) {
                jobs += (long) value;
            }
        }

        @Override
        public void histogram(MetricSpec family, Labels labels, long[] buckets, double sum, long count) {
        }
    }
}
