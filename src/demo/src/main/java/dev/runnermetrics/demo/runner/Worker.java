package dev.runnermetrics.demo.runner;

import static dev.runnermetrics.demo.runner.Host.COMMIT;
import static dev.runnermetrics.demo.runner.Host.ROOT;
import static dev.runnermetrics.demo.runner.Host.VERSION;
import static dev.runnermetrics.demo.runner.Host.WORK;
import static dev.runnermetrics.demo.sim.Formats.FILE_TS;
import static dev.runnermetrics.demo.sim.Formats.isoTrimmed;
import static dev.runnermetrics.demo.sim.Formats.timeSpan;
import static dev.runnermetrics.demo.sim.Ids.sha256;
import static dev.runnermetrics.demo.sim.Ids.uuid;
import static dev.runnermetrics.demo.sim.Json.obj;

import dev.runnermetrics.demo.sim.Json;
import dev.runnermetrics.demo.steps.JobPages;
import dev.runnermetrics.demo.steps.Line;
import dev.runnermetrics.demo.steps.PagingLogger;
import dev.runnermetrics.demo.workflow.Job;
import dev.runnermetrics.demo.workflow.JobMessage;
import dev.runnermetrics.demo.workflow.Outcome;
import dev.runnermetrics.demo.workflow.Step;
import dev.runnermetrics.demo.workflow.Template;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One job's worker process (Runner.Worker: JobRunner, StepsRunner, ExecutionContext) writing its
 * _diag/Worker_*.log, and through {@link JobPages} the job's step output: set up job, each step with its result and
 * telemetry, post steps in reverse order, complete job, the queues drained.
 */
final class Worker {
    private final Listener rp;
    private final Job job;
    private final Diag w;
    private final long durationMs;
    private final Instant start;
    private String state = ""; // jobContext.Result: '' while nothing failed
    private final Set<String> ran = new HashSet<>(); // context names of main steps that ran
    private int uploads = 2; // setup and complete job logs
    private final JobPages pages; // null without step output
    private PagingLogger jobLog;  // the job's own record: every line of every step, open until the job ends

    Worker(Listener rp, Job job, long durationMs) {
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
            if (pages != null) System.err.println("DemoReplay: job " + rp.jobNumber + " '" + job.t.display() + "' (" + job.outcome
                    + ") step output: " + pages.finish());
        }
    }

    private String steps(String channelMessage) {
        Template t = job.t;
        w.info("HostContext", "No proxy settings were found based on environmental variables (http_proxy/https_proxy/HTTP_PROXY/HTTPS_PROXY)");
        Host.configFile(w, "Credentials", ".credentials");
        Host.configFile(w, "Runner", ".runner");
        w.info("Worker", "Version: " + VERSION);
        w.info("Worker", "Commit: " + COMMIT);
        w.info("Worker", "Culture: en-US");
        w.info("Worker", "UI Culture: en-US");
        w.info("Worker", "Waiting to receive the job message from the channel.");
        w.info("ProcessChannel", "Receiving message of length " + channelMessage.length() + ", with hash '" + sha256(channelMessage) + "'");
        w.info("Worker", "Message received.");
        w.info("Worker", "Job message:\n " + Json.pretty(JobMessage.of(job)));
        w.info("JobRunner", "Job ID " + job.jobId);
        w.info("JobRunner", "Creating job server with URL: " + rp.serverUrl);
        w.info("JobServerQueue", "Start process web console line queue.");
        w.info("JobServerQueue", "Start process file upload queue.");
        w.info("JobServerQueue", "Start process timeline update queue.");
        w.info("ExecutionContext", "Initializing Job context");
        if (pages != null) jobLog = pages.createLogger(job.jobId, null); // PagingLogger.Initialize creates pages/ and blocks/
        Host.configurationStore(w, "Runner.Worker.dll");
        w.info("ConfigurationStore", "Read setting file: " + rp.settingsChars + " chars");
        w.info("ExecutionContext", "Initialize GitHub context");
        w.info("ExecutionContext", "Initialize Env context");
        Host.dirs(w, "Bin", "Root", "Diag");
        w.info("JobRunner", "Starting the job execution context.");
        Host.dirs(w, "Bin", "Root", "Work");
        w.info("JobRunner", "Validating directory permissions for: '" + WORK + "'");
        Host.dirs(w, "Bin", "Root", "Work", "Tools", "Bin", "Root", "Work", "Temp");
        w.info("JobRunner", "Getting job extension.");
        w.info("JobRunner", "Initialize job. Getting all job steps.");
        PagingLogger setupLog = pages == null ? null : pages.createLogger(job.setupRecordId, jobLog);
        if (setupLog != null) pages.setUpJobStart(setupLog);
        Host.dirs(w, "Bin", "Root", "Work");
        w.info("PipelineDirectoryManager", "Loading tracking config if exists: " + WORK + "/_PipelineMapping/" + t.repo() + "/PipelineFolder.json");
        w.info("PipelineDirectoryManager", "Updating job run properties.");
        w.info("JobExtension", "Downloading actions");
        if (setupLog != null) pages.setUpJobActions(setupLog);
        w.info("Worker", "Listening for cancel message from the channel.");
        w.info("Worker", "Waiting for the job to complete or for a cancel message from the channel.");
        w.info("JobServerQueue", "Job timeline record has been updated for the first time.");
        for (Step s : job.steps) {
            if (s.action() != null) loadAction(s);
        }
        w.info("JobExtension", "Total accessible running process: " + (140 + rp.rnd.nextInt(60)) + ".");
        sleep(600 + rp.rnd.nextInt(900));
        if (setupLog != null) pages.write(setupLog, "Complete job name: " + t.display());
        telemetry(obj("action", "setup_job", "type", "runner", "stage", "Pre", "stepId", job.setupRecordId,
                "result", "succeeded", "errorMessages", List.of()), start, rp.clock.now());
        if (setupLog != null) pages.end(setupLog);
        w.info("JobRunner", "Total job steps: " + job.steps.size() + ".");
        w.info("JobRunner", "Run all job steps.");

        // Actions take a second or two; the scripts share whatever is left of the job's duration.
        long left = durationMs - Duration.between(start, rp.clock.now()).toMillis() - 1500;
        long actionMs = Math.max(300, Math.min(1800, left / 8));
        long scripts = job.steps.stream().filter(s -> s.script() != null).count();
        long scriptMs = Math.max(500, (left - actionMs * (job.steps.size() - scripts + 1)) / Math.max(1, scripts));
        List<Step> all = new ArrayList<>(job.steps);
        // Post steps run in reverse order of their main steps (the runner keeps them on a stack).
        for (int i = job.steps.size() - 1; i >= 0; i--) {
            Step main = job.steps.get(i);
            if (main.action() != null && hasPost(main.action())) {
                all.add(main.postStep(uuid(rp.rnd, 4)));
            }
        }
        boolean first = true;
        for (Step s : all) {
            long ms = s.script() != null ? scriptMs * (80 + rp.rnd.nextInt(41)) / 100 : actionMs / 2 + rp.rnd.nextInt((int) actionMs);
            runStep(s, ms, first);
            first = false;
        }

        w.info("JobRunner", "Finalize job.");
        Host.dirs(w, "Bin", "Root", "Diag", "Bin", "Root", "Diag");
        w.info("JobExtension", "Initialize Env context");
        w.info("JobExtension", "Initialize steps context");
        w.info("JobExtension", "Total accessible running process: " + (140 + rp.rnd.nextInt(60)) + ".");
        Instant completeStart = rp.clock.now();
        String node20 = "Node.js 20 actions are deprecated. The following actions are running on Node.js 20 and may not work as expected: "
                + String.join(", ", job.steps.stream().filter(s -> s.action() != null).map(s -> s.action() + "@" + s.ref()).distinct().toList())
                + ". Actions will be forced to run with Node.js 24 by default starting June 2nd, 2026. Node.js 20 will be removed from the runner on September 16th, 2026.";
        PagingLogger completeLog = pages == null ? null : pages.createLogger(job.completeRecordId, jobLog);
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
        Host.dirs(w, "Bin", "Root", "Diag");
        w.info("HostContext", "Well known config file 'Telemetry': '" + ROOT + "/_diag/.telemetry'");
        w.info("JobRunner", "Raising job completed event");
        if (job.outcome != Outcome.CANCELED) w.info("Worker", "Job completed."); // a cancelled worker logged "Cancellation/Shutdown message received." instead
        sleep(150 + rp.rnd.nextInt(250));
        return result;
    }

    void loadAction(Step s) {
        Host.dirs(w, "Bin", "Root", "Work", "Actions");
        w.info("ActionManager", "Load action that reference repository from '" + WORK + "/_actions/" + s.action() + "/" + s.ref() + "'");
        w.info("ActionManager", "Action pre node.js file: N/A.");
        w.info("ActionManager", "Action node.js file: dist/index.js.");
        w.info("ActionManager", "Action post node.js file: " + (s.action().equals("actions/checkout") ? "dist/index.js."
                : hasPost(s.action()) ? "dist/save/index.js." : "N/A."));
    }

    void runStep(Step s, long ms, boolean first) {
        if (s.post() && !ran.contains(s.contextName())) {
            return; // a post step is only registered when its main step ran
        }
        w.info("StepsRunner", "Processing step: DisplayName='" + s.display() + "'");
        // actions/checkout cleans up always(); actions/cache saves only after success() (post-if in its action.yml).
        String condition = s.post() ? (s.action().equals("actions/checkout") ? "always()" : "success()") : "success()";
        boolean run = (s.post() && condition.equals("always()")) || state.isEmpty();
        w.info("StepsRunner", "Evaluating: " + condition);
        w.info("StepsRunner", "Result: " + (run ? "true" : "false"));
        if (!run) {
            w.info("StepsRunner", "Skipping step due to condition evaluation.");
            w.info("StepsRunner", "No need for updating job result with current step result 'Skipped'.");
            w.info("StepsRunner", "Current state: job state = '" + state + "'");
            return;
        }
        Instant stepStart = rp.clock.now();
        if (!s.post()) ran.add(s.contextName());
        w.info("StepsRunner", "Starting the step.");
        String cwd = WORK + "/" + job.t.repoName() + "/" + job.t.repoName();
        if (s.action() != null) {
            Host.dirs(w, "Bin", "Root", "Work", "Actions");
            w.info("ActionManager", "Load action that reference repository from '" + WORK + "/_actions/" + s.action() + "/" + s.ref() + "'");
        }
        if (first) {
            w.info("ExecutionContext", "Reserve record order " + (job.steps.size() + 2) + " to " + (2 * (job.steps.size() + 1)) + " for post job actions.");
            Host.dirs(w, "Bin", "Root", "Work", "Temp");
            w.info("ExecutionContext", "Write event payload to " + WORK + "/_temp/_github_workflow/event.json");
        }
        boolean fails = !s.post() && s.failsWhen(job.outcome);
        // The step's own PagingLogger; every line also goes to the job's (ExecutionContext.Write).
        PagingLogger stepLog = pages == null ? null : pages.createLogger(s.id(), jobLog);
        List<Line> body = stepLog == null ? List.of() : pages.actionDetails(stepLog, s, fails);
        int written = 0;
        int stepPid = rp.pid += 1 + rp.rnd.nextInt(25);
        if (s.action() != null) {
            Host.processStart(w, ROOT + "/externals/node20/bin/node", "\"" + WORK + "/_actions/" + s.action() + "/" + s.ref() + "/dist/index.js\"", cwd, false, stepPid);
        } else {
            Host.processStart(w, "/usr/bin/bash", "-e " + WORK + "/_temp/" + uuid(rp.rnd, 4) + ".sh", cwd, false, stepPid);
        }

        // The server cancels the job in its last script step, half-way through.
        boolean cancelHere = job.outcome == Outcome.CANCELED && s.lastScript() && !s.post() && !job.cancelled();
        long spent = 0;
        long until = cancelHere ? ms / 2 : ms;
        while (spent < until) {
            long slice = Math.min(until - spent, 900 + rp.rnd.nextInt(1200));
            sleep(slice);
            spent += slice;
            if (stepLog != null) written = pages.write(stepLog, body, written, (int) (body.size() * Math.min(spent, ms) / Math.max(1, ms)));
            console(s.id());
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
            job.cancel();
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
                if (s.continueOnError()) {
                    w.info("ExecutionContext", "Updated step result (continue on error)");
                    stepResult = "Succeeded";
                }
            }
        }
        w.info("StepsRunner", "Step result: " + (stepResult == null ? "" : stepResult));
        uploads++;
        Map<String, Object> tel = new LinkedHashMap<>();
        if (s.action() != null) {
            tel.put("action", s.action());
            tel.put("ref", s.ref());
            tel.put("type", "node20");
        } else {
            tel.put("action", "bash");
            tel.put("type", "run");
        }
        tel.put("stage", s.post() ? "Post" : "Main");
        tel.put("stepId", s.id());
        if (!s.post()) tel.put("stepContextName", s.contextName());
        if (s.action() != null && !s.post()) {
            tel.put("hasPreStep", false);
            tel.put("hasPostStep", hasPost(s.action()));
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

    /** Actions whose action.yml has a post step (the demo's setup-* actions are modelled without their cache-save post). */
    static boolean hasPost(String action) {
        return action.equals("actions/checkout") || action.equals("actions/cache");
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
