package dev.runnermetrics.demo.steps;

import dev.runnermetrics.demo.sim.Clock;
import dev.runnermetrics.demo.workflow.Job;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;


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
public final class StepOutput {
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

    final Random rnd;
    /** Cache restores written, by cache type: {hits, partials, misses}. */
    final Map<String, long[]> truth = new TreeMap<>();
    int pages, blocks;
    /** Cache keys that exist in the cache service (actions/cache and the setup-* caches), as far as the replay knows. */
    private final Map<String, Boolean> known = new HashMap<>();

    /** @param rnd its own generator, so the _diag logs of a seed stay as they were without step output */
    public StepOutput(Random rnd) {
        this.rnd = rnd;
    }

    public JobPages job(Path diag, Clock clock, Job job, Instant workerStart, String runnerName) {
        return new JobPages(this, diag, clock, job, workerStart, runnerName);
    }

    /** What the replay wrote so far, e.g. "31 pages (31 blocks), cache restores apt hit=3 partial=0 miss=2". */
    public String total() {
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

    /** A cache saved under this key (a post step, or a setup action's save that the demo does not show). */
    void save(String key) {
        known.put(key, true);
    }
}
