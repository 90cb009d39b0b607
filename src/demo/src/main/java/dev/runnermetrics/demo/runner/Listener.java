package dev.runnermetrics.demo.runner;

import static dev.runnermetrics.demo.runner.Host.COMMIT;
import static dev.runnermetrics.demo.runner.Host.EMPTY_SHA256;
import static dev.runnermetrics.demo.runner.Host.ROOT;
import static dev.runnermetrics.demo.runner.Host.VERSION;
import static dev.runnermetrics.demo.sim.Formats.EN_US_DATE;
import static dev.runnermetrics.demo.sim.Formats.FILE_TS;
import static dev.runnermetrics.demo.sim.Formats.UTC_U;
import static dev.runnermetrics.demo.sim.Formats.timeSpan;
import static dev.runnermetrics.demo.sim.Ids.sha256;
import static dev.runnermetrics.demo.sim.Ids.uuid;
import static dev.runnermetrics.demo.sim.Json.obj;

import dev.runnermetrics.demo.github.Webhooks;
import dev.runnermetrics.demo.sim.Clock;
import dev.runnermetrics.demo.sim.Json;
import dev.runnermetrics.demo.steps.StepOutput;
import dev.runnermetrics.demo.workflow.Job;
import dev.runnermetrics.demo.workflow.JobMessage;
import dev.runnermetrics.demo.workflow.Outcome;
import dev.runnermetrics.demo.workflow.Runs;
import dev.runnermetrics.demo.workflow.Template;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * The runner's listener process (Runner.Listener: MessageListener, JobDispatcher) writing its _diag/Runner_*.log:
 * the session start, each job received, its lock renewals, the worker it starts ({@link Worker}), the result, and back
 * to Online. It also tells GitHub's side ({@link Webhooks}) when a job is queued, starts and completes.
 */
public final class Listener implements AutoCloseable {

    /** Hears what the listener tells GitHub about its runner: online (a session) and busy (a job). */
    public interface StatusReport {
        StatusReport NONE = (online, busy) -> { };

        void status(boolean online, boolean busy);
    }

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
    final Runs runs;
    int pid;
    String previousJobId;
    /** Step output pages and blocks; null for --bake (a finished job's pages are deleted anyway). */
    final StepOutput stepOutput;
    /** GitHub's side of each job, with --webhook; else null. */
    private final Webhooks webhooks;
    int jobNumber;
    /** GitHub's view of this runner, for the demo's REST API; NONE when it is not played. */
    private StatusReport status = StatusReport.NONE;
    // Per-job state the worker side needs to interleave listener lines (renewals, cancel).
    Instant nextRenew;
    long currentRequest;

    /**
     * @param splitWrites write as a real runner does, header and message apart and now and then a stall mid-line
     *                    (false for --bake: the bundled history is written whole)
     * @param stepOutput  null: no step output (--bake: a finished job's pages are deleted anyway)
     * @param webhooks    null: GitHub's side is not played
     */
    public Listener(Path root, Clock clock, Random rnd, boolean splitWrites, StepOutput stepOutput, Webhooks webhooks)
            throws IOException {
        this.root = root;
        this.clock = clock;
        this.rnd = rnd;
        this.splitWrites = splitWrites;
        this.stepOutput = stepOutput;
        this.webhooks = webhooks;
        RunnerSettings settings = RunnerSettings.read(root.resolve(".runner"));
        serverUrl = settings.serverUrl();
        agentName = settings.agentName();
        gitHubUrl = settings.gitHubUrl();
        agentId = settings.agentId();
        poolId = settings.poolId();
        settingsChars = settings.chars();
        runner = new Diag(root.resolve("_diag").resolve("Runner_" + FILE_TS.format(clock.now()) + "-utc.log"), clock, rnd, splitWrites, null);
        sessionId = uuid(rnd, 4);
        messageId = 300 + rnd.nextInt(400);
        requestId = 48_000 + rnd.nextInt(9_000);
        runs = new Runs(19_470_000_000L + rnd.nextInt(90_000_000));
        pid = 2_000 + rnd.nextInt(20_000);
    }

    @Override
    public void close() {
        runner.close();
    }

    /** From now on, tells {@code report} each status the listener reports to GitHub (its session, its jobs). */
    public void reportStatusTo(StatusReport report) {
        status = report;
    }

    public void startListener() {
        Diag r = runner;
        r.info("HostContext", "No proxy settings were found based on environmental variables (http_proxy/https_proxy/HTTP_PROXY/HTTPS_PROXY)");
        Host.configFile(r, "Credentials", ".credentials");
        Host.configFile(r, "Runner", ".runner");
        r.info("Listener", "Runner is built for Linux (X64) - linux-x64.");
        r.info("Listener", "RuntimeInformation: Ubuntu 22.04.5 LTS.");
        r.info("Listener", "Version: " + VERSION);
        r.info("Listener", "Commit: " + COMMIT);
        r.info("Listener", "Culture: en-US");
        r.info("Listener", "UI Culture: en-US");
        Host.dirs(r, "Bin", "Root");
        r.info("Listener", "Validating directory permissions for: '" + ROOT + "'");
        r.info("CommandLineParser", "Parse");
        r.info("CommandLineParser", "Parsing 1 args");
        r.info("CommandLineParser", "parsing argument");
        r.info("CommandLineParser", "HasArgs: False");
        r.info("CommandLineParser", "Adding Command: run");
        r.info("Listener", "Arguments parsed");
        r.info("Runner", "ExecuteCommand");
        Host.configurationStore(r, "Runner.Listener.dll");
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
        status.status(true, false);
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
    public void stopListener() {
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
        status.status(false, false);
    }

    public void runJob(Template t, Outcome outcome, long durationMs, int attempt) {
        Diag r = runner;
        jobNumber++;
        Job job = Job.next(t, outcome, attempt, rnd, serverUrl, runs);
        if (webhooks != null) webhooks.queued(job, jobNumber, clock.now());
        messageId += 1 + rnd.nextInt(2);
        requestId += 1 + rnd.nextInt(40); // other runners in the org take requests too
        currentRequest = requestId;
        job.received(requestId);
        String body = JobMessage.compact(job);
        r.info("MessageListener", "Message '" + messageId + "' received from session '" + sessionId + "'.");
        r.info("Runner", "Received job message of length " + body.length() + " from service, with hash '" + sha256(body) + "'");
        r.info("JobDispatcher", "Job request " + requestId + " for plan " + job.planId + " job " + job.jobId + " received.");
        r.info("JobDispatcher", "Pull OrchestrationId " + job.planId + "." + t.jobKey() + ".__default from JWT claims");
        r.info("MessageListener", "Received job status event. JobState: Busy");
        status.status(true, true);
        r.info("MessageListener", "_getMessagesTokenSource is already disposed.");
        if (previousJobId != null) r.info("JobDispatcher", "Job request " + previousJobId + " processed succeed.");
        previousJobId = job.jobId;
        r.info("Terminal", "WRITE LINE: " + UTC_U.format(clock.now()) + ": Running job: " + t.display());
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
        Host.dirs(r, "Bin");
        int workerPid = pid += 3 + rnd.nextInt(60);
        int pipe = 100 + rnd.nextInt(60);
        Host.processStart(r, ROOT + "/bin/Runner.Worker", "spawnclient " + pipe + " " + (pipe + 3), ROOT + "/bin", true, workerPid);
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
        r.info("Terminal", "WRITE LINE: " + UTC_U.format(clock.now()) + ": Job " + t.display() + " completed with result: " + result);
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
        status.status(true, false);
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
