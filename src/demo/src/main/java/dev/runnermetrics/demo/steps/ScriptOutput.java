package dev.runnermetrics.demo.steps;

import static dev.runnermetrics.demo.sim.Ids.hex;
import static dev.runnermetrics.demo.sim.Ids.sha256;
import static dev.runnermetrics.demo.sim.Ids.uuid;
import static dev.runnermetrics.demo.steps.Line.add;

import dev.runnermetrics.demo.workflow.Job;
import dev.runnermetrics.demo.workflow.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What the scripts print: apt (Hit/Get), BuildKit (CACHED/DONE), npm (at --loglevel=http, cache hit/miss per
 * tarball), Maven, Terraform, the tests; a failing job's last script fails visibly.
 */
final class ScriptOutput {
    private final StepOutput owner;
    private final Random rnd;
    private final Job job;
    private final String workspace;
    private final ActionOutput actions;

    ScriptOutput(StepOutput owner, Job job, String workspace, ActionOutput actions) {
        this.owner = owner;
        this.rnd = owner.rnd;
        this.job = job;
        this.workspace = workspace;
        this.actions = actions;
    }

    List<Line> script(Step s, boolean fails) {
        List<Line> out = new ArrayList<>();
        String sc = s.script();
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
                    " 58 files changed, 1204 insertions(+), 1187 deletions(-)", "To https://github.com/" + job.t.repo(),
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
        if (!owner.exists("apt:graphviz", 0.3)) {
            owner.save("apt:graphviz");
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
            boolean hit = actions.npmCacheRestored() ? rnd.nextInt(100) < 90 : rnd.nextInt(100) < 10;
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
