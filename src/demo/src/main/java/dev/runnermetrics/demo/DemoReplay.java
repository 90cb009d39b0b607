package dev.runnermetrics.demo;

import dev.runnermetrics.demo.github.HttpSender;
import dev.runnermetrics.demo.github.Webhooks;
import dev.runnermetrics.demo.github.api.Fleet;
import dev.runnermetrics.demo.github.api.RestApi;
import dev.runnermetrics.demo.runner.Listener;
import dev.runnermetrics.demo.runner.RunnerSettings;
import dev.runnermetrics.demo.sim.Clock;
import dev.runnermetrics.demo.steps.StepOutput;
import dev.runnermetrics.demo.workflow.Outcome;
import dev.runnermetrics.demo.workflow.Templates;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Replays a GitHub Actions self-hosted runner (actions/runner 2.333.1, Linux x64, classic MessageListener session)
 * into a runner directory, writing _diag/Runner_*.log and one _diag/Worker_*.log per job the way the runner does
 * ({@code runner}): current UTC timestamps, one flush per write, and the header written before the message. While a
 * job runs, its step output goes to _diag/pages and _diag/blocks as the worker's PagingLogger writes it
 * ({@code steps}), cache restores included; what was written is printed to stderr as the ground truth for the
 * exporter's cache counters.
 *
 * <pre>java -jar src/demo/target/runner-metrics-demo.jar &lt;targetRunnerDir&gt; [--jobs N] [--seconds S] [--seed X] [--webhook URL] [--github-api PORT] [--start-on-stdin]</pre>
 *
 * With {@code --webhook} (and the secret in {@code GITHUB_WEBHOOK_SECRET}) it also plays GitHub ({@code github}):
 * for each job that runs, signed workflow_job deliveries (queued, in_progress, completed), and a few production
 * deployments, built from the recorded payloads in github-webhooks/. With {@code --github-api} (and a demo token in
 * {@code GITHUB_TOKEN}) it serves GitHub's REST API listing of the organisation's runners ({@code github.api}) on
 * 127.0.0.1:PORT (0: any free port, printed), the replayed runner among them, online and busy as its listener reports.
 * {@code --start-on-stdin} starts the API at once but the runner only after a line on stdin, so a test can start the
 * exporter against the API before the runner's new session begins.
 *
 * The bundled history in runner/_diag was produced by this program too, on a simulated clock:
 * <pre>java -jar src/demo/target/runner-metrics-demo.jar --bake src/demo/runner 2026-11-20T07:58:12Z</pre>
 */
public final class DemoReplay {

    /** Which template each job runs: the first five cover setup-node, setup-java, actions/cache and apt. */
    static final int[] TEMPLATE_ORDER = {0, 2, 4, 1, 5, 2, 3, 6, 0, 4, 1, 0};

    private DemoReplay() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("--bake")) {
            bake(Path.of(args[1]), Instant.parse(args[2]));
            return;
        }
        if (args.length < 1 || args[0].startsWith("--")) {
            System.err.println("usage: java -jar runner-metrics-demo.jar <targetRunnerDir> [--jobs N] [--seconds S] [--seed X] "
                    + "[--webhook URL] [--github-api PORT] [--start-on-stdin]");
            System.exit(2);
        }
        Path target = Path.of(args[0]).toAbsolutePath();
        int jobs = 12;
        long seconds = 0; // 0 = run until killed
        long seed = System.currentTimeMillis();
        String webhook = null;
        Integer apiPort = null;
        boolean startOnStdin = false;
        for (int i = 1; i < args.length; i += 2) {
            if (args[i].equals("--start-on-stdin")) {
                startOnStdin = true;
                i--;
                continue;
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--jobs" -> jobs = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Long.parseLong(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--webhook" -> webhook = args[i + 1];
                case "--github-api" -> apiPort = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        DemoFiles files = DemoFiles.locate();
        files.copyTemplateIfEmpty(target);
        Listener.StatusReport status = Listener.StatusReport.NONE;
        RestApi api = null;
        if (apiPort != null) {
            String token = System.getenv("GITHUB_TOKEN");
            if (token == null || token.isBlank()) {
                System.err.println("DemoReplay: --github-api needs the exporter's demo token in GITHUB_TOKEN");
                System.exit(2);
            }
            RunnerSettings settings = RunnerSettings.read(target.resolve(".runner"));
            Fleet fleet = new Fleet(settings.agentId(), settings.agentName());
            String org = organisation(settings.gitHubUrl());
            api = new RestApi(apiPort, fleet, org, DEMO_ORG_ID, token.strip(), java.time.Clock.systemUTC());
            status = fleet::replayedRunner;
            System.err.printf("DemoReplay: GitHub REST API at %s (GET /orgs/%s/actions/runners)%n", api.baseUrl(), org);
        }
        if (startOnStdin) {
            System.err.println("DemoReplay: waiting for a line on stdin to start the runner");
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        Clock clock = new Clock(null, seconds > 0 ? Instant.now().plusSeconds(seconds) : null);
        System.err.printf("DemoReplay: runner dir %s, %d jobs, seed %d%n", target, jobs, seed);
        Webhooks webhooks = null;
        if (webhook != null) {
            String secret = System.getenv("GITHUB_WEBHOOK_SECRET");
            if (secret == null || secret.isBlank()) {
                System.err.println("DemoReplay: --webhook needs the exporter's secret in GITHUB_WEBHOOK_SECRET");
                System.exit(2);
            }
            webhooks = new Webhooks(new HttpSender(URI.create(webhook), secret), new Random(seed ^ 0x9E3779B9L),
                    files.webhookPayloads());
        }
        // Step output and webhooks draw from their own generators, so the _diag logs of a seed stay as they were.
        try {
            replay(target, clock, seed, jobs, new StepOutput(new Random(seed ^ 0x5DEECE66DL)), webhooks, status);
        } finally {
            if (api != null) api.close();
        }
    }

    /** The demo organisation's id, in the {@code /organizations/{id}/...} URLs of GitHub's Link headers. */
    static final long DEMO_ORG_ID = 76_543_210L;

    /** The organisation of an org-level runner's gitHubUrl (https://github.com/acme: acme). */
    static String organisation(String gitHubUrl) {
        String path = URI.create(gitHubUrl).getPath().replaceAll("^/+|/+$", "");
        if (path.isEmpty() || path.contains("/")) {
            throw new IllegalArgumentException("not an organisation's URL: " + gitHubUrl);
        }
        return path;
    }

    /** The live replay: a new listener session, then the jobs, then idle until killed or --seconds are over. */
    static void replay(Path target, Clock clock, long seed, int jobs, StepOutput stepOutput, Webhooks webhooks,
            Listener.StatusReport status) throws Exception {
        Random rnd = new Random(seed);
        Listener listener = new Listener(target, clock, rnd, true, stepOutput, webhooks);
        listener.reportStatusTo(status);
        try {
            listener.startListener();
            List<Outcome> plan = schedule(jobs, rnd);
            for (int i = 0; i < plan.size(); i++) {
                // The first five cover every outcome within ~40 s; later jobs run longer.
                int seconds4job = i < 5 ? 3 + rnd.nextInt(3) : 4 + rnd.nextInt(6);
                if (i == 8) seconds4job = 17; // one longer job, ~20 s with the worker's overhead
                int attempt = i == 5 ? 2 : 1; // job 6 re-runs the failed job 2 (same template, run id and sha)
                listener.runJob(Templates.ALL.get(TEMPLATE_ORDER[i % TEMPLATE_ORDER.length]), plan.get(i),
                        seconds4job * 1000L, attempt);
                if (webhooks != null) webhooks.afterJob(i + 1, clock.now());
                clock.sleep(600 + rnd.nextInt(1400));
            }
            System.err.println("DemoReplay: step output written in total: " + stepOutput.total());
            System.err.println("DemoReplay: all jobs replayed, runner stays idle (Online)");
            while (true) clock.sleep(1000);
        } catch (Clock.Deadline d) {
            System.err.println("DemoReplay: --seconds elapsed, stopping; step output written in total: "
                    + stepOutput.total());
        } finally {
            listener.close();
            if (webhooks != null) webhooks.close();
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

    /** Regenerates the bundled history: an earlier listener session with three finished jobs. */
    static void bake(Path runnerDir, Instant start) throws Exception {
        Clock clock = new Clock(start, null);
        try (Listener listener = new Listener(runnerDir, clock, new Random(20251120L), false, null, null)) {
            listener.startListener();
            clock.sleep(7 * 60_000);
            listener.runJob(Templates.ALL.get(0), Outcome.SUCCEEDED, 154_000, 1);
            clock.sleep(23 * 60_000);
            listener.runJob(Templates.ALL.get(2), Outcome.FAILED, 97_000, 1);
            clock.sleep(41 * 60_000);
            listener.runJob(Templates.ALL.get(3), Outcome.SUCCEEDED, 212_000, 1);
            clock.sleep(12 * 60_000);
            listener.stopListener();
        }
    }
}
