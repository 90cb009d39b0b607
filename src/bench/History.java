import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes a runner directory with N finished jobs in the runner's own trace format, for benchmarks. With
 * {@code --append}, adds N more finished jobs to an existing directory at once (a burst): new Worker files, then all
 * their Runner lines in one write to its Runner log, one second apart ending a little before now, with new job ids.
 */
public class History {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final String[] RESULTS = {"Succeeded", "Succeeded", "Succeeded", "Failed", "Canceled"};

    public static void main(String[] args) throws IOException {
        Path diag = Path.of(args[0], "_diag");
        int jobs = Integer.parseInt(args[1]);
        if (args.length > 2 && args[2].equals("--append")) {
            append(diag, jobs);
            return;
        }
        Files.createDirectories(diag);
        Instant t = Instant.now().minusSeconds(jobs * 120L + 60);
        StringBuilder runner = new StringBuilder();
        line(runner, t, "Listener", "Runner is built for Linux (X64) - linux-x64.");
        line(runner, t, "Listener", "Version: 2.333.1");
        line(runner, t, "BrokerMessageListener", "Session created.");
        line(runner, t, "Terminal", "WRITE LINE: " + STAMP.format(t) + ": Listening for Jobs");
        for (int i = 0; i < jobs; i++) {
            job(diag, runner, i, t.plusSeconds(i * 120L + 10), 30 + (i * 37) % 90);
        }
        Files.writeString(diag.resolve("Runner_" + FILE.format(t) + "-utc.log"), runner);
    }

    private static void append(Path diag, int jobs) throws IOException {
        Path runnerLog;
        int existing;
        try (var files = Files.list(diag)) {
            List<Path> all = files.toList();
            runnerLog = all.stream().filter(p -> p.getFileName().toString().startsWith("Runner_")).sorted()
                    .reduce((a, b) -> b).orElseThrow(() -> new IOException("no Runner_ log in " + diag));
            existing = (int) all.stream().filter(p -> p.getFileName().toString().startsWith("Worker_")).count();
        }
        StringBuilder runner = new StringBuilder();
        // One job after the other (a runner runs one at a time), short ones, ending a little before now.
        Instant start = Instant.now().minusSeconds(jobs * 7L + 10).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (int i = 0; i < jobs; i++) {
            while (Files.exists(diag.resolve("Worker_" + FILE.format(start) + "-utc.log"))) {
                start = start.plusSeconds(1); // one Worker file per second: never overwrite an older one
            }
            job(diag, runner, 1_000_000 + existing + i, start, 2 + i % 5);
            start = start.plusSeconds(7);
        }
        Files.writeString(runnerLog, runner, java.nio.file.StandardOpenOption.APPEND);
    }

    /** One finished job: its Runner lines into {@code runner}, its Worker file written. */
    private static void job(Path diag, StringBuilder runner, int i, Instant start, int seconds) throws IOException {
        {
            Instant end = start.plusSeconds(seconds);
            String id = String.format("%08x-0000-4000-8000-%012x", i, i);
            String result = RESULTS[i % RESULTS.length];
            int code = 100 + switch (result) { case "Failed" -> 2; case "Canceled" -> 3; default -> 0; };
            line(runner, start, "JobDispatcher", "Job request 0 for plan p job " + id + " received.");
            line(runner, start, "BrokerMessageListener", "Received job status event. JobState: Busy");
            line(runner, start, "Terminal", "WRITE LINE: " + STAMP.format(start) + ": Running job: build " + (i % 7));
            line(runner, end, "JobDispatcher", "Worker finished for job " + id + ". Code: " + code);
            line(runner, end, "JobDispatcher", "finish job request for job " + id + " with result: " + result);
            line(runner, end, "Terminal", "WRITE LINE: " + STAMP.format(end) + ": Job build " + (i % 7)
                    + " completed with result: " + result);
            line(runner, end, "BrokerMessageListener", "Received job status event. JobState: Online");
            StringBuilder worker = new StringBuilder();
            line(worker, start, "Worker", "Version: 2.333.1");
            line(worker, start, "Worker", "Job message:");
            worker.append(" {\n  \"jobId\": \"").append(id).append("\",\n  \"jobDisplayName\": \"build ")
                    .append(i % 7).append("\"\n}\n");
            line(worker, start, "JobRunner", "Job ID " + id);
            for (int s = 0; s < 40; s++) {
                line(worker, start.plusSeconds(s), "HostContext", "Well known directory 'Bin': '/home/runner/bin'");
            }
            line(worker, end, "JobRunner", "Job result after all job steps finish: " + result);
            line(worker, end, "Worker", "Job completed.");
            Files.writeString(diag.resolve("Worker_" + FILE.format(start) + "-utc.log"), worker);
        }
    }

    private static void line(StringBuilder b, Instant t, String component, String message) {
        b.append('[').append(STAMP.format(t)).append(" INFO ").append(component).append("] ").append(message)
                .append('\n');
    }
}
