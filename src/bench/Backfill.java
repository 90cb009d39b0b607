import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.MetricSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

/**
 * OpenMetrics input for {@code promtool tsdb create-blocks-from openmetrics}: what Prometheus would have scraped from
 * RUNNERS exporters (one per runner, job="github-runners") every INTERVAL seconds over DAYS days ending at END (Unix
 * seconds). Names, types, labels and buckets come from the catalogue. The figures are simulated with a fixed seed:
 * jobs arrive at 6/h per runner on weekday working hours (08-18 UTC) and 1/h otherwise, run one at a time with
 * log-normal durations (median 6 min), 86% succeed, 9% fail, 4% are cancelled, 1% abandoned; each job restores two
 * caches (80% hits); each listener restarts once a day; five repositories deploy to production about 3 times a day.
 * The scrapes begin WARMUP before START, as on a Prometheus that was running before the range: the recording rules
 * evaluated from START find each series' earlier samples (a series without any counts as new).
 *
 * Usage: java -cp CATALOGUE_JAR Backfill.java OUT_DIR RUNNERS DAYS INTERVAL END
 * Writes one file per day, OUT_DIR/day-N.om (N from 0): promtool holds a whole input in memory and parses on one
 * core, so the suite backfills the days separately, two at a time.
 */
public class Backfill {

    static final String[] RESULTS = {"success", "failure", "cancelled", "abandoned", "skipped"};
    static final String[] DURATION_RESULTS = {"success", "failure", "cancelled"};
    static final String[] TYPES = {"standard", "chrome", "chrome-go"};
    static final String[] CACHES = {"actions_cache", "setup_node", "setup_java", "buildkit", "apt"};
    static final String[] REPOS = {"acme/api", "acme/web", "acme/mobile", "acme/infra", "acme/docs"};

    /** {@code queued}: seconds from the job's arrival to its start (it waits while the runner is busy). */
    record Job(long start, long end, int result, int cacheA, int cacheB, boolean hitA, boolean hitB, long queued) {
    }

    record Deploy(long time, boolean success, double leadTime) {
    }

    /** Seconds scraped before the range. */
    static final long WARMUP = 3600;

    static long start;
    static long end;
    static int interval;
    static BufferedWriter[] outs;

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int runners = Integer.parseInt(args[1]);
        int days = Integer.parseInt(args[2]);
        interval = Integer.parseInt(args[3]);
        end = Long.parseLong(args[4]) / interval * interval;
        start = end - days * 86400L;
        Random random = new Random(42);
        List<List<Job>> jobs = new ArrayList<>();
        long[] restartOffset = new long[runners];
        for (int r = 0; r < runners; r++) {
            jobs.add(simulate(random));
            restartOffset[r] = random.nextInt(86400);
        }
        String[] cacheTypes = new String[runners * 2];
        for (int r = 0; r < runners; r++) {
            cacheTypes[2 * r] = CACHES[r % CACHES.length];
            cacheTypes[2 * r + 1] = CACHES[(r + 2) % CACHES.length];
        }
        long samples = 0;
        Files.createDirectories(dir);
        outs = new BufferedWriter[days];
        for (int d = 0; d < days; d++) {
            outs[d] = new BufferedWriter(Files.newBufferedWriter(dir.resolve("day-" + d + ".om")), 1 << 20);
        }
        {
            family(Catalogue.SOURCE_UP);
            for (int r = 0; r < runners; r++) {
                for (String source : new String[] {"runner_log", "worker_log"}) {
                    samples += series(Catalogue.SOURCE_UP.series(), runner(r) + ",source=\"" + source + "\"", t -> 1);
                }
            }
            family(Catalogue.RUNNER_STATUS);
            for (int r = 0; r < runners; r++) {
                int rr = r;
                // every 17th runner is offline for three hours on the middle day
                samples += series(Catalogue.RUNNER_STATUS.series(), runner(r), t -> rr % 17 == 0
                        && t >= start + days * 43200L && t < start + days * 43200L + 10800 ? 0 : 1);
            }
            family(Catalogue.RUNNER_BUSY);
            for (int r = 0; r < runners; r++) {
                List<Job> js = jobs.get(r);
                int[] at = {0};
                samples += series(Catalogue.RUNNER_BUSY.series(), runner(r), t -> {
                    while (at[0] < js.size() && js.get(at[0]).end <= t) {
                        at[0]++;
                    }
                    return at[0] < js.size() && js.get(at[0]).start <= t ? 1 : 0;
                });
            }
            family(Catalogue.RUNNER_INFO);
            for (int r = 0; r < runners; r++) {
                samples += series(Catalogue.RUNNER_INFO.series(),
                        runner(r) + ",version=\"2.321.0\",os=\"Linux\",arch=\"X64\"", t -> 1);
            }
            family(Catalogue.RUNNER_UPTIME);
            for (int r = 0; r < runners; r++) {
                long offset = restartOffset[r];
                samples += series(Catalogue.RUNNER_UPTIME.series(), runner(r), t -> Math.floorMod(t - offset, 86400));
            }
            family(Catalogue.JOBS);
            for (int r = 0; r < runners; r++) {
                for (int res = 0; res < RESULTS.length; res++) {
                    samples += counting(Catalogue.JOBS.series(), runner(r) + ",result=\"" + RESULTS[res] + "\"",
                            jobs.get(r), res, j -> 1);
                }
            }
            family(Catalogue.JOB_DURATION);
            MetricSpec d = Catalogue.JOB_DURATION;
            for (int r = 0; r < runners; r++) {
                for (int res = 0; res < DURATION_RESULTS.length; res++) {
                    String labels = runner(r) + ",result=\"" + DURATION_RESULTS[res] + "\"";
                    for (double le : d.buckets()) {
                        samples += counting(d.bucket(), labels + ",le=\"" + number(le) + "\"", jobs.get(r), res,
                                j -> j.end - j.start <= le ? 1 : 0);
                    }
                    samples += counting(d.bucket(), labels + ",le=\"+Inf\"", jobs.get(r), res, j -> 1);
                    samples += counting(d.sum(), labels, jobs.get(r), res, j -> j.end - j.start);
                    samples += counting(d.count(), labels, jobs.get(r), res, j -> 1);
                }
            }
            family(Catalogue.LAST_JOB_COMPLETED);
            for (int r = 0; r < runners; r++) {
                List<Job> js = jobs.get(r);
                int[] at = {0};
                samples += series(Catalogue.LAST_JOB_COMPLETED.series(), runner(r), t -> {
                    while (at[0] < js.size() && js.get(at[0]).end <= t) {
                        at[0]++;
                    }
                    return at[0] == 0 ? start - 600 : js.get(at[0] - 1).end;
                });
            }
            family(Catalogue.CACHE_REQUESTS);
            for (int r = 0; r < runners; r++) {
                for (int c = 0; c < 2; c++) {
                    for (boolean hit : new boolean[] {true, false}) {
                        int cc = c;
                        String labels = runner(r) + ",cache_type=\"" + cacheTypes[2 * r + c] + "\",result=\""
                                + (hit ? "hit" : "miss") + "\"";
                        samples += counting(Catalogue.CACHE_REQUESTS.series(), labels, jobs.get(r), -1,
                                j -> (cc == 0 ? j.hitA : j.hitB) == hit ? 1 : 0);
                    }
                }
            }
            List<List<Deploy>> deploys = new ArrayList<>();
            for (int i = 0; i < REPOS.length; i++) {
                deploys.add(deploys(random));
            }
            family(Catalogue.DEPLOYMENTS);
            for (int i = 0; i < REPOS.length; i++) {
                for (boolean ok : new boolean[] {true, false}) {
                    List<Deploy> ds = deploys.get(i);
                    samples += cumulative(Catalogue.DEPLOYMENTS.series(), deployLabels(i) + ",result=\""
                            + (ok ? "success" : "failure") + "\"", ds.size(), k -> ds.get(k).time,
                            k -> ds.get(k).success == ok ? 1 : 0);
                }
            }
            family(Catalogue.DEPLOYMENT_LEAD_TIME);
            MetricSpec lt = Catalogue.DEPLOYMENT_LEAD_TIME;
            for (int i = 0; i < REPOS.length; i++) {
                List<Deploy> ds = deploys.get(i).stream().filter(Deploy::success).toList();
                String labels = deployLabels(i);
                for (double le : lt.buckets()) {
                    samples += cumulative(lt.bucket(), labels + ",le=\"" + number(le) + "\"", ds.size(),
                            k -> ds.get(k).time, k -> ds.get(k).leadTime <= le ? 1 : 0);
                }
                samples += cumulative(lt.bucket(), labels + ",le=\"+Inf\"", ds.size(), k -> ds.get(k).time, k -> 1);
                samples += cumulative(lt.sum(), labels, ds.size(), k -> ds.get(k).time, k -> ds.get(k).leadTime);
                samples += cumulative(lt.count(), labels, ds.size(), k -> ds.get(k).time, k -> 1);
            }
            family(Catalogue.DEPLOYMENT_TIME_TO_RESTORE);
            MetricSpec ttr = Catalogue.DEPLOYMENT_TIME_TO_RESTORE;
            for (int i = 0; i < REPOS.length; i++) {
                List<long[]> restores = restores(deploys.get(i)); // {restored at, seconds since the failure}
                String labels = deployLabels(i);
                for (double le : ttr.buckets()) {
                    samples += cumulative(ttr.bucket(), labels + ",le=\"" + number(le) + "\"", restores.size(),
                            k -> restores.get(k)[0], k -> restores.get(k)[1] <= le ? 1 : 0);
                }
                samples += cumulative(ttr.bucket(), labels + ",le=\"+Inf\"", restores.size(),
                        k -> restores.get(k)[0], k -> 1);
                samples += cumulative(ttr.sum(), labels, restores.size(), k -> restores.get(k)[0],
                        k -> restores.get(k)[1]);
                samples += cumulative(ttr.count(), labels, restores.size(), k -> restores.get(k)[0], k -> 1);
            }
            // GitHub's view from a webhook hub: each job's queue time (on the runner that took it), jobs waiting now,
            // and the deliveries behind them (queued, in_progress, completed per job; one per deployment).
            family(Catalogue.QUEUE_TIME);
            MetricSpec qt = Catalogue.QUEUE_TIME;
            for (int r = 0; r < runners; r++) {
                String labels = hubRunner(r) + ",runner_group=\"default\"";
                List<Job> js = jobs.get(r);
                for (double le : qt.buckets()) {
                    samples += cumulative(qt.bucket(), labels + ",le=\"" + number(le) + "\"", js.size(),
                            k -> js.get(k).start, k -> js.get(k).queued <= le ? 1 : 0);
                }
                samples += cumulative(qt.bucket(), labels + ",le=\"+Inf\"", js.size(), k -> js.get(k).start, k -> 1);
                samples += cumulative(qt.sum(), labels, js.size(), k -> js.get(k).start, k -> js.get(k).queued);
                samples += cumulative(qt.count(), labels, js.size(), k -> js.get(k).start, k -> 1);
            }
            family(Catalogue.WORKFLOW_JOBS_QUEUED);
            samples += series(Catalogue.WORKFLOW_JOBS_QUEUED.series(), HUB + ",runner_name=\"none\",runner_type=\"none\"",
                    t -> jobs.stream().flatMap(List::stream)
                            .filter(j -> j.start - j.queued + 2 <= t && t < j.start).count());
            family(Catalogue.WEBHOOK_DELIVERIES);
            List<Job> all = jobs.stream().flatMap(List::stream).sorted((a, b) -> Long.compare(a.end, b.end)).toList();
            samples += cumulative(Catalogue.WEBHOOK_DELIVERIES.series(),
                    HUB + ",event=\"workflow_job\",outcome=\"accepted\"", all.size(), k -> all.get(k).end, k -> 3);
            List<Deploy> allDeploys = deploys.stream().flatMap(List::stream)
                    .sorted((a, b) -> Long.compare(a.time, b.time)).toList();
            samples += cumulative(Catalogue.WEBHOOK_DELIVERIES.series(),
                    HUB + ",event=\"deployment_status\",outcome=\"accepted\"", allDeploys.size(),
                    k -> allDeploys.get(k).time, k -> 1);
            // The exporter's own figures per runner: the newest runner_log event (a job's start or end), and the
            // counters of what went wrong, at 0 as in a healthy fleet.
            family(Catalogue.SOURCE_LAST_EVENT);
            for (int r = 0; r < runners; r++) {
                List<Job> js = jobs.get(r);
                int[] at = {0};
                samples += series(Catalogue.SOURCE_LAST_EVENT.series(), runner(r) + ",source=\"runner_log\"", t -> {
                    while (at[0] < js.size() && js.get(at[0]).end <= t) {
                        at[0]++;
                    }
                    boolean running = at[0] < js.size() && js.get(at[0]).start <= t;
                    return running ? t - t % 60 : at[0] == 0 ? start - 600 : js.get(at[0] - 1).end;
                });
            }
            for (MetricSpec zero : new MetricSpec[] {Catalogue.RESULT_CONFLICTS, Catalogue.STATE_SAVE_FAILURES}) {
                family(zero);
                for (int r = 0; r < runners; r++) {
                    samples += series(zero.series(), runner(r), t -> 0);
                }
            }
            for (BufferedWriter w : outs) {
                w.write("# EOF\n");
                w.close();
            }
        }
        long jobCount = jobs.stream().mapToLong(List::size).sum();
        // what the counters count in the range: the jobs that finished after its start, up to its end
        long inRange = jobs.stream().flatMap(List::stream).filter(j -> j.end > start && j.end <= end).count();
        System.out.printf(Locale.ROOT,
                "{\"samples\": %d, \"jobs\": %d, \"jobs_in_range\": %d, \"start\": %d, \"end\": %d}%n",
                samples, jobCount, inRange, start, end);
    }

    static List<Job> simulate(Random random) {
        List<Job> js = new ArrayList<>();
        long t = start - 86400; // a day of history before the window, so counters do not start at 0
        long free = t;
        while (t < end) {
            long hour = Math.floorMod(t, 604800L) / 3600; // 1970-01-01 was a Thursday
            long dayOfWeek = (hour / 24 + 3) % 7; // 0 = Monday
            double perHour = dayOfWeek < 5 && hour % 24 >= 8 && hour % 24 < 18 ? 6 : 1;
            t += (long) (-Math.log(1 - random.nextDouble()) * 3600 / perHour) + 1;
            long s = Math.max(t, free);
            long duration = Math.max(5, Math.round(360 * Math.exp(random.nextGaussian())));
            double p = random.nextDouble();
            int result = p < 0.86 ? 0 : p < 0.95 ? 1 : p < 0.99 ? 2 : 3;
            // queue time from the arrival (no extra draw: the seeded simulation stays as it was)
            js.add(new Job(s, s + duration, result, 0, 1, random.nextDouble() < 0.8, random.nextDouble() < 0.8,
                    s - t + 2));
            free = s + duration + 5;
        }
        return js;
    }

    static List<Deploy> deploys(Random random) {
        List<Deploy> ds = new ArrayList<>();
        long t = start - 86400;
        while (t < end) {
            t += (long) (-Math.log(1 - random.nextDouble()) * 28800) + 1;
            ds.add(new Deploy(t, random.nextDouble() < 0.9, 10800 * Math.exp(random.nextGaussian())));
        }
        return ds;
    }

    static String runner(int r) {
        String name = String.format(Locale.ROOT, "runner-%03d", r + 1);
        return "job=\"github-runners\",instance=\"" + name + ":9091\",runner_name=\"" + name + "\",runner_type=\""
                + TYPES[r % 10 < 6 ? 0 : r % 10 < 9 ? 1 : 2] + "\"";
    }

    /** The webhook hub's own series. */
    static final String HUB = "job=\"github-runners\",instance=\"webhook:9091\"";

    /** A runner's labels as the hub reports them (the hub's job and instance). */
    static String hubRunner(int r) {
        return HUB + runner(r).substring(runner(r).indexOf(",runner_name="));
    }

    /** Each failure's restore: the next success after it, with the seconds in between. */
    static List<long[]> restores(List<Deploy> ds) {
        List<long[]> out = new ArrayList<>();
        long failedAt = -1;
        for (Deploy d : ds) {
            if (!d.success && failedAt < 0) {
                failedAt = d.time;
            } else if (d.success && failedAt >= 0) {
                out.add(new long[] {d.time, d.time - failedAt});
                failedAt = -1;
            }
        }
        return out;
    }

    static String deployLabels(int i) {
        return "job=\"github-runners\",instance=\"webhook:9091\",repository=\"" + REPOS[i]
                + "\",environment=\"production\"";
    }

    static void family(MetricSpec spec) throws IOException {
        String type = spec.type().name().toLowerCase(Locale.ROOT);
        for (BufferedWriter out : outs) {
            out.write("# HELP " + spec.name() + " " + spec.help().replace("\\", "\\\\").replace("\n", "\\n")
                    + "\n");
            out.write("# TYPE " + spec.name() + " " + type + "\n");
            if (!spec.unit().isEmpty()) {
                out.write("# UNIT " + spec.name() + " " + spec.unit() + "\n");
            }
        }
    }

    interface Value {
        double at(long t);
    }

    static long series(String name, String labels, Value value) throws IOException {
        long n = 0;
        String prefix = name + "{" + labels + "} ";
        for (long t = start - WARMUP; t <= end; t += interval) {
            BufferedWriter out = outs[(int) Math.max(0, Math.min(outs.length - 1, (t - start) / 86400))];
            out.write(prefix);
            out.write(number(value.at(t)));
            out.write(' ');
            out.write(Long.toString(t));
            out.write('\n');
            n++;
        }
        return n;
    }

    interface JobValue {
        double of(Job j);
    }

    /** A counter over finished jobs of one result (or all when result is -1): value per job added at its end. */
    static long counting(String name, String labels, List<Job> js, int result, JobValue per) throws IOException {
        List<Job> mine = result < 0 ? js : js.stream().filter(j -> j.result == result).toList();
        return cumulative(name, labels, mine.size(), k -> mine.get(k).end, k -> per.of(mine.get(k)));
    }

    interface Time {
        long of(int k);
    }

    static long cumulative(String name, String labels, int count, Time time, IntToDoubleFunction add)
            throws IOException {
        double[] sum = {0};
        int[] at = {0};
        return series(name, labels, t -> {
            while (at[0] < count && time.of(at[0]) <= t) {
                sum[0] += add.applyAsDouble(at[0]);
                at[0]++;
            }
            return sum[0];
        });
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) + ".0" : Double.toString(v);
    }
}
