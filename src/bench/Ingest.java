import dev.runnermetrics.exporter.logs.LogEvent;
import dev.runnermetrics.exporter.model.JobLabelPolicy;
import dev.runnermetrics.exporter.model.RunnerModel;
import dev.runnermetrics.exporter.model.RunnerState;
import dev.runnermetrics.exporter.tail.DiagTailer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Log ingest throughput of the exporter's own classes: one fresh DiagTailer (list the _diag folder, read every file,
 * split lines, parse, interpret) and RunnerModel (sort by log time, apply every event, sweep) per pass over a whole
 * runner history, as RunnerMonitor.poll does on start. No HTTP, no state file, no exposition. The files are in the
 * page cache after the first pass. Prints one JSON object: lines, events, per-pass seconds, lines/s (median, best).
 *
 * Usage: java -cp 'exporter/target/quarkus-app/app/*:exporter/target/quarkus-app/lib/main/*' Ingest.java DIAG PASSES
 */
public class Ingest {

    public static void main(String[] args) throws Exception {
        Path diag = Path.of(args[0]);
        int passes = Integer.parseInt(args[1]);
        int warmup = Math.max(1, passes / 3);
        long lines = 0;
        long events = 0;
        long jobs = 0;
        double[] seconds = new double[passes];
        for (int pass = 0; pass < warmup + passes; pass++) {
            long start = System.nanoTime();
            DiagTailer tailer = new DiagTailer(diag, 1048576, java.util.Map.of());
            RunnerModel model = new RunnerModel(new RunnerState(), Duration.ofSeconds(3), Duration.ofMinutes(30),
                    JobLabelPolicy.none());
            DiagTailer.Poll poll = tailer.poll();
            List<LogEvent> sorted = new ArrayList<>(poll.events());
            sorted.sort(Comparator.comparing(LogEvent::time));
            Instant now = Instant.now();
            for (LogEvent event : sorted) {
                model.apply(event, now);
            }
            model.sweep(now);
            long elapsed = System.nanoTime() - start;
            lines = poll.sources().values().stream().mapToLong(s -> s.lines).sum();
            events = sorted.size();
            jobs = model.seriesCopy().values().stream().mapToLong(s -> s.jobs).sum();
            if (pass >= warmup) {
                seconds[pass - warmup] = elapsed / 1e9;
            }
        }
        double[] sortedSeconds = seconds.clone();
        Arrays.sort(sortedSeconds);
        double median = sortedSeconds[passes / 2];
        double best = sortedSeconds[0];
        System.out.printf(java.util.Locale.ROOT,
                "{\"lines\": %d, \"events\": %d, \"jobs\": %d, \"warmup_passes\": %d, \"passes\": %d, "
                        + "\"median_s\": %.6f, \"best_s\": %.6f, \"lines_per_s_median\": %.0f, "
                        + "\"lines_per_s_best\": %.0f}%n",
                lines, events, jobs, warmup, passes, median, best, lines / median, lines / best);
    }
}
