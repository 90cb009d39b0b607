package dev.runnermetrics.demo.steps;

import static dev.runnermetrics.demo.sim.Ids.hexOf;
import static dev.runnermetrics.demo.sim.Installation.VERSION;
import static dev.runnermetrics.demo.sim.Installation.WORK;

import dev.runnermetrics.demo.sim.Clock;
import dev.runnermetrics.demo.workflow.Job;
import dev.runnermetrics.demo.workflow.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One job's step output: a {@link PagingLogger} per timeline record, the upload queue that deletes closed pages, and
 * the cache restores written (counted once, although each is in two pages). What the steps print comes from
 * {@link ActionOutput} and {@link ScriptOutput}.
 */
public final class JobPages {
    private final StepOutput owner;
    final Path pagesDir, blocksDir;
    final Clock clock;
    final Job job;
    final Instant workerStart;
    final String runnerName;
    final String workspace;
    final Map<String, long[]> jobTruth = new TreeMap<>();
    int pages, blocks;
    private record Upload(Path page, Instant due, Instant tick) {
    }
    private final List<Upload> uploads = new ArrayList<>();
    private final ActionOutput actions;
    private final ScriptOutput scripts;

    JobPages(StepOutput owner, Path diag, Clock clock, Job job, Instant workerStart, String runnerName) {
        this.owner = owner;
        this.pagesDir = diag.resolve("pages");
        this.blocksDir = diag.resolve("blocks");
        this.clock = clock;
        this.job = job;
        this.workerStart = workerStart;
        this.runnerName = runnerName;
        this.workspace = WORK + "/" + job.t.repoName() + "/" + job.t.repoName();
        this.actions = new ActionOutput(owner, job, workspace);
        this.scripts = new ScriptOutput(owner, job, workspace, actions);
    }

    public PagingLogger createLogger(String record, PagingLogger parent) {
        try { // PagingLogger.Initialize
            Files.createDirectories(pagesDir);
            Files.createDirectories(blocksDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PagingLogger(this, record, parent);
    }

    /** ExecutionContext.Write: the record's own log, then the job's. */
    public void write(PagingLogger log, String message) {
        log.write(message);
        if (log.parent != null) log.parent.write(message);
    }

    /** Writes body[from, to) and returns to; restores are counted here, once. */
    public int write(PagingLogger log, List<Line> body, int from, int to) {
        for (int i = from; i < Math.min(to, body.size()); i++) {
            Line line = body.get(i);
            write(log, line.text());
            if (line.cacheType() != null) {
                for (Map<String, long[]> m : List.of(jobTruth, owner.truth)) {
                    m.computeIfAbsent(line.cacheType(), k -> new long[StepOutput.RESULTS.size()])[line.result()]++;
                }
            }
        }
        return Math.max(from, Math.min(to, body.size()));
    }

    public void end(PagingLogger log) {
        log.end();
    }

    /** The upload loop wakes every second (from the worker's start); each upload takes a moment, then the page goes. */
    void queueUpload(Path page) {
        Instant now = clock.now();
        long sinceStart = Math.max(0, Duration.between(workerStart, now).toMillis());
        Instant tick = workerStart.plusMillis((sinceStart / 1000 + 1) * 1000);
        Upload last = uploads.isEmpty() ? null : uploads.get(uploads.size() - 1);
        Instant after = last != null && last.tick().equals(tick) ? last.due() : tick;
        uploads.add(new Upload(page, after.plusMillis(80 + owner.rnd.nextInt(320)), tick));
    }

    public Instant nextUpload() {
        return uploads.isEmpty() ? null : uploads.get(0).due();
    }

    public void uploadDue(Instant now) {
        while (!uploads.isEmpty() && !uploads.get(0).due().isAfter(now)) {
            BufferedFile.delete(uploads.remove(0).page());
        }
    }

    public void uploadAll() {
        uploads.forEach(u -> BufferedFile.delete(u.page()));
        uploads.clear();
    }

    /** Adds this job's files to the replay's totals and says what the job wrote. */
    public String finish() {
        owner.pages += pages;
        owner.blocks += blocks;
        return pages + " pages (" + blocks + " blocks), cache restores " + StepOutput.format(jobTruth);
    }

    /** JobExtension.InitializeJob, up to "Prepare workflow directory". */
    public void setUpJobStart(PagingLogger log) {
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
    public void setUpJobActions(PagingLogger log) {
        write(log, "Prepare all required actions");
        write(log, "Getting action download info");
        job.steps.stream().filter(s -> s.action() != null).map(s -> s.action() + "@" + s.ref()).distinct()
                .forEach(a -> write(log, "Download action repository '" + a + "' (SHA:" + hexOf(a) + ")"));
    }

    /** Writes what the handler prints before the step's process starts; returns the step's own output. */
    public List<Line> actionDetails(PagingLogger log, Step s, boolean fails) {
        if (s.post()) {
            write(log, "Post job cleanup.");
            return s.action().equals("actions/cache") ? actions.postCache(s) : actions.postCheckout();
        }
        if (s.script() != null) {
            String[] lines = s.script().split("\n");
            write(log, "##[group]Run " + lines[0]);
            for (String l : lines) write(log, StepOutput.CYAN + l + StepOutput.RESET);
            write(log, "shell: /usr/bin/bash -e {0}");
            write(log, "##[endgroup]");
            return scripts.script(s, fails);
        }
        write(log, "##[group]Run " + s.action() + "@" + s.ref());
        List<String> inputs = actions.inputs(s);
        if (!inputs.isEmpty()) {
            write(log, "with:");
            inputs.forEach(i -> write(log, "  " + i));
        }
        write(log, "##[endgroup]");
        return switch (s.action()) {
            case "actions/checkout" -> actions.checkout();
            case "actions/setup-node" -> actions.setupNode();
            case "actions/setup-java" -> actions.setupJava();
            case "actions/cache" -> actions.cache(s);
            default -> List.of();
        };
    }
}
