package dev.runnermetrics.demo.steps;

import static dev.runnermetrics.demo.sim.Ids.hexOf;
import static dev.runnermetrics.demo.sim.Ids.sha256;
import static dev.runnermetrics.demo.sim.Ids.uuid;
import static dev.runnermetrics.demo.sim.Installation.WORK;
import static dev.runnermetrics.demo.steps.Line.add;
import static dev.runnermetrics.demo.steps.StepOutput.HIT;
import static dev.runnermetrics.demo.steps.StepOutput.PARTIAL;

import dev.runnermetrics.demo.workflow.Job;
import dev.runnermetrics.demo.workflow.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * What the actions print (actions/checkout, setup-node, setup-java, actions/cache and its post step): their inputs
 * under {@code with:} and their output, cache restores included. Whether a cache exists is the replay's
 * {@link StepOutput} cache service, so a key saved by one job is restored by the next.
 */
final class ActionOutput {
    private final StepOutput owner;
    private final Random rnd;
    private final Job job;
    private final String workspace;
    /** What each actions/cache step restored, for its post step: {primary key, restored key or null}. */
    private final Map<String, String[]> cacheSteps = new HashMap<>();
    private boolean npmCacheRestored;

    ActionOutput(StepOutput owner, Job job, String workspace) {
        this.owner = owner;
        this.rnd = owner.rnd;
        this.job = job;
        this.workspace = workspace;
    }

    List<String> inputs(Step s) {
        return switch (s.action()) {
            case "actions/checkout" -> List.of("repository: " + job.t.repo(), "token: ***", "ssh-strict: true", "ssh-user: git",
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
        return s.display().contains("Playwright")
                ? new CacheSpec("~/.cache/ms-playwright", "playwright-Linux-1.49.1", null)
                : new CacheSpec(".eslintcache", "eslint-Linux-" + sha256(job.sha + ".eslintrc.json"), "eslint-Linux-");
    }

    List<Line> checkout() {
        List<Line> out = new ArrayList<>();
        String ref = job.t.ref();
        String remote = ref.startsWith("refs/heads/") ? "refs/remotes/origin/" + ref.substring(11)
                : ref.startsWith("refs/pull/") ? "refs/remotes/pull/" + ref.substring(10) : ref;
        add(out, "Syncing repository: " + job.t.repo(), "##[group]Getting Git version info", "Working directory is '" + workspace + "'",
                "[command]/usr/bin/git version", "git version 2.43.0", "##[endgroup]",
                "Temporarily overriding HOME='" + WORK + "/_temp/" + uuid(rnd, 4) + "' before making global git config changes",
                "Adding repository directory to the temporary git global config as a safe directory",
                "[command]/usr/bin/git config --global --add safe.directory " + workspace,
                "Deleting the contents of '" + workspace + "'",
                "##[group]Initializing the repository", "[command]/usr/bin/git init " + workspace,
                "Initialized empty Git repository in " + workspace + "/.git/",
                "[command]/usr/bin/git remote add origin https://github.com/" + job.t.repo(), "##[endgroup]",
                "##[group]Disabling automatic garbage collection", "[command]/usr/bin/git config --local gc.auto 0", "##[endgroup]",
                "##[group]Setting up auth",
                "[command]/usr/bin/git config --local --name-only --get-regexp core\\.sshCommand",
                "[command]/usr/bin/git config --local http.https://github.com/.extraheader AUTHORIZATION: basic ***",
                "##[endgroup]",
                "##[group]Fetching the repository",
                "[command]/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin +"
                        + job.sha + ":" + remote,
                "From https://github.com/" + job.t.repo(),
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
        String key = "node-cache-Linux-x64-npm-" + sha256(job.t.repo() + "/package-lock.json");
        String restored = owner.exists(key, 0.75) ? download(out, key, true) : null;
        npmCacheRestored = restored != null;
        if (restored != null) {
            out.add(new Line("Cache restored from key: " + restored, "setup_node", true));
        } else {
            out.add(new Line("npm cache is not found", "setup_node", false));
            owner.save(key); // setup-node's cache-save post step (not shown in the demo) saves it
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
        String key = "setup-java-Linux-x64-maven-" + sha256(job.t.repo() + "/pom.xml");
        String restored = owner.exists(key, 0.6) ? download(out, key, true) : null;
        if (restored != null) {
            out.add(new Line("Cache restored from key: " + restored, "setup_java", true));
        } else {
            out.add(new Line("maven cache is not found", "setup_java", false));
            owner.save(key); // saved by setup-java's post step (not shown in the demo)
        }
        return out;
    }

    /** actions/cache restore: its verdict is "Cache restored from key: …" or "Cache not found for input keys: …". */
    List<Line> cache(Step s) {
        List<Line> out = new ArrayList<>();
        CacheSpec c = cacheSpec(s);
        String restored = null;
        if (owner.exists(c.key(), 0.5)) {
            restored = download(out, c.key(), true);
        } else if (c.restorePrefix() != null && owner.exists(c.restorePrefix(), 0.8)) {
            restored = download(out, c.restorePrefix() + sha256(job.sha + "previous"), false);
        }
        if (restored != null) {
            // a restore key's cache is a partial restore: the step's key input is printed in its header
            out.add(new Line("Cache restored from key: " + restored, "actions_cache", restored.equals(c.key()) ? HIT : PARTIAL));
        } else {
            out.add(new Line("Cache not found for input keys: " + c.key() + (c.restorePrefix() != null ? ", " + c.restorePrefix() : ""),
                    "actions_cache", false));
        }
        cacheSteps.put(s.contextName(), new String[] {c.key(), restored});
        return out;
    }

    /** The post step saves under the primary key unless that is what was restored. */
    List<Line> postCache(Step s) {
        List<Line> out = new ArrayList<>();
        String[] r = cacheSteps.get(s.contextName());
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
        owner.save(r[0]);
        CacheSpec c = cacheSpec(s);
        if (c.restorePrefix() != null) owner.save(c.restorePrefix());
        return out;
    }

    /** Whether setup-node restored the npm cache (npm's own http cache then answers from disk). */
    boolean npmCacheRestored() {
        return npmCacheRestored;
    }
}
