package dev.runnermetrics.exporter.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes a runner directory the way actions/runner 2.33x does: the line formats, components and message wording
 * are the runner's own (src/Runner.Listener/JobDispatcher.cs, Program.cs, Runner.cs, BrokerMessageListener.cs,
 * src/Runner.Worker/Worker.cs, JobRunner.cs), as seen in the real excerpts under runner-logs/.
 */
public final class RunnerDir {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** .NET's round-trip format ("O") of a UTC time, as the pager stamps step output lines. */
    private static final DateTimeFormatter PAGE_STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final Path root;
    private final Path diag;
    private Path runnerLog;

    public RunnerDir(Path root) {
        this(root, root.resolve("_diag"));
    }

    private RunnerDir(Path root, Path diag) {
        this.root = root;
        this.diag = diag;
        try {
            Files.createDirectories(diag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A runner whose {@code _diag} is a folder of another name, as a Kubernetes volume mounted there: the kubelet's
     * {@code <pod-uid>/volumes/kubernetes.io~empty-dir/runner-diag}. Its root is the folder holding it.
     */
    public static RunnerDir diagIn(Path diag) {
        return new RunnerDir(diag.getParent(), diag);
    }

    public Path root() {
        return root;
    }

    public Path diag() {
        return diag;
    }

    public Path runnerLog() {
        return runnerLog;
    }

    /** Writes the .runner file the runner's config step leaves (camelCase JSON, UTF-8 with BOM). */
    public RunnerDir config(String agentName) {
        write(root.resolve(".runner"), "\uFEFF{\n  \"agentId\": 17,\n  \"agentName\": \"" + agentName
                + "\",\n  \"poolId\": 1,\n  \"poolName\": \"Default\",\n  \"serverUrl\": "
                + "\"https://pipelines.actions.githubusercontent.com/abc\",\n  \"gitHubUrl\": "
                + "\"https://github.com/acme\",\n  \"workFolder\": \"_work\"\n}", false);
        return this;
    }

    /** A listener process starts: new Runner_ file, start-up lines, session, listening. */
    public RunnerDir listenerStarts(Instant t, String version) {
        runnerLog = diag().resolve("Runner_" + FILE_STAMP.format(t) + "-utc.log");
        runner(t, "Listener", "Runner is built for Linux (X64) - linux-x64.");
        runner(t, "Listener", "RuntimeInformation: Ubuntu 22.04.4 LTS.");
        runner(t, "Listener", "Version: " + version);
        runner(t, "Listener", "Commit: 6792966801e8925346735b68c03bf9f347af4646");
        runner(t, "BrokerMessageListener", "Session created.");
        runner(t, "Terminal", "WRITE LINE: Current runner version: '" + version + "'");
        runner(t, "Terminal", "WRITE LINE: " + STAMP.format(t) + ": Listening for Jobs");
        return this;
    }

    /** The listener's lines when it is assigned a job. */
    public RunnerDir jobReceived(Instant t, String jobId, String name) {
        runner(t, "JobDispatcher", "Job request 0 for plan 2d31777a-5a08-418a-99cf-95b2c873149c job " + jobId
                + " received.");
        runner(t, "BrokerMessageListener", "Received job status event. JobState: Busy");
        runner(t, "Terminal", "WRITE LINE: " + STAMP.format(t) + ": Running job: " + name);
        return this;
    }

    /** The listener's lines when the worker exits with this TaskResult name (Succeeded, Failed, ...). */
    public RunnerDir jobFinished(Instant t, String jobId, String name, String result) {
        runner(t, "JobDispatcher", "Worker finished for job " + jobId + ". Code: " + (100 + ordinal(result)));
        runner(t, "JobDispatcher", "finish job request for job " + jobId + " with result: " + result);
        runner(t, "Terminal", "WRITE LINE: " + STAMP.format(t) + ": Job " + name + " completed with result: "
                + result);
        runner(t, "BrokerMessageListener", "Received job status event. JobState: Online");
        return this;
    }

    /** A Worker_ file for the job: start-up, job message with its context, result, completion. */
    public Path worker(Instant start, Instant end, String jobId, String name, String repository, String result) {
        return worker(start, end, jobId, name, repository, result, "24282322391", null);
    }

    /** Like the other, with the run id and (unless null) the run attempt the job message names. */
    public Path worker(Instant start, Instant end, String jobId, String name, String repository, String result,
            String runId, String runAttempt) {
        Path file = diag().resolve("Worker_" + FILE_STAMP.format(start) + "-utc.log");
        StringBuilder b = new StringBuilder();
        line(b, start, "Worker", "Version: 2.333.1");
        line(b, start, "Worker", "Waiting to receive the job message from the channel.");
        line(b, start, "Worker", "Message received.");
        line(b, start, "Worker", "Job message:");
        b.append(" {\n  \"jobId\": \"").append(jobId).append("\",\n  \"jobDisplayName\": \"").append(name)
                .append("\",\n  \"contextData\": {\n    \"github\": {\n      \"t\": 2,\n      \"d\": [\n")
                .append("        {\n          \"k\": \"repository\",\n          \"v\": \"").append(repository)
                .append("\"\n        },\n        {\n          \"k\": \"workflow\",\n          \"v\": \"CI\"\n")
                .append("        },\n        {\n          \"k\": \"run_id\",\n          \"v\": \"").append(runId)
                .append("\"\n");
        if (runAttempt != null) {
            b.append("        },\n        {\n          \"k\": \"run_attempt\",\n          \"v\": \"")
                    .append(runAttempt).append("\"\n");
        }
        b.append("        }\n      ]\n    }\n  }\n}\n");
        line(b, start, "JobRunner", "Job ID " + jobId);
        line(b, start, "StepsRunner", "Processing step: DisplayName='Run make test'");
        if (end != null) {
            line(b, end, "JobRunner", "Job result after all job steps finish: " + result);
            line(b, end, "Worker", "Job completed.");
        }
        write(file, b.toString(), true);
        return file;
    }

    /**
     * Appends step output lines to page {@code number} of a timeline record, as actions/runner's PagingLogger writes
     * them: {@code _diag/pages/TIMELINE_RECORD_N.log}, UTF-8 with a byte order mark, each line stamped.
     */
    public Path page(String timeline, String record, int number, Instant t, String... messages) {
        return stepOutput(diag().resolve("pages").resolve(timeline + "_" + record + "_" + number + ".log"), t,
                messages);
    }

    /** The same for block {@code number} (results service copy): {@code _diag/blocks/TIMELINE_RECORD.N}. */
    public Path block(String timeline, String record, int number, Instant t, String... messages) {
        return stepOutput(diag().resolve("blocks").resolve(timeline + "_" + record + "." + number), t, messages);
    }

    private static Path stepOutput(Path file, Instant t, String... messages) {
        StringBuilder b = new StringBuilder();
        if (!Files.exists(file)) {
            b.append('\uFEFF');
        }
        for (String message : messages) {
            b.append(PAGE_STAMP.format(t)).append(' ').append(message).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(file, b.toString(), true);
        return file;
    }

    /** Appends one listener trace line. */
    public RunnerDir runner(Instant t, String component, String message) {
        StringBuilder b = new StringBuilder();
        line(b, t, component, message);
        write(runnerLog, b.toString(), true);
        return this;
    }

    public static String stamp(Instant t) {
        return STAMP.format(t);
    }

    private static void line(StringBuilder b, Instant t, String component, String message) {
        b.append('[').append(STAMP.format(t)).append(" INFO ").append(component).append("] ").append(message)
                .append('\n');
    }

    private static int ordinal(String result) {
        return switch (result) {
            case "Succeeded" -> 0;
            case "SucceededWithIssues" -> 1;
            case "Failed" -> 2;
            case "Canceled" -> 3;
            case "Skipped" -> 4;
            case "Abandoned" -> 5;
            default -> throw new IllegalArgumentException(result);
        };
    }

    private static void write(Path file, String text, boolean append) {
        try {
            if (append) {
                Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } else {
                Files.writeString(file, text, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
