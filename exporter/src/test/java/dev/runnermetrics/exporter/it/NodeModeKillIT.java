package dev.runnermetrics.exporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.testing.RunnerDir;
import dev.runnermetrics.testkit.exposition.Exposition;
import dev.runnermetrics.testkit.process.ExporterProcess;
import dev.runnermetrics.testkit.prometheus.Promtool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node mode as a real process on a folder tree laid out as the kubelet lays it out, killed with SIGKILL at several
 * points (while pods run, right after a pod's deletion, right after the save that let a pod go): the job counts per
 * runner type must equal the jobs the pods ran, exactly, after every restart.
 */
class NodeModeKillIT {

    private static final String TYPE = "standard";
    private static final String VOLUME = "runner-diag";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private final List<ExporterProcess> started = new ArrayList<>();
    private final Map<String, Long> truth = new TreeMap<>();
    private final Map<String, Instant> next = new TreeMap<>();
    private final Map<String, RunnerDir> pods = new TreeMap<>();
    private int jobIds;

    @AfterEach
    void tearDown() {
        started.forEach(ExporterProcess::close);
    }

    @Test
    void jobCountsPerRunnerTypeSurviveKillNineAtEveryPointOfAPodsLife() throws Exception {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        ExporterProcess exporter = start();
        pod("uid-a", base);
        pod("uid-b", base);
        jobs("uid-a", 3, "Succeeded");
        jobs("uid-b", 2, "Failed");
        exporter = awaitCountsAndSave(exporter);

        // Kill 1: pods running, nothing gone yet.
        exporter.kill();
        jobs("uid-b", 1, "Succeeded"); // while down
        exporter = start();
        awaitCounts(exporter, "restart after kill 1");

        // Kill 2: right after a pod's deletion, before the exporter could let it go and save.
        exporter = awaitCountsAndSave(exporter);
        deletePod("uid-a");
        exporter.kill();
        exporter = start();
        awaitCounts(exporter, "restart after a kill right after uid-a was deleted");
        assertFalse(exporter.scrape().contains("uid-a"), "a deleted pod has no series");

        // Kill 3: after the save that let a pod go (its counts now in the type's totals).
        pod("uid-c", base.plusSeconds(300));
        jobs("uid-c", 2, "Canceled");
        exporter = awaitCountsAndSave(exporter);
        deletePod("uid-b");
        awaitScrape(exporter, s -> !s.contains("uid-b"), "uid-b let go");
        await(() -> !Files.readString(stateFile()).contains("uid-b") && savedJobs() == total(),
                "the save that lets uid-b go");
        exporter.kill();
        exporter = start();
        awaitCounts(exporter, "restart after the save that let uid-b go");
        // Per-type counters (gone pods' totals and a live pod's, added up) beside a live pod's gauges: lint-clean.
        String mixed = exporter.scrape();
        assertTrue(mixed.contains("runner_name=\"uid-c\""), "the live pod's gauges");
        Promtool.checkMetrics(mixed, tmp).assertSuccess("");

        // Kill 4: a pod that came, ran and was deleted while the exporter was down after reading it once.
        pod("uid-d", base.plusSeconds(400));
        jobs("uid-d", 1, "Succeeded");
        exporter = awaitCountsAndSave(exporter);
        exporter.kill();
        deletePod("uid-d");
        deletePod("uid-c");
        exporter = start();
        awaitCounts(exporter, "restart after pods went while down");
        assertFalse(exporter.scrape().contains("runner_name"), "no pod left: no per-pod series");

        // And a graceful restart neither loses nor doubles them.
        exporter.close();
        exporter = start();
        awaitCounts(exporter, "graceful restart");
        assertEquals(9L, total());
    }

    @Test
    void aPodsLastJobIsCountedOnceWhetherThePodIsDeletedAfterItsResultMidJobOrWhileTheExporterIsDown()
            throws Exception {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        ExporterProcess exporter = start();

        // Its result written, the pod deleted at once (as the kubelet does once the runner exits).
        Path worker = running(exporter, "uid-m", "M1", base);
        jobEnds("uid-m", worker, "M1", "Failed");
        deletePod("uid-m");
        truth.merge("failure", 1L, Long::sum);
        exporter = awaitCountsAndSave(exporter);
        await(() -> !Files.readString(stateFile()).contains("uid-m"), "the save that lets uid-m go");
        exporter.kill();
        exporter = start();
        awaitCounts(exporter, "restart after a pod deleted right after its result");

        // Deleted in the middle of its job (drain, eviction, OOM): no result will come.
        running(exporter, "uid-n", "N1", base);
        deletePod("uid-n");
        truth.merge("abandoned", 1L, Long::sum);
        exporter = awaitCountsAndSave(exporter);
        exporter.kill();
        exporter = start();
        awaitCounts(exporter, "restart after a pod deleted mid-job");

        // Seen running and saved, then its last lines written and the pod deleted while the exporter is down: the
        // logs went with it, so the saved open job is counted, as abandoned, once.
        worker = running(exporter, "uid-o", "O1", base);
        exporter.kill();
        jobEnds("uid-o", worker, "O1", "Succeeded");
        deletePod("uid-o");
        truth.merge("abandoned", 1L, Long::sum);
        exporter = start();
        awaitCounts(exporter, "restart after a pod with a running job went while down");
        exporter.close();
        exporter = start();
        awaitCounts(exporter, "graceful restart");
    }

    /** A pod whose runner runs job {@code id}, once the exporter has seen it running and saved it so. */
    private Path running(ExporterProcess exporter, String uid, String id, Instant base) throws Exception {
        pod(uid, base);
        Instant t = next.get(uid);
        pods.get(uid).jobReceived(t, id, "build");
        Path worker = pods.get(uid).worker(t.plusSeconds(1), null, id, "build", "acme/app", "Succeeded");
        awaitScrape(exporter, s -> Exposition.parse(s).stream().anyMatch(x -> x.name().equals("github_runner_busy")
                && uid.equals(x.labels().get("runner_name")) && x.value() == 1), uid + " busy");
        await(() -> Files.exists(stateFile()) && Files.readString(stateFile()).contains("\"" + id + "\""),
                "a save with " + id + " open");
        return worker;
    }

    /** The job's last lines: its Worker log's result, then the listener's. */
    private void jobEnds(String uid, Path worker, String id, String result) throws IOException {
        Instant end = next.get(uid).plusSeconds(20);
        Files.writeString(worker, "[" + RunnerDir.stamp(end) + " INFO JobRunner] Job result after all job steps "
                + "finish: " + result + "\n[" + RunnerDir.stamp(end) + " INFO Worker] Job completed.\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        pods.get(uid).jobFinished(end.plusSeconds(1), id, "build", result);
    }

    private ExporterProcess start() throws IOException, InterruptedException {
        ExporterProcess p = ExporterProcess.start(Map.of(
                "RUNNER_DISCOVERY", "kubelet",
                "KUBERNETES_API", "off",
                "KUBELET_PODS_DIR", podsDir().toString(),
                "RUNNER_TYPE", TYPE,
                "STATE_DIR", tmp.resolve("state").toString(),
                "RUNNER_METRICS_STATE_SAVE_INTERVAL", "1s"), tmp.resolve("exporter.log"));
        started.add(p);
        return p;
    }

    private Path podsDir() throws IOException {
        return Files.createDirectories(tmp.resolve("kubelet/pods"));
    }

    private Path stateFile() {
        return tmp.resolve("state/state.json");
    }

    private void pod(String uid, Instant start) throws IOException {
        Path pod = podsDir().resolve(uid);
        Files.createDirectories(pod.resolve("volumes/kubernetes.io~projected/kube-api-access-x"));
        RunnerDir dir = RunnerDir.diagIn(Files.createDirectories(
                pod.resolve("volumes/kubernetes.io~empty-dir").resolve(VOLUME)));
        dir.listenerStarts(start, "2.333.1");
        pods.put(uid, dir);
        next.put(uid, start.plusSeconds(5));
    }

    private void jobs(String uid, int n, String result) {
        RunnerDir dir = pods.get(uid);
        for (int i = 0; i < n; i++) {
            Instant t = next.get(uid);
            String id = "J" + jobIds++;
            dir.jobReceived(t, id, "build");
            dir.worker(t.plusSeconds(1), t.plusSeconds(20), id, "build", "acme/app", result);
            dir.jobFinished(t.plusSeconds(21), id, "build", result);
            next.put(uid, t.plusSeconds(30));
            truth.merge(switch (result) {
                case "Succeeded" -> "success";
                case "Failed" -> "failure";
                default -> "cancelled";
            }, 1L, Long::sum);
        }
    }

    private void deletePod(String uid) throws IOException {
        try (Stream<Path> files = Files.walk(podsDir().resolve(uid))) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        pods.remove(uid);
    }

    /** Jobs per result of the one type, as {@code sum by (runner_type, result)} sees them. */
    private static Map<String, Long> counts(String scrape) {
        Map<String, Long> counts = new TreeMap<>();
        for (Exposition.Sample s : Exposition.parse(scrape)) {
            if (s.name().equals("github_runner_jobs_total") && s.value() > 0) {
                assertEquals(TYPE, s.labels().get("runner_type"));
                assertFalse(s.labels().containsKey("runner_name"), "job counts are per type: " + s.labels());
                counts.merge(s.labels().get("result"), (long) s.value(), Long::sum);
            }
        }
        return counts;
    }

    private void awaitCounts(ExporterProcess exporter, String when) throws Exception {
        String scrape = exporter.awaitScrape(s -> counts(s).equals(truth), WAIT);
        assertEquals(truth, counts(scrape), when);
        // Settled: a second look a save interval later shows the same (nothing counted twice late).
        Thread.sleep(1_500);
        assertEquals(truth, counts(exporter.scrape()), when + ", settled");
    }

    /** Waits until the counts are exact and the state file holds every job. */
    private ExporterProcess awaitCountsAndSave(ExporterProcess exporter) throws Exception {
        awaitCounts(exporter, "before a kill");
        await(() -> savedJobs() == total(), "a state save holding every job");
        return exporter;
    }

    private long total() {
        return truth.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The jobs the state file holds: its runners' job series and the gone runners' totals. */
    private long savedJobs() throws IOException {
        if (!Files.exists(stateFile())) {
            return -1;
        }
        String json = Files.readString(stateFile());
        long n = 0;
        Matcher m = Pattern.compile("\"jobs\":(\\d+)").matcher(json);
        while (m.find()) {
            n += Long.parseLong(m.group(1));
        }
        Matcher g = Pattern.compile("\"family\":\"github_runner_jobs\",\"labels\":\\{[^}]*\\},\"value\":([0-9.E]+)")
                .matcher(json);
        while (g.find()) {
            n += (long) Double.parseDouble(g.group(1));
        }
        return n;
    }

    private void awaitScrape(ExporterProcess exporter, Predicate<String> condition, String what)
            throws Exception {
        assertTrue(condition.test(exporter.awaitScrape(condition, WAIT)), what);
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(Check check, String what) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (!check.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
