import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Replays a GitHub Actions self-hosted runner (actions/runner 2.333.1, Linux x64, classic
 * MessageListener session) into a runner directory, writing _diag/Runner_*.log and one
 * _diag/Worker_*.log per job the way the runner does: current UTC timestamps, one flush per
 * write, and the header written before the message (as HostTraceListener does). While a job
 * runs, its step output goes to _diag/pages and _diag/blocks as the worker's PagingLogger
 * writes it (see {@link StepOutput}), cache restores included; what was written is printed
 * to stderr as the ground truth for the exporter's cache counters.
 *
 * <pre>java src/demo/DemoReplay.java &lt;targetRunnerDir&gt; [--jobs N] [--seconds S] [--seed X] [--webhook URL]</pre>
 *
 * With {@code --webhook} (and the secret in {@code GITHUB_WEBHOOK_SECRET}) it also plays GitHub: for each job that
 * runs, signed workflow_job deliveries (queued, in_progress, completed), and a few production deployments (see
 * {@link Webhooks}), built from the recorded payloads in github-webhooks/.
 *
 * The bundled history in runner/_diag was produced by this file too, on a simulated clock:
 * <pre>java src/demo/DemoReplay.java --bake src/demo/runner 2026-11-20T07:58:12Z</pre>
 */
public class DemoReplay {

    static final String VERSION = "2.333.1";
    static final String COMMIT = "6792966801e8925346735b68c03bf9f347af4646";
    // Paths as the runner sees them inside its own container; the exporter sidecar mounts the
    // same volume elsewhere, so these never match the demo's temp dir - just like production.
    static final String ROOT = "/home/runner/actions-runner";
    static final String WORK = ROOT + "/_work";
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    enum Outcome { SUCCEEDED, FAILED, CONTINUE_ON_ERROR, CANCELED, ABANDONED }

    // ---------------------------------------------------------------- main

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("--bake")) {
            bake(Path.of(args[1]), Instant.parse(args[2]));
            return;
        }
        if (args.length < 1 || args[0].startsWith("--")) {
            System.err.println("usage: java DemoReplay.java <targetRunnerDir> [--jobs N] [--seconds S] [--seed X] [--webhook URL]");
            System.exit(2);
        }
        Path target = Path.of(args[0]).toAbsolutePath();
        int jobs = 12;
        long seconds = 0; // 0 = run until killed
        long seed = System.currentTimeMillis();
        String webhook = null;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--jobs" -> jobs = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Long.parseLong(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--webhook" -> webhook = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        copyTemplateIfEmpty(target);
        Clock clock = new Clock(null, seconds > 0 ? Instant.now().plusSeconds(seconds) : null);
        System.err.printf("DemoReplay: runner dir %s, %d jobs, seed %d%n", target, jobs, seed);
        Replay replay = new Replay(target, clock, new Random(seed), true);
        // Step output draws from its own generator, so the _diag logs of a seed stay as they were.
        replay.stepOutput = new StepOutput(new Random(seed ^ 0x5DEECE66DL));
        if (webhook != null) {
            String secret = System.getenv("GITHUB_WEBHOOK_SECRET");
            if (secret == null || secret.isBlank()) {
                System.err.println("DemoReplay: --webhook needs the exporter's secret in GITHUB_WEBHOOK_SECRET");
                System.exit(2);
            }
            // Its own generator too, for the same reason.
            replay.webhooks = new Webhooks(java.net.URI.create(webhook), secret, new Random(seed ^ 0x9E3779B9L));
        }
        try {
            replay.startListener();
            List<Outcome> plan = schedule(jobs, replay.rnd);
            for (int i = 0; i < plan.size(); i++) {
                // The first five cover every outcome within ~40 s; later jobs run longer.
                int seconds4job = i < 5 ? 3 + replay.rnd.nextInt(3) : 4 + replay.rnd.nextInt(6);
                if (i == 8) seconds4job = 17; // one longer job, ~20 s with the worker's overhead
                int attempt = i == 5 ? 2 : 1; // job 6 re-runs the failed job 2 (same template, run id and sha)
                replay.runJob(TEMPLATES.get(TEMPLATE_ORDER[i % TEMPLATE_ORDER.length]), plan.get(i), seconds4job * 1000L, attempt);
                if (replay.webhooks != null) replay.webhooks.afterJob(i + 1, clock.now());
                clock.sleep(600 + replay.rnd.nextInt(1400));
            }
            System.err.println("DemoReplay: step output written in total: " + replay.stepOutput.total());
            System.err.println("DemoReplay: all jobs replayed, runner stays idle (Online)");
            while (true) clock.sleep(1000);
        } catch (Clock.Deadline d) {
            System.err.println("DemoReplay: --seconds elapsed, stopping; step output written in total: "
                    + replay.stepOutput.total());
        } finally {
            replay.close();
            if (replay.webhooks != null) replay.webhooks.close();
        }
    }

    /** Fixed mix so every interesting case shows up early; the rest mostly succeed. */
    static List<Outcome> schedule(int n, Random rnd) {
        List<Outcome> fixed = List.of(Outcome.SUCCEEDED, Outcome.FAILED, Outcome.ABANDONED,
                Outcome.CONTINUE_ON_ERROR, Outcome.CANCELED, Outcome.SUCCEEDED, Outcome.SUCCEEDED,
                Outcome.FAILED, Outcome.SUCCEEDED, Outcome.SUCCEEDED, Outcome.SUCCEEDED, Outcome.FAILED);
        List<Outcome> plan = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            plan.add(i < fixed.size() ? fixed.get(i) : rnd.nextInt(6) == 0 ? Outcome.FAILED : Outcome.SUCCEEDED);
        }
        return plan;
    }

    static final int[] TEMPLATE_ORDER = {0, 2, 4, 1, 5, 2, 3, 6, 0, 4, 1, 0};

    static void copyTemplateIfEmpty(Path target) throws Exception {
        Files.createDirectories(target);
        boolean empty;
        try (Stream<Path> s = Files.list(target)) {
            empty = s.findAny().isEmpty();
        }
        if (empty) {
            Path template = Path.of(DemoReplay.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .getParent().resolve("runner");
            try (Stream<Path> s = Files.walk(template)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Path dest = target.resolve(template.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(dest);
                    else Files.copy(p, dest);
                }
            }
        }
        Files.createDirectories(target.resolve("_diag"));
    }

    /** Regenerates the bundled history: an earlier listener session with three finished jobs. */
    static void bake(Path runnerDir, Instant start) throws Exception {
        Clock clock = new Clock(start, null);
        Replay replay = new Replay(runnerDir, clock, new Random(20251120L), false);
        replay.startListener();
        clock.sleep(7 * 60_000);
        replay.runJob(TEMPLATES.get(0), Outcome.SUCCEEDED, 154_000, 1);
        clock.sleep(23 * 60_000);
        replay.runJob(TEMPLATES.get(2), Outcome.FAILED, 97_000, 1);
        clock.sleep(41 * 60_000);
        replay.runJob(TEMPLATES.get(3), Outcome.SUCCEEDED, 212_000, 1);
        clock.sleep(12 * 60_000);
        replay.stopListener();
        replay.close();
    }

    // ---------------------------------------------------------------- the replay

    static final class Replay implements AutoCloseable {
        final Path root;
        final Clock clock;
        final Random rnd;
        final boolean splitWrites;
        final String serverUrl;
        final String agentName;
        final String gitHubUrl;
        final int agentId;
        final int poolId;
        final int settingsChars;
        final Diag runner;
        final String sessionId;
        long messageId;
        long requestId;
        long runId;
        int pid;
        String previousJobId;
        final Map<Template, Job> lastRun = new java.util.HashMap<>();
        /** Step output pages and blocks; null for --bake (a finished job's pages are deleted anyway). */
        StepOutput stepOutput;
        /** GitHub's side of each job, with --webhook; else null. */
        Webhooks webhooks;
        int jobNumber;
        // Per-job state the worker side needs to interleave listener lines (renewals, cancel).
        Instant nextRenew;
        long currentRequest;

        Replay(Path root, Clock clock, Random rnd, boolean splitWrites) throws IOException {
            this.root = root;
            this.clock = clock;
            this.rnd = rnd;
            this.splitWrites = splitWrites;
            Path runnerFile = root.resolve(".runner");
            String settings = Files.exists(runnerFile)
                    ? new String(Files.readAllBytes(runnerFile), StandardCharsets.UTF_8).replace("\uFEFF", "") : "";
            serverUrl = jsonField(settings, "serverUrl", "https://pipelinesghubeus22.actions.githubusercontent.com/demo/");
            agentName = jsonField(settings, "agentName", "demo-runner-1");
            gitHubUrl = jsonField(settings, "gitHubUrl", "https://github.com/acme");
            agentId = Integer.parseInt(jsonField(settings, "agentId", "27"));
            poolId = Integer.parseInt(jsonField(settings, "poolId", "1"));
            settingsChars = settings.length();
            runner = new Diag(root.resolve("_diag").resolve("Runner_" + FILE_TS.format(clock.now()) + "-utc.log"), clock, rnd, splitWrites, null);
            sessionId = uuid(rnd, 4);
            messageId = 300 + rnd.nextInt(400);
            requestId = 48_000 + rnd.nextInt(9_000);
            runId = 19_470_000_000L + rnd.nextInt(90_000_000);
            pid = 2_000 + rnd.nextInt(20_000);
        }

        @Override
        public void close() {
            runner.close();
        }

        void dirs(Diag d, String... names) {
            for (String n : names) {
                String path = switch (n) {
                    case "Bin" -> ROOT + "/bin";
                    case "Root" -> ROOT;
                    case "Diag" -> ROOT + "/_diag";
                    case "Work" -> WORK;
                    case "Temp" -> WORK + "/_temp";
                    case "Tools" -> WORK + "/_tool";
                    case "Actions" -> WORK + "/_actions";
                    default -> throw new IllegalArgumentException(n);
                };
                d.info("HostContext", "Well known directory '" + n + "': '" + path + "'");
            }
        }

        void configFile(Diag d, String name, String file) {
            dirs(d, "Bin", "Root");
            d.info("HostContext", "Well known config file '" + name + "': '" + ROOT + "/" + file + "'");
        }

        /** ConfigurationStore.Initialize as logged by both processes (order from 2.333.1 Worker log). */
        void configurationStore(Diag d, String assembly) {
            d.info("ConfigurationStore", "currentAssemblyLocation: " + ROOT + "/bin/" + assembly);
            dirs(d, "Bin");
            d.info("ConfigurationStore", "binPath: " + ROOT + "/bin");
            dirs(d, "Bin", "Root");
            d.info("ConfigurationStore", "RootFolder: " + ROOT);
            configFile(d, "Runner", ".runner");
            d.info("ConfigurationStore", "ConfigFilePath: " + ROOT + "/.runner");
            configFile(d, "MigratedRunner", ".runner_migrated");
            d.info("ConfigurationStore", "MigratedConfigFilePath: " + ROOT + "/.runner_migrated");
            configFile(d, "Credentials", ".credentials");
            d.info("ConfigurationStore", "CredFilePath: " + ROOT + "/.credentials");
            configFile(d, "MigratedCredentials", ".credentials_migrated");
            d.info("ConfigurationStore", "MigratedCredFilePath: " + ROOT + "/.credentials_migrated");
            configFile(d, "Service", ".service");
            d.info("ConfigurationStore", "ServiceConfigFilePath: " + ROOT + "/.service");
        }

        void startListener() {
            Diag r = runner;
            r.info("HostContext", "No proxy settings were found based on environmental variables (http_proxy/https_proxy/HTTP_PROXY/HTTPS_PROXY)");
            configFile(r, "Credentials", ".credentials");
            configFile(r, "Runner", ".runner");
            r.info("Listener", "Runner is built for Linux (X64) - linux-x64.");
            r.info("Listener", "RuntimeInformation: Ubuntu 22.04.5 LTS.");
            r.info("Listener", "Version: " + VERSION);
            r.info("Listener", "Commit: " + COMMIT);
            r.info("Listener", "Culture: en-US");
            r.info("Listener", "UI Culture: en-US");
            dirs(r, "Bin", "Root");
            r.info("Listener", "Validating directory permissions for: '" + ROOT + "'");
            r.info("CommandLineParser", "Parse");
            r.info("CommandLineParser", "Parsing 1 args");
            r.info("CommandLineParser", "parsing argument");
            r.info("CommandLineParser", "HasArgs: False");
            r.info("CommandLineParser", "Adding Command: run");
            r.info("Listener", "Arguments parsed");
            r.info("Runner", "ExecuteCommand");
            configurationStore(r, "Runner.Listener.dll");
            for (String f : List.of("help", "version", "commit", "check")) r.info("CommandSettings", "Flag '" + f + "': 'False'");
            for (String c : List.of("configure", "remove", "warmup")) r.info("CommandSettings", "Command '" + c + "': 'False'");
            r.info("ConfigurationManager", "LoadSettings");
            isConfigured(r);
            r.info("ConfigurationStore", "Read setting file: " + settingsChars + " chars");
            r.info("ConfigurationManager", "Settings Loaded");
            r.info("ConfigurationStore", "IsServiceConfigured()");
            r.info("ConfigurationStore", "IsServiceConfigured: False");
            r.info("CommandSettings", "Command 'run': 'True'");
            isConfigured(r);
            r.info("Runner", "Could not parse the argument value '' for StartupType. Defaulting to Manual");
            r.info("Runner", "Set runner startup type - Manual");
            r.info("CommandSettings", "Flag 'once': 'False'");
            r.info("CommandSettings", "Flag 'once': 'False'");
            r.info("Runner", "RunAsync");
            r.info("ConfigurationManager", "LoadSettings");
            isConfigured(r);
            r.info("ConfigurationManager", "Settings Loaded");
            // Trace.Info(_settings): DataContract names, so PascalCase unlike the camelCase .runner file.
            r.info("MessageListener", Json.pretty(obj("AgentId", agentId, "AgentName", agentName, "PoolId", poolId,
                    "PoolName", "Default", "ServerUrl", serverUrl, "GitHubUrl", gitHubUrl, "WorkFolder", "_work")));
            r.info("MessageListener", "Loading Credentials");
            r.info("RSAFileKeyManager", "Loading RSA key parameters from file " + ROOT + "/.credentials_rsaparams");
            r.info("MessageListener", "Attempt to create session.");
            r.info("MessageListener", "Connecting to the Runner Server...");
            clock.sleep(400 + rnd.nextInt(500));
            r.info("GitHubActionsService", "Finished operation Location.GetConnectionData");
            r.info("MessageListener", "VssConnection created");
            // Terminal.WriteLine() around "√ Connected to GitHub"; the success message itself is console-only.
            r.info("Terminal", "WRITE LINE: ");
            r.info("Terminal", "WRITE LINE: ");
            r.info("RSAFileKeyManager", "Loading RSA key parameters from file " + ROOT + "/.credentials_rsaparams");
            r.info("RSAFileKeyManager", "Loading RSA key parameters from file " + ROOT + "/.credentials_rsaparams");
            clock.sleep(300 + rnd.nextInt(600));
            r.info("GitHubActionsService", "AAD Correlation ID for this token request: Unknown");
            r.info("MessageListener", "Session created.");
            r.info("Terminal", "WRITE LINE: Current runner version: '" + VERSION + "'");
            r.info("Terminal", "WRITE LINE: " + UTC_U.format(clock.now()) + ": Listening for Jobs");
            r.info("JobDispatcher", "Set runner/worker IPC timeout to 30 seconds.");
        }

        void isConfigured(Diag r) {
            r.info("ConfigurationStore", "IsConfigured()");
            r.info("ConfigurationStore", "IsConfigured: True");
            r.info("ConfigurationManager", "Is configured: True");
        }

        /** Ctrl-C on an idle listener (HostContext.ShutdownRunner, Runner.RunAsync finally, Program.MainAsync). */
        void stopListener() {
            Diag r = runner;
            r.info("Terminal", "WRITE LINE: Exiting...");
            r.info("HostContext", "Runner will be shutdown for UserCancelled");
            r.info("MessageListener", "Get next message has been cancelled.");
            r.info("JobDispatcher", "Shutting down JobDispatcher. Make sure all WorkerDispatcher has finished.");
            if (previousJobId != null) {
                r.info("JobDispatcher", "Ensure WorkerDispather for job " + previousJobId + " run to finish, cancel any running job.");
                r.info("JobDispatcher", "Job request " + previousJobId + " processed succeed.");
            }
            r.info("Runner", "Deleting Runner Session...");
            r.info("Listener", "Runner execution been cancelled.");
        }

        void runJob(Template t, Outcome outcome, long durationMs, int attempt) {
            Diag r = runner;
            jobNumber++;
            Job job = new Job(t, outcome, attempt, this);
            if (webhooks != null) webhooks.queued(job, jobNumber, clock.now());
            messageId += 1 + rnd.nextInt(2);
            requestId += 1 + rnd.nextInt(40); // other runners in the org take requests too
            currentRequest = requestId;
            job.requestId = requestId;
            String body = job.compactMessage();
            r.info("MessageListener", "Message '" + messageId + "' received from session '" + sessionId + "'.");
            r.info("Runner", "Received job message of length " + body.length() + " from service, with hash '" + sha256(body) + "'");
            r.info("JobDispatcher", "Job request " + requestId + " for plan " + job.planId + " job " + job.jobId + " received.");
            r.info("JobDispatcher", "Pull OrchestrationId " + job.planId + "." + t.jobKey + ".__default from JWT claims");
            r.info("MessageListener", "Received job status event. JobState: Busy");
            r.info("MessageListener", "_getMessagesTokenSource is already disposed.");
            if (previousJobId != null) r.info("JobDispatcher", "Job request " + previousJobId + " processed succeed.");
            previousJobId = job.jobId;
            r.info("Terminal", "WRITE LINE: " + UTC_U.format(clock.now()) + ": Running job: " + t.display);
            r.info("JobDispatcher", "Start renew job request " + requestId + " for job " + job.jobId + ".");
            clock.sleep(150 + rnd.nextInt(450));

            if (outcome == Outcome.ABANDONED) {
                // The job was cancelled/reassigned server-side before the first renewal: no worker, no result.
                r.err("GitHubActionsService", "PATCH request to " + serverUrl + "_apis/distributedtask/pools/" + poolId + "/jobrequests/"
                        + requestId + "?lockToken=00000000-0000-0000-0000-000000000000 failed. HTTP Status: NotFound");
                r.info("JobDispatcher", "TaskAgentJobNotFoundException received when renew job request " + requestId + ", job is no longer valid, stop renew job request.");
                r.info("JobDispatcher", "Unable to renew job request for job " + job.jobId + " for the first time, stop dispatching job to worker.");
                online();
                return;
            }

            renewed();
            dirs(r, "Bin");
            int workerPid = pid += 3 + rnd.nextInt(60);
            int pipe = 100 + rnd.nextInt(60);
            processStart(r, ROOT + "/bin/Runner.Worker", "spawnclient " + pipe + " " + (pipe + 3), ROOT + "/bin", true, workerPid);
            r.info("JobDispatcher", "Send job request message to worker for job " + job.jobId + ".");
            String sent = body + job.jobId; // the listener re-serializes the message; only length/hash matter
            r.info("ProcessChannel", "Sending message of length " + sent.length() + ", with hash '" + sha256(sent) + "'");
            r.info("JobNotification", "Entering JobStarted Notification");
            r.info("JobNotification", "Entering StartMonitor");
            Instant workerStart = clock.now();
            if (webhooks != null) webhooks.started(job, jobNumber, agentName, agentId, workerStart);

            String result = new Worker(this, job, durationMs).run(sent);

            r.info("ProcessInvokerWrapper", "STDOUT/STDERR stream read finished.");
            r.info("ProcessInvokerWrapper", "STDOUT/STDERR stream read finished.");
            int code = 100 + switch (result) { case "Succeeded" -> 0; case "Failed" -> 2; default -> 3; };
            r.info("ProcessInvokerWrapper", "Finished process " + workerPid + " with exit code " + code + ", and elapsed time "
                    + timeSpan(Duration.between(workerStart, clock.now())) + ".");
            if (outcome != Outcome.CANCELED) { // the cancel path in JobDispatcher.RunAsync does not log this line
                r.info("JobDispatcher", "Worker finished for job " + job.jobId + ". Code: " + code);
            }
            r.info("JobDispatcher", "finish job request for job " + job.jobId + " with result: " + result);
            r.info("Terminal", "WRITE LINE: " + UTC_U.format(clock.now()) + ": Job " + t.display + " completed with result: " + result);
            r.info("JobDispatcher", "Stop renew job request for job " + job.jobId + ".");
            r.info("JobDispatcher", "job renew has been cancelled, stop renew job request " + requestId + ".");
            r.info("JobNotification", "Entering JobCompleted Notification");
            r.info("JobNotification", "Entering EndMonitor");
            online();
            if (webhooks != null) webhooks.completed(job, jobNumber, agentName, agentId, result, clock.now());
        }

        void renewed() {
            Instant now = clock.now();
            runner.info("JobDispatcher", "Successfully renew job request " + currentRequest + ", job is valid till " + EN_US_DATE.format(now.plusSeconds(600)));
            nextRenew = now.plusSeconds(60);
        }

        /** Called before every worker line so the 60 s lock renewals land in the right place. */
        void tick() {
            if (nextRenew != null && !clock.now().isBefore(nextRenew)) renewed();
        }

        /** JobDispatcher.RunAsync finally: the status change cancels the long poll that was running with status=Busy. */
        void online() {
            nextRenew = null;
            runner.info("MessageListener", "Received job status event. JobState: Online");
            runner.warn("GitHubActionsService", "GET request to " + serverUrl + "_apis/distributedtask/pools/" + poolId + "/messages?sessionId="
                    + sessionId + "&lastMessageId=" + messageId + "&status=Busy&runnerVersion=" + VERSION
                    + "&os=Linux&architecture=X64&disableUpdate=false has been cancelled.");
            runner.info("MessageListener", "Get messages has been cancelled using local token source. Continue to get messages with new status.");
        }

        void cancelFromServer(Job job) {
            messageId++;
            runner.info("MessageListener", "Message '" + messageId + "' received from session '" + sessionId + "'.");
            runner.info("JobDispatcher", "Job cancellation request " + job.jobId + " received, cancellation timeout 5 minutes.");
            runner.info("JobDispatcher", "Send job cancellation message to worker for job " + job.jobId + ".");
            runner.info("ProcessChannel", "Sending message of length 0, with hash '" + EMPTY_SHA256 + "'");
        }
    }

    static void processStart(Diag d, String file, String arguments, String workDir, boolean listener, int pid) {
        d.info("ProcessInvokerWrapper", "Starting process:");
        d.info("ProcessInvokerWrapper", "  File name: '" + file + "'");
        d.info("ProcessInvokerWrapper", "  Arguments: '" + arguments + "'");
        d.info("ProcessInvokerWrapper", "  Working directory: '" + workDir + "'");
        d.info("ProcessInvokerWrapper", "  Require exit code zero: 'False'");
        d.info("ProcessInvokerWrapper", "  Encoding web name:  ; code page: ''");
        d.info("ProcessInvokerWrapper", "  Force kill process on cancellation: '" + (listener ? "True" : "False") + "'");
        d.info("ProcessInvokerWrapper", "  Redirected STDIN: 'False'");
        d.info("ProcessInvokerWrapper", "  Persist current code page: 'False'");
        d.info("ProcessInvokerWrapper", "  Keep redirected STDIN open: 'False'");
        d.info("ProcessInvokerWrapper", "  High priority process: '" + (listener ? "True" : "False") + "'");
        d.info("ProcessInvokerWrapper", "Process started with process id " + pid + ", waiting for process exit.");
    }

    // ---------------------------------------------------------------- the worker process

    static final class Worker {
        final Replay rp;
        final Job job;
        final Diag w;
        final long durationMs;
        final Instant start;
        String state = ""; // jobContext.Result: '' while nothing failed
        final java.util.Set<String> ran = new java.util.HashSet<>(); // context names of main steps that ran
        int uploads = 2; // setup and complete job logs
        final StepOutput.JobPages pages; // null without step output
        StepOutput.PagingLogger jobLog;  // the job's own record: every line of every step, open until the job ends

        Worker(Replay rp, Job job, long durationMs) {
            this.rp = rp;
            this.job = job;
            this.durationMs = durationMs;
            rp.clock.sleep(200 + rp.rnd.nextInt(300));
            this.start = rp.clock.now();
            this.w = new Diag(rp.root.resolve("_diag").resolve("Worker_" + FILE_TS.format(start) + "-utc.log"), rp.clock, rp.rnd, rp.splitWrites, rp::tick);
            this.pages = rp.stepOutput == null ? null : rp.stepOutput.job(rp.root.resolve("_diag"), rp.clock, job, start, rp.agentName);
        }

        String run(String channelMessage) {
            try {
                return steps(channelMessage);
            } finally {
                w.close();
                if (pages != null) System.err.println("DemoReplay: job " + rp.jobNumber + " '" + job.t.display + "' (" + job.outcome
                        + ") step output: " + pages.finish());
            }
        }

        private String steps(String channelMessage) {
            Template t = job.t;
            w.info("HostContext", "No proxy settings were found based on environmental variables (http_proxy/https_proxy/HTTP_PROXY/HTTPS_PROXY)");
            rp.configFile(w, "Credentials", ".credentials");
            rp.configFile(w, "Runner", ".runner");
            w.info("Worker", "Version: " + VERSION);
            w.info("Worker", "Commit: " + COMMIT);
            w.info("Worker", "Culture: en-US");
            w.info("Worker", "UI Culture: en-US");
            w.info("Worker", "Waiting to receive the job message from the channel.");
            w.info("ProcessChannel", "Receiving message of length " + channelMessage.length() + ", with hash '" + sha256(channelMessage) + "'");
            w.info("Worker", "Message received.");
            w.info("Worker", "Job message:\n " + Json.pretty(job.message()));
            w.info("JobRunner", "Job ID " + job.jobId);
            w.info("JobRunner", "Creating job server with URL: " + rp.serverUrl);
            w.info("JobServerQueue", "Start process web console line queue.");
            w.info("JobServerQueue", "Start process file upload queue.");
            w.info("JobServerQueue", "Start process timeline update queue.");
            w.info("ExecutionContext", "Initializing Job context");
            if (pages != null) jobLog = pages.createLogger(job.jobId, null); // PagingLogger.Initialize creates pages/ and blocks/
            rp.configurationStore(w, "Runner.Worker.dll");
            w.info("ConfigurationStore", "Read setting file: " + rp.settingsChars + " chars");
            w.info("ExecutionContext", "Initialize GitHub context");
            w.info("ExecutionContext", "Initialize Env context");
            rp.dirs(w, "Bin", "Root", "Diag");
            w.info("JobRunner", "Starting the job execution context.");
            rp.dirs(w, "Bin", "Root", "Work");
            w.info("JobRunner", "Validating directory permissions for: '" + WORK + "'");
            rp.dirs(w, "Bin", "Root", "Work", "Tools", "Bin", "Root", "Work", "Temp");
            w.info("JobRunner", "Getting job extension.");
            w.info("JobRunner", "Initialize job. Getting all job steps.");
            StepOutput.PagingLogger setupLog = pages == null ? null : pages.createLogger(job.setupRecordId, jobLog);
            if (setupLog != null) pages.setUpJobStart(setupLog);
            rp.dirs(w, "Bin", "Root", "Work");
            w.info("PipelineDirectoryManager", "Loading tracking config if exists: " + WORK + "/_PipelineMapping/" + t.repo + "/PipelineFolder.json");
            w.info("PipelineDirectoryManager", "Updating job run properties.");
            w.info("JobExtension", "Downloading actions");
            if (setupLog != null) pages.setUpJobActions(setupLog);
            w.info("Worker", "Listening for cancel message from the channel.");
            w.info("Worker", "Waiting for the job to complete or for a cancel message from the channel.");
            w.info("JobServerQueue", "Job timeline record has been updated for the first time.");
            for (Step s : job.steps) {
                if (s.action != null) loadAction(s);
            }
            w.info("JobExtension", "Total accessible running process: " + (140 + rp.rnd.nextInt(60)) + ".");
            sleep(600 + rp.rnd.nextInt(900));
            if (setupLog != null) pages.write(setupLog, "Complete job name: " + t.display);
            telemetry(obj("action", "setup_job", "type", "runner", "stage", "Pre", "stepId", job.setupRecordId,
                    "result", "succeeded", "errorMessages", List.of()), start, rp.clock.now());
            if (setupLog != null) pages.end(setupLog);
            w.info("JobRunner", "Total job steps: " + job.steps.size() + ".");
            w.info("JobRunner", "Run all job steps.");

            // Actions take a second or two; the scripts share whatever is left of the job's duration.
            long left = durationMs - Duration.between(start, rp.clock.now()).toMillis() - 1500;
            long actionMs = Math.max(300, Math.min(1800, left / 8));
            long scripts = job.steps.stream().filter(s -> s.script != null).count();
            long scriptMs = Math.max(500, (left - actionMs * (job.steps.size() - scripts + 1)) / Math.max(1, scripts));
            List<Step> all = new ArrayList<>(job.steps);
            // Post steps run in reverse order of their main steps (the runner keeps them on a stack).
            for (int i = job.steps.size() - 1; i >= 0; i--) {
                Step main = job.steps.get(i);
                if (main.action != null && hasPost(main.action)) {
                    all.add(new Step("Post " + main.display, main.action, main.ref, null, main.contextName, true, false)
                            .with(main.contextName, uuid(rp.rnd, 4)));
                }
            }
            boolean first = true;
            for (Step s : all) {
                long ms = s.script != null ? scriptMs * (80 + rp.rnd.nextInt(41)) / 100 : actionMs / 2 + rp.rnd.nextInt((int) actionMs);
                runStep(s, ms, first);
                first = false;
            }

            w.info("JobRunner", "Finalize job.");
            rp.dirs(w, "Bin", "Root", "Diag", "Bin", "Root", "Diag");
            w.info("JobExtension", "Initialize Env context");
            w.info("JobExtension", "Initialize steps context");
            w.info("JobExtension", "Total accessible running process: " + (140 + rp.rnd.nextInt(60)) + ".");
            Instant completeStart = rp.clock.now();
            String node20 = "Node.js 20 actions are deprecated. The following actions are running on Node.js 20 and may not work as expected: "
                    + String.join(", ", job.steps.stream().filter(s -> s.action != null).map(s -> s.action + "@" + s.ref).distinct().toList())
                    + ". Actions will be forced to run with Node.js 24 by default starting June 2nd, 2026. Node.js 20 will be removed from the runner on September 16th, 2026.";
            StepOutput.PagingLogger completeLog = pages == null ? null : pages.createLogger(job.completeRecordId, jobLog);
            if (completeLog != null) {
                pages.write(completeLog, "##[warning]" + node20);
                pages.write(completeLog, "Cleaning up orphan processes");
            }
            sleep(200 + rp.rnd.nextInt(400));
            List<Object> warnings = List.of(truncate(node20, 256));
            telemetry(obj("action", "complete_job", "type", "runner", "stage", "Post", "stepId", job.completeRecordId,
                    "result", "succeeded", "errorMessages", warnings), completeStart, rp.clock.now());
            if (completeLog != null) pages.end(completeLog);
            String result = state.isEmpty() ? "Succeeded" : state;
            w.info("JobRunner", "Job result after all job steps finish: " + result);
            w.info("JobRunner", "Completing the job execution context.");
            if (jobLog != null) pages.end(jobLog);
            w.info("JobRunner", "Shutting down the job server queue.");
            w.info("JobServerQueue", "Fire signal to shutdown all queues.");
            sleep(300 + rp.rnd.nextInt(500));
            w.info("JobServerQueue", "All queue process task stopped.");
            console(job.completeRecordId);
            w.info("JobServerQueue", "Web console line queue drained.");
            w.info("JobServerQueue", "Uploading " + uploads + " files in one shot.");
            sleep(300 + rp.rnd.nextInt(700));
            if (pages != null) pages.uploadAll(); // the last drain uploads (and deletes) every page still queued
            w.info("JobServerQueue", "Try to upload " + uploads + " log files or attachments, success rate: " + uploads + "/" + uploads + ".");
            w.info("JobServerQueue", "File upload queue drained.");
            w.info("JobServerQueue", "Timeline update queue drained.");
            w.info("JobServerQueue", "Disposing job server ...");
            w.info("JobServerQueue", "All queue process tasks have been stopped, and all queues are drained.");
            w.info("TempDirectoryManager", "Cleaning runner temp folder: " + WORK + "/_temp");
            rp.dirs(w, "Bin", "Root", "Diag");
            w.info("HostContext", "Well known config file 'Telemetry': '" + ROOT + "/_diag/.telemetry'");
            w.info("JobRunner", "Raising job completed event");
            if (job.outcome != Outcome.CANCELED) w.info("Worker", "Job completed."); // a cancelled worker logged "Cancellation/Shutdown message received." instead
            sleep(150 + rp.rnd.nextInt(250));
            return result;
        }

        void loadAction(Step s) {
            rp.dirs(w, "Bin", "Root", "Work", "Actions");
            w.info("ActionManager", "Load action that reference repository from '" + WORK + "/_actions/" + s.action + "/" + s.ref + "'");
            w.info("ActionManager", "Action pre node.js file: N/A.");
            w.info("ActionManager", "Action node.js file: dist/index.js.");
            w.info("ActionManager", "Action post node.js file: " + (s.action.equals("actions/checkout") ? "dist/index.js."
                    : hasPost(s.action) ? "dist/save/index.js." : "N/A."));
        }

        void runStep(Step s, long ms, boolean first) {
            if (s.post && !ran.contains(s.contextName)) {
                return; // a post step is only registered when its main step ran
            }
            w.info("StepsRunner", "Processing step: DisplayName='" + s.display + "'");
            // actions/checkout cleans up always(); actions/cache saves only after success() (post-if in its action.yml).
            String condition = s.post ? (s.action.equals("actions/checkout") ? "always()" : "success()") : "success()";
            boolean run = (s.post && condition.equals("always()")) || state.isEmpty();
            w.info("StepsRunner", "Evaluating: " + condition);
            w.info("StepsRunner", "Result: " + (run ? "true" : "false"));
            if (!run) {
                w.info("StepsRunner", "Skipping step due to condition evaluation.");
                w.info("StepsRunner", "No need for updating job result with current step result 'Skipped'.");
                w.info("StepsRunner", "Current state: job state = '" + state + "'");
                return;
            }
            Instant stepStart = rp.clock.now();
            if (!s.post) ran.add(s.contextName);
            w.info("StepsRunner", "Starting the step.");
            String cwd = WORK + "/" + job.t.repoName() + "/" + job.t.repoName();
            if (s.action != null) {
                rp.dirs(w, "Bin", "Root", "Work", "Actions");
                w.info("ActionManager", "Load action that reference repository from '" + WORK + "/_actions/" + s.action + "/" + s.ref + "'");
            }
            if (first) {
                w.info("ExecutionContext", "Reserve record order " + (job.steps.size() + 2) + " to " + (2 * (job.steps.size() + 1)) + " for post job actions.");
                rp.dirs(w, "Bin", "Root", "Work", "Temp");
                w.info("ExecutionContext", "Write event payload to " + WORK + "/_temp/_github_workflow/event.json");
            }
            boolean fails = !s.post && s.failsWhen(job.outcome);
            // The step's own PagingLogger; every line also goes to the job's (ExecutionContext.Write).
            StepOutput.PagingLogger stepLog = pages == null ? null : pages.createLogger(s.id, jobLog);
            List<StepOutput.Line> body = stepLog == null ? List.of() : pages.actionDetails(stepLog, s, fails);
            int written = 0;
            int stepPid = rp.pid += 1 + rp.rnd.nextInt(25);
            if (s.action != null) {
                processStart(w, ROOT + "/externals/node20/bin/node", "\"" + WORK + "/_actions/" + s.action + "/" + s.ref + "/dist/index.js\"", cwd, false, stepPid);
            } else {
                processStart(w, "/usr/bin/bash", "-e " + WORK + "/_temp/" + uuid(rp.rnd, 4) + ".sh", cwd, false, stepPid);
            }

            // The server cancels the job in its last script step, half-way through.
            boolean cancelHere = job.outcome == Outcome.CANCELED && s.lastScript && !s.post && !job.cancelled;
            long spent = 0;
            long until = cancelHere ? ms / 2 : ms;
            while (spent < until) {
                long slice = Math.min(until - spent, 900 + rp.rnd.nextInt(1200));
                sleep(slice);
                spent += slice;
                if (stepLog != null) written = pages.write(stepLog, body, written, (int) (body.size() * Math.min(spent, ms) / Math.max(1, ms)));
                console(s.id);
            }
            if (stepLog != null) {
                if (cancelHere) {
                    pages.write(stepLog, "##[error]The operation was canceled.");
                } else {
                    pages.write(stepLog, body, written, body.size());
                    if (fails) pages.write(stepLog, "##[error]Process completed with exit code 1.");
                }
            }
            String issue = null;
            String stepResult; // what "Step result:" prints: null (empty) while the step did not set one
            if (cancelHere) {
                job.cancelled = true;
                rp.cancelFromServer(job);
                sleep(100 + rp.rnd.nextInt(200));
                w.info("Worker", "Cancellation/Shutdown message received.");
                w.info("StepsRunner", "Cancel current running step.");
                state = "Canceled";
                sleep(300 + rp.rnd.nextInt(400));
                w.info("ProcessInvokerWrapper", "STDOUT/STDERR stream read finished.");
                w.info("ProcessInvokerWrapper", "STDOUT/STDERR stream read finished.");
                w.err("StepsRunner", "Caught cancellation exception from step: System.OperationCanceledException: The operation was canceled.\n"
                        + "   at System.Threading.CancellationToken.ThrowOperationCanceledException()\n"
                        + "   at GitHub.Runner.Sdk.ProcessInvoker.ExecuteAsync(String workingDirectory, String fileName, String arguments, IDictionary`2 environment, Boolean requireExitCodeZero, Encoding outputEncoding, Boolean killProcessOnCancel, Channel`1 redirectStandardIn, Boolean inheritConsoleHandler, Boolean keepStandardInOpen, Boolean highPriorityProcess, CancellationToken cancellationToken)\n"
                        + "   at GitHub.Runner.Worker.Handlers.DefaultStepHost.ExecuteAsync(IExecutionContext context, String workingDirectory, String fileName, String arguments, IDictionary`2 environment, Boolean requireExitCodeZero, Encoding outputEncoding, Boolean killProcessOnCancel, Boolean inheritConsoleHandler, String standardInInput, CancellationToken cancellationToken)\n"
                        + "   at GitHub.Runner.Worker.Handlers.ScriptHandler.RunAsync(ActionRunStage stage)\n"
                        + "   at GitHub.Runner.Worker.ActionRunner.RunAsync()\n"
                        + "   at GitHub.Runner.Worker.StepsRunner.RunStepAsync(IStep step, CancellationToken jobCancellationToken)");
                issue = "The operation was canceled.";
                stepResult = "Canceled";
            } else {
                w.info("ProcessInvokerWrapper", "STDOUT/STDERR stream read finished.");
                w.info("ProcessInvokerWrapper", "STDOUT/STDERR stream read finished.");
                w.info("ProcessInvokerWrapper", "Finished process " + stepPid + " with exit code " + (fails ? 1 : 0)
                        + ", and elapsed time " + timeSpan(Duration.ofMillis(ms).plusNanos(rp.rnd.nextInt(999_999) * 100L)) + ".");
                w.info("CreateStepSummaryCommand", "Step Summary file (" + WORK + "/_temp/_runner_file_commands/step_summary_" + uuid(rp.rnd, 4)
                        + ") is empty; skipping attachment upload");
                stepResult = null;
                if (fails) {
                    issue = "Process completed with exit code 1.";
                    stepResult = "Failed";
                    if (s.continueOnError) {
                        w.info("ExecutionContext", "Updated step result (continue on error)");
                        stepResult = "Succeeded";
                    }
                }
            }
            w.info("StepsRunner", "Step result: " + (stepResult == null ? "" : stepResult));
            uploads++;
            Map<String, Object> tel = new LinkedHashMap<>();
            if (s.action != null) {
                tel.put("action", s.action);
                tel.put("ref", s.ref);
                tel.put("type", "node20");
            } else {
                tel.put("action", "bash");
                tel.put("type", "run");
            }
            tel.put("stage", s.post ? "Post" : "Main");
            tel.put("stepId", s.id);
            if (!s.post) tel.put("stepContextName", s.contextName);
            if (s.action != null && !s.post) {
                tel.put("hasPreStep", false);
                tel.put("hasPostStep", hasPost(s.action));
            }
            String finalResult = stepResult == null ? "Succeeded" : stepResult;
            tel.put("result", finalResult.toLowerCase(Locale.ROOT));
            tel.put("errorMessages", issue == null ? List.of() : List.of(issue));
            telemetry(tel, stepStart, rp.clock.now());
            if (stepLog != null) pages.end(stepLog); // ExecutionContext.Complete: the page is closed and queued for upload
            if (finalResult.equals("Failed")) {
                w.info("StepsRunner", "Update job result with current step result 'Failed'.");
                state = "Failed";
            } else {
                w.info("StepsRunner", "No need for updating job result with current step result '" + finalResult + "'.");
            }
            w.info("StepsRunner", "Current state: job state = '" + state + "'");
        }

        void telemetry(Map<String, Object> t, Instant from, Instant to) {
            t.put("executionTimeInSeconds", (long) Math.ceil(Duration.between(from, to).toMillis() / 1000.0));
            t.put("startTime", isoTrimmed(from));
            t.put("finishTime", isoTrimmed(to));
            w.info("ExecutionContext", "Publish step telemetry for current step " + Json.pretty(t) + ".");
        }

        void console(String recordId) {
            w.info("JobServerQueue", "Try to append 1 batches web console lines for record '" + recordId + "', success rate: 1/1.");
        }

        /** Sleeps, meanwhile deleting the pages the upload queue is done with (about a second after they closed). */
        void sleep(long ms) {
            if (pages == null) {
                rp.clock.sleep(ms);
                return;
            }
            Instant end = rp.clock.now().plusMillis(ms);
            while (true) {
                Instant due = pages.nextUpload();
                if (due == null || !due.isBefore(end)) break;
                long wait = Duration.between(rp.clock.now(), due).toMillis();
                if (wait > 0) rp.clock.sleep(wait);
                pages.uploadDue(rp.clock.now());
            }
            rp.clock.sleep(Math.max(0, Duration.between(rp.clock.now(), end).toMillis()));
            pages.uploadDue(rp.clock.now());
        }
    }

    /** Actions whose action.yml has a post step (the demo's setup-* actions are modelled without their cache-save post). */
    static boolean hasPost(String action) {
        return action.equals("actions/checkout") || action.equals("actions/cache");
    }

    // ---------------------------------------------------------------- GitHub's side: webhook deliveries

    /**
     * Signed GitHub webhook deliveries for the demo's hub, built from the recorded payloads in github-webhooks/ (see
     * its SOURCES.md): only ids, time stamps, states, the runner and the repository are changed, by replacing one
     * scalar value per line of the pretty-printed file. Sent in order on a background thread, so the replay's timing
     * stays its own; a refused delivery is reported and the replay goes on.
     *
     * <p>Per job that runs: queued (created 2 to 40 s before the runner receives it, so that is its queue time),
     * in_progress when the worker starts, completed with GitHub's conclusion. Deployments to production of
     * acme/web-shop, each after a workflow_run carrying its commit time: after job 1 a success (lead time 25 min),
     * after job 2 a failure, after job 4 a success that restores it (lead time 40 min), after job 7 a success (lead
     * time 90 min).
     */
    static final class Webhooks {
        static final String DEPLOY_REPOSITORY = "acme/web-shop";

        private final java.net.URI url;
        private final byte[] secret;
        private final Random rnd;
        private final Path dir;
        private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        private final java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "webhooks");
            t.setDaemon(true);
            return t;
        });
        private final Map<Integer, Instant> created = new java.util.HashMap<>();
        private final Map<Integer, Instant> started = new java.util.HashMap<>();
        private int deliveries;
        private int deployment;

        Webhooks(java.net.URI url, String secret, Random rnd) throws Exception {
            this.url = url;
            this.secret = secret.getBytes(StandardCharsets.UTF_8);
            this.rnd = rnd;
            this.dir = Path.of(DemoReplay.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .getParent().resolve("github-webhooks");
        }

        void queued(Job job, int n, Instant receivedAt) {
            if (job.outcome == Outcome.ABANDONED) return; // GitHub gives it to another runner: not ours
            Instant createdAt = receivedAt.minusSeconds(2 + rnd.nextInt(39));
            created.put(n, createdAt);
            send("workflow_job", jobPayload("workflow_job/queued.1.json", job, n, createdAt, createdAt, null, null, null, 0));
        }

        void started(Job job, int n, String runner, int runnerId, Instant at) {
            started.put(n, at);
            send("workflow_job", jobPayload("workflow_job/in_progress.1.json", job, n, created.get(n), at, null, null, runner, runnerId));
        }

        void completed(Job job, int n, String runner, int runnerId, String result, Instant at) {
            if (!started.containsKey(n)) return;
            String conclusion = switch (result) {
                case "Succeeded" -> "success";
                case "Failed" -> "failure";
                default -> "cancelled";
            };
            send("workflow_job", jobPayload("workflow_job/completed.1.json", job, n, created.get(n), started.get(n), at, conclusion, runner, runnerId));
        }

        /** The scripted deployments: job number, state, minutes from commit to deployment. */
        void afterJob(int jobNumber, Instant now) {
            switch (jobNumber) {
                case 1 -> deploy("success", now, 25);
                case 2 -> deploy("failure", now, 10);
                case 4 -> deploy("success", now, 40);
                case 7 -> deploy("success", now, 90);
                default -> { }
            }
        }

        private void deploy(String state, Instant at, int leadMinutes) {
            deployment++;
            String sha = hexOf("demo deployment " + deployment);
            Instant commit = at.minusSeconds(leadMinutes * 60L);
            String run = read("workflow_run/completed.1.json");
            run = set(run, "workflow_run.id", Long.toString(9_100_000_000L + deployment));
            run = set(run, "workflow_run.head_sha", q(sha));
            run = set(run, "workflow_run.created_at", q(iso(commit.plusSeconds(20))));
            run = set(run, "workflow_run.run_started_at", q(iso(commit.plusSeconds(20))));
            run = set(run, "workflow_run.updated_at", q(iso(at)));
            run = set(run, "workflow_run.head_commit.id", q(sha));
            run = set(run, "workflow_run.head_commit.timestamp", q(iso(commit)));
            run = set(run, "repository.full_name", q(DEPLOY_REPOSITORY));
            send("workflow_run", run);
            String status = read("deployment_status/created.1.json");
            status = set(status, "deployment_status.id", Long.toString(9_200_000_000L + deployment));
            status = set(status, "deployment_status.state", q(state));
            status = set(status, "deployment_status.created_at", q(iso(at)));
            status = set(status, "deployment_status.updated_at", q(iso(at)));
            status = set(status, "deployment.id", Long.toString(9_300_000_000L + deployment));
            status = set(status, "deployment.sha", q(sha));
            status = set(status, "deployment.created_at", q(iso(at.minusSeconds(2))));
            status = set(status, "deployment.updated_at", q(iso(at)));
            status = set(status, "repository.full_name", q(DEPLOY_REPOSITORY));
            send("deployment_status", status);
            System.err.println("DemoReplay: webhook deployment " + deployment + " of " + DEPLOY_REPOSITORY + " to production: "
                    + state + (state.equals("success") ? ", lead time " + leadMinutes + " min" : ""));
        }

        private String jobPayload(String file, Job job, int n, Instant createdAt, Instant startedAt, Instant completedAt,
                                  String conclusion, String runner, int runnerId) {
            String p = read(file);
            p = set(p, "workflow_job.id", Long.toString(9_000_000_000L + n));
            p = set(p, "workflow_job.run_id", job.runId);
            p = set(p, "workflow_job.head_sha", q(job.sha));
            p = set(p, "workflow_job.created_at", q(iso(createdAt)));
            p = set(p, "workflow_job.started_at", q(iso(startedAt != null ? startedAt : createdAt)));
            p = set(p, "workflow_job.completed_at", completedAt == null ? "null" : q(iso(completedAt)));
            p = set(p, "workflow_job.conclusion", conclusion == null ? "null" : q(conclusion));
            p = set(p, "repository.full_name", q(job.t.repo()));
            if (runner != null) {
                p = set(p, "workflow_job.runner_id", Integer.toString(runnerId));
                p = set(p, "workflow_job.runner_name", q(runner));
            }
            return p;
        }

        private void send(String event, String body) {
            int n = ++deliveries;
            sender.submit(() -> post(event, body, n));
        }

        private void post(String event, String body, int n) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String signature;
            try {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
                signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(bytes));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(url)
                    .header("Content-Type", "application/json")
                    .header("X-GitHub-Event", event)
                    .header("X-GitHub-Delivery", UUID.nameUUIDFromBytes((url + " " + Instant.now() + " " + n).getBytes(StandardCharsets.UTF_8)).toString())
                    .header("X-Hub-Signature-256", signature)
                    .timeout(Duration.ofSeconds(10))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            // The exporter may still be starting (run.sh starts both at once): retry for a minute.
            for (int attempt = 0; attempt < 120; attempt++) {
                try {
                    int status = http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status >= 300) System.err.println("DemoReplay: webhook " + event + " answered " + status);
                    return;
                } catch (IOException notUpYet) {
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("DemoReplay: webhook " + event + " not delivered: nothing listens at " + url);
        }

        void close() {
            sender.shutdown();
        }

        private String read(String file) {
            try {
                return Files.readString(dir.resolve(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Replaces the scalar at a dotted path of a pretty-printed (2-space) JSON file: each key is looked up at its
         * depth's indentation inside the previous one, and the value runs to the end of its line.
         */
        static String set(String json, String path, String value) {
            String[] keys = path.split("\\.");
            int from = 0;
            for (int depth = 0; depth < keys.length; depth++) {
                String key = "\n" + " ".repeat(2 * (depth + 1)) + "\"" + keys[depth] + "\": ";
                int at = json.indexOf(key, from);
                int end = depth == 0 ? json.length() : json.indexOf("\n" + " ".repeat(2 * depth) + "}", from);
                if (at < 0 || at > end) throw new IllegalArgumentException("no " + path + " in the webhook payload");
                from = at + key.length();
            }
            int eol = json.indexOf('\n', from);
            boolean comma = json.charAt(eol - 1) == ',';
            return json.substring(0, from) + value + (comma ? "," : "") + json.substring(eol);
        }

        private static String q(String s) {
            return "\"" + s + "\"";
        }

        private static String iso(Instant t) {
            return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        }
    }

    // ---------------------------------------------------------------- jobs and their job message

    record Template(String repo, String repoId, String ownerId, String visibility, String workflow, String workflowFile,
                    String jobKey, String display, String event, String ref, String headRef, List<Step> steps) {
        String repoName() {
            return repo.substring(repo.indexOf('/') + 1);
        }

        String owner() {
            return repo.substring(0, repo.indexOf('/'));
        }
    }

    static final class Step {
        final String display, action, ref, script, contextName;
        final boolean post, continueOnError;
        boolean lastScript; // where a failing job fails
        String id;          // timeline record id, new for every job

        Step(String display, String action, String ref, String script, String contextName, boolean post, boolean continueOnError) {
            this.display = display;
            this.action = action;
            this.ref = ref;
            this.script = script;
            this.contextName = contextName;
            this.post = post;
            this.continueOnError = continueOnError;
        }

        Step with(String contextName, String id) {
            Step copy = new Step(display, action, ref, script, contextName, post, continueOnError);
            copy.lastScript = lastScript;
            copy.id = id;
            return copy;
        }

        /** Failing jobs fail in their last script step; continue-on-error jobs in the step marked so. */
        boolean failsWhen(Outcome o) {
            return (o == Outcome.FAILED && lastScript) || (o == Outcome.CONTINUE_ON_ERROR && continueOnError);
        }
    }

    static Step uses(String action, String ref, String name) {
        String ctx = "__" + action.replace('/', '_');
        return new Step(name != null ? name : "Run " + action + "@" + ref, action, ref, null, ctx, false, false);
    }

    static Step run(String script, String name) {
        return new Step(name != null ? name : "Run " + script, null, null, script, null, false, false);
    }

    static Template template(String repo, String repoId, String ownerId, String visibility, String workflow, String file,
                             String jobKey, String display, String event, String ref, String headRef, Step... steps) {
        int n = 0;
        List<Step> list = new ArrayList<>();
        for (Step s : steps) {
            // Unnamed steps get __run, __run_2, ... as context names.
            list.add(s.with(s.contextName != null ? s.contextName : (n++ == 0 ? "__run" : "__run_" + n), null));
        }
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).script != null && !list.get(i).continueOnError) {
                list.get(i).lastScript = true;
                break;
            }
        }
        return new Template(repo, repoId, ownerId, visibility, workflow, file, jobKey, display, event, ref, headRef, List.copyOf(list));
    }

    static Step continueOnError(Step s) {
        return new Step(s.display, s.action, s.ref, s.script, s.contextName, false, true);
    }

    static final List<Template> TEMPLATES = List.of(
            template("acme/web-shop", "781233409", "91827364", "private", "CI", ".github/workflows/ci.yml", "build", "build",
                    "push", "refs/heads/main", "",
                    uses("actions/checkout", "v4", null), uses("actions/setup-node", "v4", "Set up Node.js 20"),
                    run("npm ci", null), run("npm run build", null), run("npm test", "Unit tests")),
            template("acme/web-shop", "781233409", "91827364", "private", "CI", ".github/workflows/ci.yml", "lint", "lint",
                    "pull_request", "refs/pull/1287/merge", "feature/cart-badge",
                    uses("actions/checkout", "v4", null), uses("actions/setup-node", "v4", "Set up Node.js 20"),
                    uses("actions/cache", "v4", "Cache ESLint results"),
                    run("npm ci", null), run("npm run lint", null), continueOnError(run("npx depcheck", "Check unused dependencies"))),
            template("acme/payments-api", "802117735", "91827364", "private", "Build and Test", ".github/workflows/build.yml", "test",
                    "Test on JDK 17", "pull_request", "refs/pull/482/merge", "fix/idempotency-key",
                    uses("actions/checkout", "v4", null), uses("actions/setup-java", "v4", "Set up JDK 17"),
                    run("./mvnw -B -ntp verify", "Build with Maven")),
            template("acme/payments-api", "802117735", "91827364", "private", "Release", ".github/workflows/release.yml", "publish",
                    "publish", "push", "refs/tags/v1.4.2", "",
                    uses("actions/checkout", "v4", null), uses("actions/setup-java", "v4", "Set up JDK 17"),
                    run("./mvnw -B -ntp deploy -DskipTests", "Publish package")),
            template("acme/infra", "655104298", "91827364", "internal", "Terraform", ".github/workflows/terraform.yml", "plan",
                    "plan (staging)", "pull_request", "refs/pull/77/merge", "bump-eks-1.31",
                    uses("actions/checkout", "v4", null), uses("hashicorp/setup-terraform", "v3", "Setup Terraform"),
                    run("terraform init -input=false", null), run("terraform plan -input=false -no-color", null)),
            template("acme/docs", "699302117", "91827364", "public", "Deploy docs", ".github/workflows/pages.yml", "deploy",
                    "deploy", "workflow_dispatch", "refs/heads/main", "",
                    uses("actions/checkout", "v4", null),
                    run("sudo apt-get update\nsudo apt-get install -y --no-install-recommends graphviz", "Install Graphviz"),
                    run("make html", "Build site"), run("./scripts/publish.sh", "Publish to Pages")),
            template("acme/web-shop", "781233409", "91827364", "private", "Nightly E2E", ".github/workflows/nightly.yml", "e2e",
                    "E2E tests (chrome)", "schedule", "refs/heads/main", "",
                    uses("actions/checkout", "v4", null), uses("actions/setup-node", "v4", "Set up Node.js 20"),
                    uses("actions/cache", "v4", "Cache Playwright browsers"), run("npm ci --loglevel=http", null),
                    run("docker buildx build --cache-from type=local,src=/tmp/.buildx-cache --cache-to type=local,dest=/tmp/.buildx-cache,mode=max --load -t web-shop:e2e .",
                            "Build app image"),
                    run("npx playwright test --project=chrome", "Playwright tests")));

    static final class Job {
        final Template t;
        final Outcome outcome;
        final int attempt;
        final String jobId, planId, timelineId, setupRecordId, completeRecordId, sha, runId, runNumber, checkRunId, serverUrl;
        final List<Step> steps = new ArrayList<>();
        long requestId;
        boolean cancelled;

        Job(Template t, Outcome outcome, int attempt, Replay rp) {
            this.t = t;
            this.outcome = outcome;
            this.attempt = attempt;
            Random r = rp.rnd;
            serverUrl = rp.serverUrl;
            jobId = uuid(r, 5); // job ids are name-based (v5) GUIDs
            planId = uuid(r, 4);
            timelineId = planId;
            setupRecordId = uuid(r, 4);
            completeRecordId = uuid(r, 4);
            Job rerunOf = attempt > 1 ? rp.lastRun.get(t) : null;
            rp.runId += 1_000 + r.nextInt(250_000);
            sha = rerunOf != null ? rerunOf.sha : hex(r, 20);
            runId = rerunOf != null ? rerunOf.runId : Long.toString(rp.runId);
            runNumber = rerunOf != null ? rerunOf.runNumber : Integer.toString(200 + r.nextInt(3000));
            rp.lastRun.put(t, this);
            checkRunId = (58_000_000_000L + r.nextInt(900_000_000)) + ".0";
            for (Step s : t.steps) steps.add(s.with(s.contextName, uuid(r, 4)));
        }

        String compactMessage() {
            return Json.compact(message());
        }

        /** The AgentJobRequestMessage as Worker.cs dumps it; structure follows a real 2.333.1 Worker log. */
        Map<String, Object> message() {
            List<Object> stepList = new ArrayList<>();
            int line = 14;
            for (Step s : steps) {
                Map<String, Object> m = obj("type", "action");
                if (s.action != null) {
                    m.put("reference", obj("type", "repository", "name", s.action, "ref", s.ref, "repositoryType", "GitHub"));
                } else {
                    m.put("reference", obj("type", "script"));
                }
                if (!s.display.startsWith("Run ")) {
                    m.put("displayNameToken", obj("type", 0, "file", 1, "line", line, "col", 15, "lit", s.display));
                }
                m.put("contextName", s.contextName);
                if (s.script != null) {
                    m.put("inputs", obj("type", 2, "map", List.of(obj("key", "script",
                            "value", obj("type", 0, "file", 1, "line", line + 1, "col", 14, "lit", s.script)))));
                }
                if (s.continueOnError) {
                    m.put("continueOnError", obj("type", 5, "file", 1, "line", line + 2, "col", 28, "bool", true));
                }
                m.put("condition", "success()");
                m.put("id", s.id);
                m.put("name", s.contextName);
                stepList.add(m);
                line += 4;
            }
            Map<String, Object> variables = new LinkedHashMap<>();
            for (String flag : List.of("DistributedTask.AllowRunnerContainerHooks", "DistributedTask.DeprecateStepOutputCommands",
                    "DistributedTask.EnableCompositeActions", "DistributedTask.NewActionMetadata", "DistributedTask.UploadStepSummary",
                    "DistributedTask.UseWhich2", "actions_uses_cache_service_v2")) {
                variables.put(flag, obj("value", "true"));
            }
            variables.put("github_token", obj("value", "***", "isSecret", true));
            variables.put("system.github.job", obj("value", t.jobKey));
            variables.put("system.github.token", obj("value", "***", "isSecret", true));
            variables.put("system.github.token.permissions", obj("value", "{\"Contents\":\"read\",\"Metadata\":\"read\",\"Packages\":\"read\"}"));
            variables.put("system.orchestrationId", obj("value", planId + "." + t.jobKey + ".__default"));
            variables.put("system.phaseDisplayName", obj("value", t.display));
            variables.put("system.runner.lowdiskspacethreshold", obj("value", "100"));
            variables.put("system.runnerEnvironment", obj("value", "self-hosted"));
            variables.put("system.runnerGroupName", obj("value", "Default"));

            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fileTable", List.of(t.workflowFile));
            m.put("mask", List.of(obj("type", "regex", "value", "***"), obj("type", "regex", "value", "***"), obj("type", "regex", "value", "***")));
            m.put("steps", stepList);
            m.put("variables", variables);
            m.put("messageType", "PipelineAgentJobRequest");
            m.put("plan", obj("scopeIdentifier", "00000000-0000-0000-0000-000000000000", "planType", "actions", "version", 13,
                    "planId", planId, "planGroup", null, "artifactUri", null, "artifactLocation", null, "definition", null, "owner", null));
            m.put("timeline", obj("id", timelineId, "changeId", 0, "location", null));
            m.put("jobId", jobId);
            m.put("jobDisplayName", t.display);
            m.put("jobName", "__default");
            m.put("requestId", requestId);
            m.put("lockedUntil", "0001-01-01T00:00:00");
            m.put("resources", obj("endpoints", List.of(obj(
                    "data", obj("ServerId", "", "ServerName", "", "CacheServerUrl", serverUrl.replace("pipelinesghubeus22", "artifactcache"),
                            "ResultsServiceUrl", "https://results-receiver.actions.githubusercontent.com/",
                            "PipelinesServiceUrl", serverUrl, "GenerateIdTokenUrl", ""),
                    "name", "SystemVssConnection",
                    "url", serverUrl,
                    "authorization", obj("parameters", obj("AccessToken", "***"), "scheme", "OAuth"),
                    "isShared", false, "isReady", true))));
            m.put("contextData", contextData());
            return m;
        }

        /** contextData in the compact PipelineContextData form ("t": 2 = dictionary, "d" = entries). */
        Map<String, Object> contextData() {
            boolean pr = t.event.equals("pull_request");
            boolean tag = t.ref.startsWith("refs/tags/");
            String refName = t.ref.replaceFirst("^refs/(heads|tags|pull)/", "");
            String workflowRef = t.repo + "/" + t.workflowFile + "@" + t.ref;
            List<Object> github = new ArrayList<>();
            kv(github, "ref", t.ref);
            kv(github, "sha", sha);
            kv(github, "repository", t.repo);
            kv(github, "repository_owner", t.owner());
            kv(github, "repository_owner_id", t.ownerId);
            kv(github, "repositoryUrl", "git://github.com/" + t.repo + ".git");
            kv(github, "run_id", runId);
            kv(github, "run_number", runNumber);
            kv(github, "retention_days", "90");
            kv(github, "run_attempt", Integer.toString(attempt));
            kv(github, "artifact_cache_size_limit", "10");
            kv(github, "repository_visibility", t.visibility);
            kv(github, "actor_id", "5521977");
            kv(github, "actor", t.event.equals("schedule") ? "github-actions[bot]" : "mfranke");
            kv(github, "workflow", t.workflow);
            kv(github, "head_ref", t.headRef);
            kv(github, "base_ref", pr ? "main" : "");
            kv(github, "event_name", t.event);
            kv(github, "server_url", "https://github.com");
            kv(github, "api_url", "https://api.github.com");
            kv(github, "graphql_url", "https://api.github.com/graphql");
            kv(github, "ref_name", refName);
            kv(github, "ref_protected", !pr);
            kv(github, "ref_type", tag ? "tag" : "branch");
            kv(github, "secret_source", "Actions");
            kv(github, "event", dict(eventPayload()));
            kv(github, "workflow_ref", workflowRef);
            kv(github, "workflow_sha", sha);
            kv(github, "repository_id", t.repoId);
            kv(github, "triggering_actor", t.event.equals("schedule") ? "github-actions[bot]" : "mfranke");

            List<Object> jobCtx = new ArrayList<>();
            kv(jobCtx, "check_run_id", new Json.Raw(checkRunId));
            kv(jobCtx, "workflow_ref", workflowRef);
            kv(jobCtx, "workflow_sha", sha);
            kv(jobCtx, "workflow_repository", t.repo);
            kv(jobCtx, "workflow_file_path", t.workflowFile);
            List<Object> strategy = new ArrayList<>();
            kv(strategy, "fail-fast", true);
            kv(strategy, "job-index", new Json.Raw("0.0"));
            kv(strategy, "job-total", new Json.Raw("1.0"));
            kv(strategy, "max-parallel", new Json.Raw("1.0"));

            Map<String, Object> c = new LinkedHashMap<>();
            c.put("github", dict(github));
            if (t.event.equals("workflow_dispatch")) c.put("inputs", obj("t", 2));
            c.put("job", dict(jobCtx));
            c.put("matrix", null);
            c.put("needs", obj("t", 2));
            c.put("strategy", dict(strategy));
            c.put("vars", obj("t", 2));
            return c;
        }

        List<Object> eventPayload() {
            List<Object> repo = new ArrayList<>();
            kv(repo, "id", new Json.Raw(t.repoId + ".0"));
            kv(repo, "name", t.repoName());
            kv(repo, "full_name", t.repo);
            kv(repo, "private", !t.visibility.equals("public"));
            kv(repo, "default_branch", "main");
            List<Object> e = new ArrayList<>();
            switch (t.event) {
                case "push" -> {
                    kv(e, "after", sha);
                    kv(e, "before", hexOf(sha));
                    kv(e, "created", t.ref.startsWith("refs/tags/"));
                    kv(e, "forced", false);
                    kv(e, "ref", t.ref);
                    kv(e, "repository", dict(repo));
                }
                case "pull_request" -> {
                    List<Object> head = new ArrayList<>();
                    kv(head, "ref", t.headRef);
                    kv(head, "sha", hexOf(sha + "head"));
                    List<Object> base = new ArrayList<>();
                    kv(base, "ref", "main");
                    kv(base, "sha", hexOf(sha + "base"));
                    List<Object> pull = new ArrayList<>();
                    kv(pull, "base", dict(base));
                    kv(pull, "draft", false);
                    kv(pull, "head", dict(head));
                    kv(pull, "number", new Json.Raw(t.ref.replaceAll("\\D", "") + ".0"));
                    kv(pull, "state", "open");
                    kv(e, "action", "synchronize");
                    kv(e, "number", new Json.Raw(t.ref.replaceAll("\\D", "") + ".0"));
                    kv(e, "pull_request", dict(pull));
                    kv(e, "repository", dict(repo));
                }
                case "schedule" -> kv(e, "schedule", "17 2 * * *");
                default -> {
                    kv(e, "inputs", null);
                    kv(e, "ref", t.ref);
                    kv(e, "repository", dict(repo));
                    kv(e, "workflow", t.workflowFile);
                }
            }
            return e;
        }
    }

    static void kv(List<Object> entries, String k, Object v) {
        entries.add(obj("k", k, "v", v));
    }

    static Map<String, Object> dict(List<Object> entries) {
        return obj("t", 2, "d", entries);
    }

    // ---------------------------------------------------------------- step output: _diag/pages and _diag/blocks

    /**
     * The job's step output as the worker writes it (actions/runner src/Runner.Common/Logging.cs PagingLogger,
     * src/Runner.Worker/ExecutionContext.cs Write, src/Runner.Common/JobServerQueue.cs):
     * <ul>
     * <li>every timeline record (the job itself, "Set up job", each step, "Complete job") has a PagingLogger that creates
     * {@code pages/<timelineId>_<recordId>_<n>.log} (8 MB pages) and {@code blocks/<timelineId>_<recordId>.<n>} (2 MB
     * blocks) on its first line; each line is {@code <UTC time, "O" format> <message>} through a StreamWriter with
     * Encoding.UTF8, so a file starts with a byte order mark and grows in 4 KB pieces (FileStream's buffer), the rest on
     * close;</li>
     * <li>ExecutionContext.Write writes a step's line to the step's logger and again to the job's, so the job's own page
     * holds every line of the job; it stays open until the job ends;</li>
     * <li>a closed page is queued for upload; the upload queue runs once a second and deletes each page once uploaded;
     * the last drain at the end of the job uploads and deletes the rest;</li>
     * <li>a closed block is deleted at once: the results service is not in use (the demo's job message has no
     * {@code system.github.results_endpoint}), so QueueResultsUpload just deletes it.</li>
     * </ul>
     * What goes into the pages is modelled on the real excerpts in exporter/src/test/resources/runner-logs/step-output
     * and on the actions' sources (actions/cache, @actions/cache, setup-node, setup-java, apt, BuildKit plain progress,
     * npm --loglevel=http). Every cache restore written is counted once, in {@link #truth}: the ground truth for the
     * exporter's github_runner_cache_requests_total.
     */
    static final class StepOutput {
        static final int PAGE_SIZE = 8 * 1024 * 1024;
        static final int BLOCK_SIZE = 2 * 1024 * 1024;
        /** FileStream's default buffer: what a StreamWriter without AutoFlush hands to the disk at a time. */
        static final int FILE_BUFFER = 4096;
        /** DateTime.UtcNow.ToString("O"): 7 fractional digits and Z. */
        static final DateTimeFormatter ROUND_TRIP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);
        static final String CYAN = "\u001b[36;1m", RESET = "\u001b[0m";

        /** The result label values of github_runner_cache_requests_total, in the order truth arrays count them. */
        static final List<String> RESULTS = List.of("hit", "partial", "miss");
        static final int HIT = 0, PARTIAL = 1, MISS = 2;

        /** A line of step output; a cache restore carries its type and result (the ground truth, a RESULTS index). */
        record Line(String text, String cacheType, int result) {
            Line(String text, String cacheType, boolean hit) {
                this(text, cacheType, hit ? HIT : MISS);
            }

            static Line of(String text) {
                return new Line(text, null, MISS);
            }
        }

        final Random rnd;
        /** Cache restores written, by cache type: {hits, partials, misses}. */
        final Map<String, long[]> truth = new java.util.TreeMap<>();
        int pages, blocks;
        /** Cache keys that exist in the cache service (actions/cache and the setup-* caches), as far as the replay knows. */
        final Map<String, Boolean> known = new java.util.HashMap<>();

        StepOutput(Random rnd) {
            this.rnd = rnd;
        }

        JobPages job(Path diag, Clock clock, Job job, Instant workerStart, String runnerName) {
            return new JobPages(diag, clock, job, workerStart, runnerName);
        }

        String total() {
            return pages + " pages (" + blocks + " blocks), cache restores " + format(truth);
        }

        static String format(Map<String, long[]> counts) {
            if (counts.isEmpty()) return "none";
            List<String> parts = new ArrayList<>();
            counts.forEach((type, n) -> parts.add(type + " hit=" + n[HIT] + " partial=" + n[PARTIAL] + " miss=" + n[MISS]));
            return String.join(", ", parts);
        }

        /** Whether a cache key is in the cache service; the first time a key comes up, p decides. */
        boolean exists(String key, double p) {
            return known.computeIfAbsent(key, k -> rnd.nextDouble() < p);
        }

        /** A file written through a StreamWriter(Encoding.UTF8) on a FileStream: BOM first, 4 KB at a time, the rest on close. */
        static final class BufferedFile {
            final Path path;
            private final OutputStream out;
            private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

            BufferedFile(Path path) {
                this.path = path;
                try {
                    out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE); // FileMode.CreateNew
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                pending.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            }

            void append(byte[] bytes) {
                pending.writeBytes(bytes);
                if (pending.size() >= FILE_BUFFER) {
                    byte[] all = pending.toByteArray();
                    int full = all.length / FILE_BUFFER * FILE_BUFFER;
                    write(all, full);
                    pending.reset();
                    pending.write(all, full, all.length - full);
                }
            }

            void close() {
                write(pending.toByteArray(), pending.size());
                pending.reset();
                try {
                    out.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            private void write(byte[] bytes, int length) {
                try {
                    out.write(bytes, 0, length);
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        /** One timeline record's PagingLogger. */
        static final class PagingLogger {
            final JobPages owner;
            final String record;
            final PagingLogger parent; // the job's logger, for a step's (ExecutionContext.Write writes to both)
            BufferedFile page, block;
            int pageCount, blockCount;
            long pageBytes, blockBytes;

            PagingLogger(JobPages owner, String record, PagingLogger parent) {
                this.owner = owner;
                this.record = record;
                this.parent = parent;
            }

            void write(String message) {
                if (page == null) newPage(); // lazily, on the first line
                if (block == null) newBlock();
                String line = ROUND_TRIP.format(owner.clock.now()) + " " + message;
                byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8); // WriteLine: "\n" on Linux
                page.append(bytes);
                block.append(bytes);
                int count = bytes.length - 1;
                pageBytes += count;
                blockBytes += count;
                if (pageBytes >= PAGE_SIZE) newPage();
                if (blockBytes >= BLOCK_SIZE) newBlock();
            }

            void end() {
                endPage();
                endBlock();
            }

            private void newPage() {
                endPage();
                pageBytes = 0;
                page = new BufferedFile(owner.pagesDir.resolve(owner.job.timelineId + "_" + record + "_" + (++pageCount) + ".log"));
                owner.pages++;
            }

            private void endPage() {
                if (page != null) {
                    page.close();
                    owner.queueUpload(page.path);
                    page = null;
                }
            }

            private void newBlock() {
                endBlock();
                blockBytes = 0;
                block = new BufferedFile(owner.blocksDir.resolve(owner.job.timelineId + "_" + record + "." + (++blockCount)));
                owner.blocks++;
            }

            private void endBlock() {
                if (block != null) {
                    block.close();
                    delete(block.path); // QueueResultsUpload without a results client: deleted at once
                    block = null;
                }
            }
        }

        static void delete(Path file) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** One job's step output. */
        final class JobPages {
            final Path pagesDir, blocksDir;
            final Clock clock;
            final Job job;
            final Instant workerStart;
            final String runnerName;
            final String workspace;
            final Map<String, long[]> jobTruth = new java.util.TreeMap<>();
            int pages, blocks;
            private record Upload(Path page, Instant due, Instant tick) {
            }
            private final List<Upload> uploads = new ArrayList<>();
            /** What each actions/cache step restored, for its post step: {primary key, restored key or null}. */
            private final Map<String, String[]> cacheSteps = new java.util.HashMap<>();
            /** Whether setup-node restored the npm cache (npm's own http cache then answers from disk). */
            private boolean npmCacheRestored;

            JobPages(Path diag, Clock clock, Job job, Instant workerStart, String runnerName) {
                this.pagesDir = diag.resolve("pages");
                this.blocksDir = diag.resolve("blocks");
                this.clock = clock;
                this.job = job;
                this.workerStart = workerStart;
                this.runnerName = runnerName;
                this.workspace = WORK + "/" + job.t.repoName() + "/" + job.t.repoName();
            }

            PagingLogger createLogger(String record, PagingLogger parent) {
                try { // PagingLogger.Initialize
                    Files.createDirectories(pagesDir);
                    Files.createDirectories(blocksDir);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return new PagingLogger(this, record, parent);
            }

            /** ExecutionContext.Write: the record's own log, then the job's. */
            void write(PagingLogger log, String message) {
                log.write(message);
                if (log.parent != null) log.parent.write(message);
            }

            /** Writes body[from, to) and returns to; restores are counted here, once. */
            int write(PagingLogger log, List<Line> body, int from, int to) {
                for (int i = from; i < Math.min(to, body.size()); i++) {
                    Line line = body.get(i);
                    write(log, line.text());
                    if (line.cacheType() != null) {
                        for (Map<String, long[]> m : List.of(jobTruth, truth)) {
                            m.computeIfAbsent(line.cacheType(), k -> new long[RESULTS.size()])[line.result()]++;
                        }
                    }
                }
                return Math.max(from, Math.min(to, body.size()));
            }

            void end(PagingLogger log) {
                log.end();
            }

            /** The upload loop wakes every second (from the worker's start); each upload takes a moment, then the page goes. */
            void queueUpload(Path page) {
                Instant now = clock.now();
                long sinceStart = Math.max(0, Duration.between(workerStart, now).toMillis());
                Instant tick = workerStart.plusMillis((sinceStart / 1000 + 1) * 1000);
                Upload last = uploads.isEmpty() ? null : uploads.get(uploads.size() - 1);
                Instant after = last != null && last.tick().equals(tick) ? last.due() : tick;
                uploads.add(new Upload(page, after.plusMillis(80 + rnd.nextInt(320)), tick));
            }

            Instant nextUpload() {
                return uploads.isEmpty() ? null : uploads.get(0).due();
            }

            void uploadDue(Instant now) {
                while (!uploads.isEmpty() && !uploads.get(0).due().isAfter(now)) {
                    delete(uploads.remove(0).page());
                }
            }

            void uploadAll() {
                uploads.forEach(u -> delete(u.page()));
                uploads.clear();
            }

            /** Adds this job's files to the replay's totals and says what the job wrote. */
            String finish() {
                StepOutput.this.pages += pages;
                StepOutput.this.blocks += blocks;
                return pages + " pages (" + blocks + " blocks), cache restores " + format(jobTruth);
            }

            // ------------------------------------------------------------ what the records say

            /** JobExtension.InitializeJob, up to "Prepare workflow directory". */
            void setUpJobStart(PagingLogger log) {
                write(log, "Current runner version: '" + VERSION + "'");
                write(log, "Runner name: '" + runnerName + "'");
                write(log, "Runner group name: 'Default'");
                write(log, "Machine name: '" + runnerName + "'");
                write(log, "##[group]GITHUB_TOKEN Permissions");
                write(log, "Contents: read");
                write(log, "Metadata: read");
                write(log, "Packages: read");
                write(log, "##[endgroup]");
                write(log, "Secret source: Actions");
                write(log, "Prepare workflow directory");
            }

            /** ActionManager.PrepareActionsAsync. */
            void setUpJobActions(PagingLogger log) {
                write(log, "Prepare all required actions");
                write(log, "Getting action download info");
                job.steps.stream().filter(s -> s.action != null).map(s -> s.action + "@" + s.ref).distinct()
                        .forEach(a -> write(log, "Download action repository '" + a + "' (SHA:" + hexOf(a) + ")"));
            }

            /** Writes what the handler prints before the step's process starts; returns the step's own output. */
            List<Line> actionDetails(PagingLogger log, Step s, boolean fails) {
                if (s.post) {
                    write(log, "Post job cleanup.");
                    return s.action.equals("actions/cache") ? postCache(s) : postCheckout();
                }
                if (s.script != null) {
                    String[] lines = s.script.split("\n");
                    write(log, "##[group]Run " + lines[0]);
                    for (String l : lines) write(log, CYAN + l + RESET);
                    write(log, "shell: /usr/bin/bash -e {0}");
                    write(log, "##[endgroup]");
                    return script(s, fails);
                }
                write(log, "##[group]Run " + s.action + "@" + s.ref);
                List<String> inputs = inputs(s);
                if (!inputs.isEmpty()) {
                    write(log, "with:");
                    inputs.forEach(i -> write(log, "  " + i));
                }
                write(log, "##[endgroup]");
                return switch (s.action) {
                    case "actions/checkout" -> checkout();
                    case "actions/setup-node" -> setupNode();
                    case "actions/setup-java" -> setupJava();
                    case "actions/cache" -> cache(s);
                    default -> List.of();
                };
            }

            List<String> inputs(Step s) {
                return switch (s.action) {
                    case "actions/checkout" -> List.of("repository: " + job.t.repo, "token: ***", "ssh-strict: true", "ssh-user: git",
                            "persist-credentials: true", "clean: true", "sparse-checkout-cone-mode: true", "fetch-depth: 1",
                            "fetch-tags: false", "show-progress: true", "lfs: false", "submodules: false", "set-safe-directory: true");
                    case "actions/setup-node" -> List.of("node-version: 20", "cache: npm", "always-auth: false", "check-latest: false",
                            "token: ***");
                    case "actions/setup-java" -> List.of("distribution: temurin", "java-version: 17", "cache: maven", "java-package: jdk",
                            "check-latest: false", "server-id: github", "server-username: GITHUB_ACTOR", "server-password: GITHUB_TOKEN",
                            "overwrite-settings: true", "job-status: success", "token: ***");
                    case "actions/cache" -> {
                        CacheSpec c = cacheSpec(s);
                        List<String> in = new ArrayList<>(List.of("path: " + c.path(), "key: " + c.key()));
                        if (c.restorePrefix() != null) in.add("restore-keys: " + c.restorePrefix());
                        in.addAll(List.of("enableCrossOsArchive: false", "fail-on-cache-miss: false", "lookup-only: false", "save-always: false"));
                        yield in;
                    }
                    case "hashicorp/setup-terraform" -> List.of("cli_config_credentials_hostname: app.terraform.io",
                            "terraform_version: latest", "terraform_wrapper: true");
                    default -> List.of();
                };
            }

            record CacheSpec(String path, String key, String restorePrefix) {
            }

            CacheSpec cacheSpec(Step s) {
                return s.display.contains("Playwright")
                        ? new CacheSpec("~/.cache/ms-playwright", "playwright-Linux-1.49.1", null)
                        : new CacheSpec(".eslintcache", "eslint-Linux-" + sha256(job.sha + ".eslintrc.json"), "eslint-Linux-");
            }

            List<Line> checkout() {
                List<Line> out = new ArrayList<>();
                String ref = job.t.ref();
                String remote = ref.startsWith("refs/heads/") ? "refs/remotes/origin/" + ref.substring(11)
                        : ref.startsWith("refs/pull/") ? "refs/remotes/pull/" + ref.substring(10) : ref;
                add(out, "Syncing repository: " + job.t.repo, "##[group]Getting Git version info", "Working directory is '" + workspace + "'",
                        "[command]/usr/bin/git version", "git version 2.43.0", "##[endgroup]",
                        "Temporarily overriding HOME='" + WORK + "/_temp/" + uuid(rnd, 4) + "' before making global git config changes",
                        "Adding repository directory to the temporary git global config as a safe directory",
                        "[command]/usr/bin/git config --global --add safe.directory " + workspace,
                        "Deleting the contents of '" + workspace + "'",
                        "##[group]Initializing the repository", "[command]/usr/bin/git init " + workspace,
                        "Initialized empty Git repository in " + workspace + "/.git/",
                        "[command]/usr/bin/git remote add origin https://github.com/" + job.t.repo, "##[endgroup]",
                        "##[group]Disabling automatic garbage collection", "[command]/usr/bin/git config --local gc.auto 0", "##[endgroup]",
                        "##[group]Setting up auth",
                        "[command]/usr/bin/git config --local --name-only --get-regexp core\\.sshCommand",
                        "[command]/usr/bin/git config --local http.https://github.com/.extraheader AUTHORIZATION: basic ***",
                        "##[endgroup]",
                        "##[group]Fetching the repository",
                        "[command]/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin +"
                                + job.sha + ":" + remote,
                        "From https://github.com/" + job.t.repo,
                        " * [new " + (ref.startsWith("refs/tags/") ? "tag" : "ref") + "]         " + job.sha + " -> "
                                + remote.replaceFirst("^refs/remotes/", "").replaceFirst("^refs/tags/", ""),
                        "##[endgroup]", "##[group]Determining the checkout info", "##[endgroup]",
                        "[command]/usr/bin/git sparse-checkout disable",
                        "[command]/usr/bin/git config --local --unset-all extensions.worktreeConfig",
                        "##[group]Checking out the ref");
                if (ref.startsWith("refs/heads/")) {
                    String branch = ref.substring(11);
                    add(out, "[command]/usr/bin/git checkout --progress --force -B " + branch + " " + remote,
                            "Switched to a new branch '" + branch + "'", "branch '" + branch + "' set up to track 'origin/" + branch + "'.");
                } else {
                    add(out, "[command]/usr/bin/git checkout --progress --force " + remote,
                            "HEAD is now at " + job.sha.substring(0, 7) + (ref.startsWith("refs/pull/")
                                    ? " Merge " + hexOf(job.sha + "head") + " into " + hexOf(job.sha + "base")
                                    : " Release " + ref.substring(10)));
                }
                add(out, "##[endgroup]", "[command]/usr/bin/git log -1 --format=%H", job.sha);
                return out;
            }

            List<Line> postCheckout() {
                List<Line> out = new ArrayList<>();
                add(out, "[command]/usr/bin/git version", "git version 2.43.0",
                        "Temporarily overriding HOME='" + WORK + "/_temp/" + uuid(rnd, 4) + "' before making global git config changes",
                        "Adding repository directory to the temporary git global config as a safe directory",
                        "[command]/usr/bin/git config --global --add safe.directory " + workspace,
                        "[command]/usr/bin/git config --local --name-only --get-regexp core\\.sshCommand",
                        "[command]/usr/bin/git submodule foreach --recursive sh -c \"git config --local --name-only --get-regexp 'core\\.sshCommand' && git config --local --unset-all 'core.sshCommand' || :\"",
                        "[command]/usr/bin/git config --local --name-only --get-regexp http\\.https\\:\\/\\/github\\.com\\/\\.extraheader",
                        "http.https://github.com/.extraheader",
                        "[command]/usr/bin/git config --local --unset-all http.https://github.com/.extraheader",
                        "[command]/usr/bin/git submodule foreach --recursive sh -c \"git config --local --name-only --get-regexp 'http\\.https\\:\\/\\/github\\.com\\/\\.extraheader' && git config --local --unset-all 'http.https://github.com/.extraheader' || :\"");
                return out;
            }

            /**
             * @actions/cache (cache service v2) restoring an archive: "Cache hit for: KEY" or "Cache hit for restore-key: KEY",
             * the download, and the extraction; a download that fails ends in a warning and nothing restored.
             * @return the key restored, or null
             */
            String download(List<Line> out, String matched, boolean exact) {
                add(out, (exact ? "Cache hit for: " : "Cache hit for restore-key: ") + matched);
                long size = 20_000_000L + rnd.nextInt(220_000_000);
                if (rnd.nextInt(100) < 6) {
                    long got = size / (2 + rnd.nextInt(6));
                    add(out, String.format(Locale.ROOT, "Received %d of %d (%.1f%%), %.1f MBs/sec", got, size, 100.0 * got / size, 20 + rnd.nextDouble() * 60),
                            "##[warning]Failed to restore: The operation cannot be completed in timeout.");
                    return null;
                }
                add(out, String.format(Locale.ROOT, "Received %d of %d (100.0%%), %.1f MBs/sec", size, size, 30 + rnd.nextDouble() * 120),
                        "Cache Size: ~" + Math.round(size / (1024.0 * 1024.0)) + " MB (" + size + " B)",
                        "[command]/usr/bin/tar -xf " + WORK + "/_temp/" + uuid(rnd, 4) + "/cache.tzst -P -C " + workspace
                                + " --use-compress-program unzstd",
                        "Cache restored successfully");
                return matched;
            }

            List<Line> setupNode() {
                List<Line> out = new ArrayList<>();
                String tool = WORK + "/_tool/node/20.19.5/x64";
                add(out, "Found in cache @ " + tool, "##[group]Environment details", "node: v20.19.5", "npm: 10.8.2", "yarn: 1.22.22",
                        "##[endgroup]", "[command]" + tool + "/bin/npm config get cache", "/home/runner/.npm");
                String key = "node-cache-Linux-x64-npm-" + sha256(job.t.repo + "/package-lock.json");
                String restored = exists(key, 0.75) ? download(out, key, true) : null;
                npmCacheRestored = restored != null;
                if (restored != null) {
                    out.add(new Line("Cache restored from key: " + restored, "setup_node", true));
                } else {
                    out.add(new Line("npm cache is not found", "setup_node", false));
                    known.put(key, true); // setup-node's cache-save post step (not shown in the demo) saves it
                }
                return out;
            }

            List<Line> setupJava() {
                List<Line> out = new ArrayList<>();
                add(out, "##[group]Installed distributions", "Resolved Java 17.0.13+11 from tool-cache", "Setting Java 17.0.13+11 as the default",
                        "Creating toolchains.xml for JDK version 17 from temurin", "Writing to /home/runner/.m2/toolchains.xml", "",
                        "Java configuration:", "  Distribution: temurin", "  Version: 17.0.13+11",
                        "  Path: " + WORK + "/_tool/Java_Temurin-Hotspot_jdk/17.0.13-11/x64", "", "##[endgroup]",
                        "Creating settings.xml with server-id: github", "Writing to /home/runner/.m2/settings.xml");
                String key = "setup-java-Linux-x64-maven-" + sha256(job.t.repo + "/pom.xml");
                String restored = exists(key, 0.6) ? download(out, key, true) : null;
                if (restored != null) {
                    out.add(new Line("Cache restored from key: " + restored, "setup_java", true));
                } else {
                    out.add(new Line("maven cache is not found", "setup_java", false));
                    known.put(key, true); // saved by setup-java's post step (not shown in the demo)
                }
                return out;
            }

            /** actions/cache restore: its verdict is "Cache restored from key: …" or "Cache not found for input keys: …". */
            List<Line> cache(Step s) {
                List<Line> out = new ArrayList<>();
                CacheSpec c = cacheSpec(s);
                String restored = null;
                if (exists(c.key(), 0.5)) {
                    restored = download(out, c.key(), true);
                } else if (c.restorePrefix() != null && exists(c.restorePrefix(), 0.8)) {
                    restored = download(out, c.restorePrefix() + sha256(job.sha + "previous"), false);
                }
                if (restored != null) {
                    // a restore key's cache is a partial restore: the step's key input is printed in its header
                    out.add(new Line("Cache restored from key: " + restored, "actions_cache", restored.equals(c.key()) ? HIT : PARTIAL));
                } else {
                    out.add(new Line("Cache not found for input keys: " + c.key() + (c.restorePrefix() != null ? ", " + c.restorePrefix() : ""),
                            "actions_cache", false));
                }
                cacheSteps.put(s.contextName, new String[] {c.key(), restored});
                return out;
            }

            /** The post step saves under the primary key unless that is what was restored. */
            List<Line> postCache(Step s) {
                List<Line> out = new ArrayList<>();
                String[] r = cacheSteps.get(s.contextName);
                if (r == null) return out;
                if (r[0].equals(r[1])) {
                    add(out, "Cache hit occurred on the primary key " + r[0] + ", not saving cache.");
                    return out;
                }
                long size = 1_000_000L + rnd.nextInt(200_000_000);
                add(out, "[command]/usr/bin/tar --posix -cf cache.tzst --exclude cache.tzst -P -C " + workspace
                                + " --files-from manifest.txt --use-compress-program zstdmt",
                        "Cache Size: ~" + Math.round(size / (1024.0 * 1024.0)) + " MB (" + size + " B)",
                        "Cache saved successfully", "Cache saved with key: " + r[0]);
                known.put(r[0], true);
                CacheSpec c = cacheSpec(s);
                if (c.restorePrefix() != null) known.put(c.restorePrefix(), true);
                return out;
            }

            List<Line> script(Step s, boolean fails) {
                List<Line> out = new ArrayList<>();
                String sc = s.script;
                if (sc.startsWith("sudo apt-get update")) {
                    apt(out);
                } else if (sc.startsWith("docker buildx build")) {
                    buildkit(out, fails);
                } else if (sc.startsWith("npm ci")) {
                    if (sc.contains("--loglevel=http")) npmHttp(out);
                    add(out, "", "added " + (sc.contains("http") ? 412 : 1287) + " packages, and audited " + (sc.contains("http") ? 413 : 1288)
                            + " packages in " + (9 + rnd.nextInt(20)) + "s", "", "214 packages are looking for funding",
                            "  run `npm fund` for details", "", "found 0 vulnerabilities");
                } else if (sc.equals("npm run build")) {
                    add(out, "", "> web-shop@3.14.0 build", "> vite build", "", "vite v5.4.11 building for production...", "transforming...",
                            "✓ 1423 modules transformed.", "rendering chunks...", "computing gzip size...",
                            "dist/index.html                   0.46 kB │ gzip:   0.30 kB",
                            "dist/assets/index-" + hex(rnd, 4) + ".css   41.87 kB │ gzip:   7.91 kB",
                            "dist/assets/index-" + hex(rnd, 4) + ".js   612.40 kB │ gzip: 187.22 kB", "✓ built in " + (5 + rnd.nextInt(5)) + ".12s");
                } else if (sc.equals("npm test")) {
                    add(out, "", "> web-shop@3.14.0 test", "> vitest run", "", " RUN  v2.1.8 " + workspace, "",
                            " ✓ src/cart/cart.test.ts (14 tests) 38ms", " ✓ src/checkout/voucher.test.ts (22 tests) 61ms");
                    if (fails) {
                        add(out, " ❯ src/cart/badge.test.tsx (9 tests | 1 failed) 112ms",
                                "   × CartBadge > shows the item count 17ms", "     → expected '3' to be '4'", "",
                                " Test Files  1 failed | 11 passed (12)", "      Tests  1 failed | 186 passed (187)");
                    } else {
                        add(out, " ✓ src/cart/badge.test.tsx (9 tests) 97ms", "", " Test Files  12 passed (12)", "      Tests  187 passed (187)");
                    }
                } else if (sc.equals("npm run lint")) {
                    add(out, "", "> web-shop@3.14.0 lint", "> eslint --cache --cache-location .eslintcache src", "");
                    if (fails) add(out, workspace + "/src/cart/Badge.tsx", "  12:7  error  'count' is assigned a value but never used  no-unused-vars",
                            "", "✖ 1 problem (1 error, 0 warnings)");
                } else if (sc.equals("npx depcheck")) {
                    if (fails) add(out, "Unused dependencies", "* lodash.debounce", "Unused devDependencies", "* @types/jest");
                    else add(out, "No depcheck issue");
                } else if (sc.startsWith("./mvnw")) {
                    maven(out, sc, fails);
                } else if (sc.startsWith("terraform init")) {
                    add(out, "", "Initializing the backend...", "", "Successfully configured the backend \"s3\"! Terraform will automatically",
                            "use this backend unless the backend configuration changes.", "", "Initializing provider plugins...",
                            "- Reusing previous version of hashicorp/aws from the dependency lock file",
                            "- Using previously-installed hashicorp/aws v5.82.2", "", "Terraform has been successfully initialized!");
                } else if (sc.startsWith("terraform plan")) {
                    add(out, "module.eks.aws_eks_cluster.this[0]: Refreshing state... [id=staging]", "",
                            "Terraform will perform the following actions:", "",
                            "  # module.eks.aws_eks_cluster.this[0] will be updated in-place", "", "Plan: 0 to add, 1 to change, 0 to destroy.");
                } else if (sc.equals("make html")) {
                    add(out, "sphinx-build -M html \"source\" \"build\"", "Running Sphinx v7.4.7", "loading translations [en]... done",
                            "building [mo]: targets for 0 po files that are out of date", "building [html]: targets for 58 source files that are out of date",
                            "updating environment: [new config] 58 added, 0 changed, 0 removed", "reading sources... [100%] usage/quickstart",
                            "writing output... [100%] usage/quickstart", "generating indices... genindex done", "build succeeded.", "",
                            "The HTML pages are in build/html.");
                } else if (sc.startsWith("./scripts/publish.sh")) {
                    add(out, "Publishing build/html to gh-pages", "[gh-pages " + hex(rnd, 4).substring(0, 7) + "] Deploy " + job.sha.substring(0, 7),
                            " 58 files changed, 1204 insertions(+), 1187 deletions(-)", "To https://github.com/" + job.t.repo,
                            "   " + hex(rnd, 4).substring(0, 7) + ".." + hex(rnd, 4).substring(0, 7) + "  gh-pages -> gh-pages");
                } else if (sc.startsWith("npx playwright test")) {
                    add(out, "", "Running 48 tests using 4 workers", "");
                    if (fails) add(out, "  1) [chrome] › checkout.spec.ts:42:5 › checkout › applies a voucher ──────────────────────",
                            "", "    Error: expect(locator).toHaveText(expected) failed", "", "  1 failed",
                            "    [chrome] › checkout.spec.ts:42:5 › checkout › applies a voucher ───────────────────────",
                            "  47 passed (1.4m)");
                    else add(out, "  48 passed (1.3m)");
                } else {
                    add(out, "Done.");
                }
                return out;
            }

            /** apt-get update (Hit: an index that was up to date, Get: one downloaded) and apt-get install. */
            void apt(List<Line> out) {
                String[][] sources = {{"http://archive.ubuntu.com/ubuntu", "jammy", "128"}, {"http://archive.ubuntu.com/ubuntu", "jammy-updates", "128"},
                        {"http://archive.ubuntu.com/ubuntu", "jammy-backports", "127"}, {"http://security.ubuntu.com/ubuntu", "jammy-security", "129"}};
                int n = 0;
                long fetched = 0;
                List<String[]> lists = new ArrayList<>();
                for (String[] src : sources) {
                    n++;
                    if (src[1].equals("jammy") || rnd.nextInt(100) < 45) {
                        out.add(new Line("Hit:" + n + " " + src[0] + " " + src[1] + " InRelease", "apt", true));
                    } else {
                        out.add(new Line("Get:" + n + " " + src[0] + " " + src[1] + " InRelease [" + src[2] + " kB]", "apt", false));
                        fetched += Long.parseLong(src[2]);
                        if (!src[1].equals("jammy-backports")) lists.add(src);
                    }
                }
                for (String[] src : lists) {
                    for (String part : List.of("main amd64 Packages", "universe amd64 Packages")) {
                        int kb = 900 + rnd.nextInt(1800);
                        n++;
                        out.add(new Line("Get:" + n + " " + src[0] + " " + src[1] + "/" + part + " [" + String.format(Locale.ROOT, "%,d", kb) + " kB]",
                                "apt", false));
                        fetched += kb;
                    }
                }
                if (fetched > 0) add(out, "Fetched " + String.format(Locale.ROOT, "%,d", fetched) + " kB in " + (1 + rnd.nextInt(3)) + "s ("
                        + String.format(Locale.ROOT, "%,d", fetched / 2) + " kB/s)");
                add(out, "Reading package lists...", "Reading package lists...", "Building dependency tree...", "Reading state information...");
                if (!exists("apt:graphviz", 0.3)) {
                    known.put("apt:graphviz", true);
                    String[][] debs = {{"jammy/universe", "libann0", "1.1.2+doc-7build1", "26.0"}, {"jammy-updates/universe", "libcdt5", "2.42.2-6ubuntu0.1", "21.4"},
                            {"jammy-updates/universe", "libcgraph6", "2.42.2-6ubuntu0.1", "46.1"}, {"jammy/universe", "libgts-0.7-5", "0.7.6+darcs121130-5", "160"},
                            {"jammy-updates/universe", "libpathplan4", "2.42.2-6ubuntu0.1", "23.8"}, {"jammy-updates/universe", "libgvc6", "2.42.2-6ubuntu0.1", "635"},
                            {"jammy-updates/universe", "libgvpr2", "2.42.2-6ubuntu0.1", "191"}, {"jammy-updates/universe", "liblab-gamut1", "2.42.2-6ubuntu0.1", "196"},
                            {"jammy-updates/universe", "graphviz", "2.42.2-6ubuntu0.1", "653"}, {"jammy/universe", "libgts-bin", "0.7.6+darcs121130-5", "43.5"}};
                    add(out, "The following additional packages will be installed:",
                            "  libann0 libcdt5 libcgraph6 libgts-0.7-5 libgts-bin libgvc6 libgvpr2 liblab-gamut1 libpathplan4",
                            "Suggested packages:", "  gsfonts graphviz-doc", "Recommended packages:", "  fonts-liberation",
                            "The following NEW packages will be installed:", "  graphviz libann0 libcdt5 libcgraph6 libgts-0.7-5 libgts-bin libgvc6 libgvpr2",
                            "  liblab-gamut1 libpathplan4", "0 upgraded, 10 newly installed, 0 to remove and 17 not upgraded.",
                            "Need to get 1,996 kB of archives.", "After this operation, 7,532 kB of additional disk space will be used.");
                    int i = 0;
                    for (String[] d : debs) {
                        i++;
                        out.add(new Line("Get:" + i + " http://archive.ubuntu.com/ubuntu " + d[0] + " amd64 " + d[1] + " amd64 " + d[2] + " [" + d[3] + " kB]",
                                "apt", false));
                    }
                    add(out, "debconf: unable to initialize frontend: Dialog", "debconf: (TERM is not set, so the dialog frontend is not usable.)",
                            "debconf: falling back to frontend: Readline", "debconf: unable to initialize frontend: Readline",
                            "debconf: falling back to frontend: Teletype", "dpkg-preconfigure: unable to re-open stdin: ",
                            "Fetched 1,996 kB in 1s (2,538 kB/s)");
                    for (String[] d : debs) {
                        add(out, "Selecting previously unselected package " + d[1] + ":amd64.", "Preparing to unpack .../" + d[1] + "_" + d[2].replace(":", "%3a")
                                + "_amd64.deb ...", "Unpacking " + d[1] + ":amd64 (" + d[2] + ") ...");
                    }
                    for (String[] d : debs) add(out, "Setting up " + d[1] + ":amd64 (" + d[2] + ") ...");
                    add(out, "Processing triggers for man-db (2.10.2-1) ...", "Processing triggers for libc-bin (2.35-0ubuntu3.8) ...");
                } else {
                    add(out, "graphviz is already the newest version (2.42.2-6ubuntu0.1).", "0 upgraded, 0 newly installed, 0 to remove and 17 not upgraded.");
                }
            }

            /**
             * BuildKit plain progress (not a TTY): a Dockerfile step "#N [k/n] INSTRUCTION" ends in "#N CACHED" or, when it ran,
             * "#N DONE 1.2s"; once one step misses, every later step runs too. FROM and the internal steps are no layer lookups.
             */
            void buildkit(List<Line> out, boolean fails) {
                String base = sha256("node:20-alpine");
                add(out, "#0 building with \"builder-" + uuid(rnd, 4) + "\" instance using docker-container driver", "",
                        "#1 [internal] load build definition from Dockerfile", "#1 transferring dockerfile: 612B done", "#1 DONE 0.0s", "",
                        "#2 [internal] load metadata for docker.io/library/node:20-alpine", "#2 DONE " + (1 + rnd.nextInt(9)) / 10.0 + "s", "",
                        "#3 [internal] load .dockerignore", "#3 transferring context: 94B done", "#3 DONE 0.0s", "",
                        "#4 importing cache manifest from local:" + (1_000_000_000L + rnd.nextInt(900_000_000)), "#4 DONE 0.0s", "",
                        "#5 [1/6] FROM docker.io/library/node:20-alpine@sha256:" + base,
                        "#5 resolve docker.io/library/node:20-alpine@sha256:" + base + " 0.0s done", "#5 DONE 0.0s", "",
                        "#6 [internal] load build context", "#6 transferring context: 1.32MB 0.1s done", "#6 DONE 0.1s", "");
                String[] steps = {"WORKDIR /app", "COPY package.json package-lock.json ./", "RUN npm ci --omit=dev", "COPY . .", "RUN npm run build"};
                int roll = rnd.nextInt(100);
                int cached = roll < 10 ? 5 : roll < 70 ? 3 : roll < 90 ? 1 : 0; // source changes more often than the lock file
                for (int i = 0; i < steps.length; i++) {
                    int id = 7 + i;
                    add(out, "#" + id + " [" + (i + 2) + "/6] " + steps[i]);
                    if (i < cached) {
                        out.add(new Line("#" + id + " CACHED", "buildkit", true));
                    } else if (steps[i].startsWith("RUN npm ci")) {
                        add(out, "#" + id + " 14.82 ", "#" + id + " 14.82 added 318 packages, and audited 319 packages in 14s", "#" + id + " 14.83 found 0 vulnerabilities");
                        out.add(new Line("#" + id + " DONE 15.9s", "buildkit", false));
                    } else if (steps[i].startsWith("RUN npm run build")) {
                        add(out, "#" + id + " 0.498 ", "#" + id + " 0.498 > web-shop@3.14.0 build", "#" + id + " 0.498 > vite build", "#" + id + " 0.498 ",
                                "#" + id + " 1.214 vite v5.4.11 building for production...", "#" + id + " 7.902 ✓ built in 6.61s");
                        out.add(new Line("#" + id + " DONE 8.4s", "buildkit", false));
                    } else {
                        out.add(new Line("#" + id + " DONE 0." + (1 + rnd.nextInt(4)) + "s", "buildkit", false));
                    }
                    add(out, "");
                }
                String image = sha256(job.sha + "image");
                add(out, "#12 exporting to image", "#12 exporting layers", "#12 exporting layers 0.9s done", "#12 writing image sha256:" + image + " done",
                        "#12 naming to docker.io/library/web-shop:e2e done", "#12 DONE 0.9s", "", "#13 exporting cache to client directory",
                        "#13 preparing build cache for export", "#13 writing cache manifest sha256:" + sha256(image) + " done", "#13 DONE 1.2s");
            }

            /** npm ci --loglevel=http: one line per tarball; served from ~/.npm when setup-node restored it. */
            void npmHttp(List<Line> out) {
                String[][] pkgs = {{"@playwright/test", "1.49.1"}, {"playwright", "1.49.1"}, {"playwright-core", "1.49.1"}, {"react", "18.3.1"},
                        {"react-dom", "18.3.1"}, {"scheduler", "0.23.2"}, {"loose-envify", "1.4.0"}, {"js-tokens", "4.0.0"}, {"vite", "5.4.11"},
                        {"esbuild", "0.21.5"}, {"rollup", "4.28.1"}, {"postcss", "8.4.49"}, {"nanoid", "3.3.8"}, {"picocolors", "1.1.1"},
                        {"source-map-js", "1.2.1"}, {"zustand", "4.5.5"}, {"use-sync-external-store", "1.2.2"}, {"clsx", "2.1.1"}};
                for (String[] p : pkgs) {
                    String name = p[0].substring(p[0].lastIndexOf('/') + 1);
                    String url = "https://registry.npmjs.org/" + p[0].replace("/", "%2f") + "/-/" + name + "-" + p[1] + ".tgz";
                    boolean hit = npmCacheRestored ? rnd.nextInt(100) < 90 : rnd.nextInt(100) < 10;
                    out.add(new Line("npm http fetch GET 200 " + url + " " + (hit ? 1 + rnd.nextInt(9) : 40 + rnd.nextInt(300)) + "ms (cache "
                            + (hit ? "hit" : "miss") + ")", "npm", hit));
                }
            }

            void maven(List<Line> out, String sc, boolean fails) {
                add(out, "[INFO] Scanning for projects...", "[INFO] ", "[INFO] ----------------------< com.acme:payments-api >-----------------------",
                        "[INFO] Building payments-api 1.4.3-SNAPSHOT", "[INFO]   from pom.xml", "[INFO] --------------------------------[ jar ]---------------------------------",
                        "[INFO] --- compiler:3.13.0:compile (default-compile) @ payments-api ---", "[INFO] Compiling 184 source files with javac [debug release 17] to target/classes");
                if (sc.contains("verify")) {
                    add(out, "[INFO] --- surefire:3.5.2:test (default-test) @ payments-api ---", "[INFO] Using auto detected provider org.apache.maven.surefire.junitplatform.JUnitPlatformProvider");
                    if (fails) {
                        add(out, "[ERROR] Tests run: 212, Failures: 1, Errors: 0, Skipped: 0", "[ERROR] Failures: ",
                                "[ERROR]   IdempotencyKeyTest.replayReturnsFirstResponse:58 expected: <201> but was: <409>",
                                "[INFO] BUILD FAILURE", "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.5.2:test (default-test) on project payments-api: There are test failures.");
                        return;
                    }
                    add(out, "[INFO] Tests run: 212, Failures: 0, Errors: 0, Skipped: 0");
                } else {
                    add(out, "[INFO] --- deploy:3.1.3:deploy (default-deploy) @ payments-api ---",
                            "[INFO] Uploading to github: https://maven.pkg.github.com/acme/payments-api/com/acme/payments-api/1.4.2/payments-api-1.4.2.jar",
                            "[INFO] Uploaded to github: https://maven.pkg.github.com/acme/payments-api/com/acme/payments-api/1.4.2/payments-api-1.4.2.jar (1.2 MB at 2.4 MB/s)");
                    if (fails) {
                        add(out, "[INFO] BUILD FAILURE");
                        return;
                    }
                }
                add(out, "[INFO] ------------------------------------------------------------------------", "[INFO] BUILD SUCCESS",
                        "[INFO] ------------------------------------------------------------------------");
            }

            void add(List<Line> out, String... lines) {
                for (String l : lines) out.add(Line.of(l));
            }
        }
    }

    // ---------------------------------------------------------------- plumbing

    /** Real time, or a simulated clock for --bake; --seconds is enforced here. */
    static final class Clock {
        static final class Deadline extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Deadline() {
                super(null, null, false, false);
            }
        }

        private Instant simulated;
        private final Instant deadline;
        private final Random jitter = new Random(7); // sub-millisecond noise, as a real clock has

        Clock(Instant simulatedStart, Instant deadline) {
            this.simulated = simulatedStart;
            this.deadline = deadline;
        }

        Instant now() {
            return simulated != null ? simulated : Instant.now();
        }

        void sleep(long ms) {
            if (simulated != null) {
                simulated = simulated.plusMillis(ms).plusNanos(jitter.nextInt(1_000_000) / 100 * 100L);
                return;
            }
            try {
                long left = deadline == null ? ms : Math.min(ms, Duration.between(Instant.now(), deadline).toMillis());
                if (left > 0) Thread.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (deadline != null && !Instant.now().isBefore(deadline)) throw new Deadline();
        }
    }

    /** A _diag file: "[yyyy-MM-dd HH:mm:ssZ LEVL Component] message\n", unbuffered so a tailer sees each write. */
    static final class Diag implements AutoCloseable {
        private final OutputStream out;
        private final Clock clock;
        private final Random rnd;
        private final boolean splitWrites;
        private final Runnable beforeWrite;

        Diag(Path file, Clock clock, Random rnd, boolean splitWrites, Runnable beforeWrite) {
            try {
                this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.clock = clock;
            this.rnd = rnd;
            this.splitWrites = splitWrites;
            this.beforeWrite = beforeWrite;
        }

        void info(String component, String message) {
            write("INFO", component, message);
        }

        void warn(String component, String message) {
            write("WARN", component, message);
        }

        void err(String component, String message) {
            write("ERR ", component, message);
        }

        private void write(String level, String component, String message) {
            if (beforeWrite != null) beforeWrite.run();
            String header = "[" + UTC_U.format(clock.now()) + " " + level + " " + component + "] ";
            byte[] head = header.getBytes(StandardCharsets.UTF_8);
            byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                // HostTraceListener flushes the header and the message separately, and its 4 KB
                // FileStream buffer cuts long messages (the job message JSON) into chunks, so a
                // tailer can see partial lines. Now and then stretch one such gap to 300 ms.
                boolean stall = splitWrites && rnd.nextInt(50) == 0;
                out.write(head);
                out.flush();
                if (stall && body.length <= 4096) clock.sleep(300);
                for (int off = 0; off < body.length; off += 4096) {
                    out.write(body, off, Math.min(4096, body.length - off));
                    out.flush();
                    if (stall && off == 0 && body.length > 4096) clock.sleep(300);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Just enough JSON: Newtonsoft-style indentation (2 spaces, "key": value, [] and {} when empty). */
    static final class Json {
        record Raw(String text) {
        }

        static String pretty(Object v) {
            StringBuilder sb = new StringBuilder();
            write(sb, v, 0, true);
            return sb.toString();
        }

        static String compact(Object v) {
            StringBuilder sb = new StringBuilder();
            write(sb, v, 0, false);
            return sb.toString();
        }

        private static void write(StringBuilder sb, Object v, int indent, boolean pretty) {
            if (v instanceof Map<?, ?> m) {
                if (m.isEmpty()) {
                    sb.append("{}");
                    return;
                }
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) sb.append(',');
                    first = false;
                    newline(sb, indent + 2, pretty);
                    quote(sb, e.getKey().toString());
                    sb.append(pretty ? ": " : ":");
                    write(sb, e.getValue(), indent + 2, pretty);
                }
                newline(sb, indent, pretty);
                sb.append('}');
            } else if (v instanceof List<?> l) {
                if (l.isEmpty()) {
                    sb.append("[]");
                    return;
                }
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) sb.append(',');
                    newline(sb, indent + 2, pretty);
                    write(sb, l.get(i), indent + 2, pretty);
                }
                newline(sb, indent, pretty);
                sb.append(']');
            } else if (v instanceof String s) {
                quote(sb, s);
            } else if (v instanceof Raw r) {
                sb.append(r.text());
            } else {
                sb.append(v); // numbers, booleans, null
            }
        }

        private static void newline(StringBuilder sb, int indent, boolean pretty) {
            if (pretty) sb.append('\n').append(" ".repeat(indent));
        }

        private static void quote(StringBuilder sb, String s) {
            sb.append('"');
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                        else sb.append(c);
                    }
                }
            }
            sb.append('"');
        }
    }

    static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static final DateTimeFormatter UTC_U = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter FILE_TS = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    // DateTime.ToString() under en-US, as in "job is valid till 7/4/2021 6:41:29 PM".
    static final DateTimeFormatter EN_US_DATE = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US).withZone(ZoneOffset.UTC);

    /** .NET round-trip time with trailing zero digits dropped, e.g. 2026-04-11T14:43:53.530138Z. */
    static String isoTrimmed(Instant t) {
        String frac = String.format("%07d", t.getNano() / 100).replaceFirst("0+$", "");
        return UTC_U.format(t).substring(0, 19).replace(' ', 'T') + (frac.isEmpty() ? "" : "." + frac) + "Z";
    }

    /** TimeSpan "c" format: hh:mm:ss.fffffff */
    static String timeSpan(Duration d) {
        return String.format("%02d:%02d:%02d.%07d", d.toHours(), d.toMinutesPart(), d.toSecondsPart(), d.toNanosPart() / 100);
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    static String uuid(Random r, int version) {
        long hi = (r.nextLong() & ~0xF000L) | ((long) version << 12);
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    static String hex(Random r, int bytes) {
        byte[] b = new byte[bytes];
        r.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static String hexOf(String seed) {
        return sha256(seed).substring(0, 40);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String jsonField(String json, String name, String fallback) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}\\s]+)").matcher(json);
        return m.find() ? m.group(1) : fallback;
    }
}
