package dev.runnermetrics.exporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runnermetrics.exporter.testing.TestCertificates;
import dev.runnermetrics.testkit.process.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The image tar that {@code mvn package} writes loads into podman and runs as a sidecar would: non-root, the demo
 * runner mounted read-only at /runner, a writable state volume, a read-only root file system, and the invocation
 * podman needs on this kind of machine (runc, host network, explicit ulimits). Podman gets a private storage in a
 * temp directory, so nothing is left in the machine's image store. The image is loaded once for both tests.
 */
class ImageIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern LOADED = Pattern.compile("(?m)^Loaded image(?:\\(s\\))?: (\\S+)$");
    private static final Pattern PROCESS_RSS = Pattern.compile("(?m)^process_resident_memory_bytes ([0-9.E+]+)$");
    private static final Pattern RUNNER_LOG_UP = Pattern.compile(
            "(?m)^runner_metrics_source_up\\{runner_name=\"demo-runner-1\",[^}]*source=\"runner_log\",?} 1\\.0$");

    private static Path work;
    private static List<String> podman;
    private static String image;
    private static String env;
    private String container;

    @BeforeAll
    static void loadImage() throws IOException, InterruptedException {
        Assumptions.assumeFalse(Boolean.getBoolean("image.skip"), "image.skip=true: no image was built");
        Path tar = Path.of(System.getProperty("image.tar", "target/runner-metrics-exporter-image.tar"));
        assertTrue(Files.isRegularFile(tar), "image tar not found at " + tar + "; `./mvnw package` writes it");
        try {
            Process version = new ProcessBuilder("podman", "--version").redirectErrorStream(true).start();
            assertTrue(version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0, "podman --version failed");
        } catch (IOException missing) {
            fail("ImageIT needs podman to load and run the image " + tar + ", and podman is not installed: "
                    + "apt-get install -y podman (.ci/run does), or skip the image and this test with "
                    + "-Dimage.skip=true");
        }
        // A short path: podman's sockets live under the run root.
        work = Files.createTempDirectory("rm-image-it");
        podman = List.of("podman", "--root", work.resolve("storage").toString(), "--runroot",
                work.resolve("run").toString());
        Result load = run(300, true, "load", "--input", tar.toString());
        Matcher loaded = LOADED.matcher(load.output);
        assertTrue(loaded.find(), "podman load named no image:\n" + load.output);
        image = loaded.group(1);
        String expected = System.getProperty("image.ref");
        assertTrue(load.output.contains(expected), "the tar should carry the tag " + expected + ":\n" + load.output);
        env = inspect("{{json .Config.Env}}");
    }

    @AfterEach
    void removeContainer(TestInfo test) throws IOException, InterruptedException {
        if (container != null) {
            Path log = Path.of("target", "image-it-" + test.getTestMethod().orElseThrow().getName() + ".log");
            Files.writeString(log, run(30, false, "logs", container).output);
            run(60, false, "rm", "--force", "--time", "5", container);
        }
    }

    @AfterAll
    static void removeImage() throws IOException, InterruptedException {
        if (work == null) {
            return;
        }
        if (image != null) {
            run(60, false, "rmi", "--force", image);
        }
        deleteQuietly(work);
    }

    @Test
    void runsAsNonRootSidecarOnTheDemoRunner() throws Exception {

        assertEquals("65532:65532", inspect("{{.Config.User}}"), "image user");
        assertTrue(inspect("{{json .Config.ExposedPorts}}").contains("9091/tcp"), "image exposes 9091");
        assertTrue(env.contains("\"RUNNER_DIR=/runner\"") && env.contains("\"STATE_DIR=/var/lib/runner-metrics\""),
                "sidecar defaults in the image environment: " + env);
        assertTrue(inspect("{{json .Config.Volumes}}").contains("/var/lib/runner-metrics"), "state volume");

        // The demo runner, read-only; the state volume must be writable by the image's user, whoever owns it.
        Path runner = work.resolve("runner");
        copyTree(Path.of(System.getProperty("demo.runner.dir", "../src/demo/runner")), runner);
        Path state = Files.createDirectory(work.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        int port = Processes.freePort();
        startContainer("sidecar", "--env", "METRICS_PORT=" + port,
                "--volume", runner + ":/runner:ro",
                "--volume", state + ":/var/lib/runner-metrics");

        HttpResponse<String> ready = awaitReady(HTTP, "http", port, Duration.ofSeconds(90));
        assertTrue(ready.body().contains("\"UP\""), "ready: " + ready.body());
        assertEquals(200, get(HTTP, "http", port, "/health", null).statusCode(), "/health");
        String metrics = get(HTTP, "http", port, "/metrics", null).body();
        assertTrue(metrics.contains("github_runner_info{runner_name=\"demo-runner-1\""),
                "the demo runner's info in /metrics:\n" + metrics);
        assertTrue(RUNNER_LOG_UP.matcher(metrics).find(), "the runner log is read through the read-only mount:\n"
                + metrics);
        assertTrue(metrics.contains("github_runner_jobs_total{runner_name=\"demo-runner-1\""), "jobs counted");

        // The process's own figures come from the container's /proc: its memory as the exporter reads it.
        Matcher rss = PROCESS_RSS.matcher(metrics);
        assertTrue(rss.find(), "process_resident_memory_bytes in /metrics:\n" + metrics);
        double selfRss = Double.parseDouble(rss.group(1));
        assertTrue(selfRss > 16 * 1024 * 1024 && selfRss < 160 * 1024 * 1024, "RSS the exporter reports: " + selfRss);

        // The container's process as the host sees it: not root, and its memory.
        long pid = Long.parseLong(inspectContainer("{{.State.Pid}}"));
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ').trim();
        assertTrue(cmdline.endsWith("-jar quarkus-run.jar"), "the container's process is the exporter: " + cmdline);
        List<String> uids = field(status, "Uid");
        List<String> gids = field(status, "Gid");
        assertFalse(uids.contains("0") || gids.contains("0"), "the exporter must not run as root: " + uids + gids);
        if ("root".equals(System.getProperty("user.name"))) {
            // Rootful podman maps no ids: the host sees the image's user itself.
            assertEquals(List.of("65532", "65532", "65532", "65532"), uids, "host-side uids of the exporter");
        }
        String maps = Files.readString(Path.of("/proc", Long.toString(pid), "maps"));
        if (env.contains("-XX:SharedArchiveFile=/deployments/app-cds.jsa")) {
            assertTrue(maps.contains("/deployments/app-cds.jsa"), "the AppCDS archive is mapped, so the JVM took it");
        }
        long rssKiB = Long.parseLong(field(status, "VmRSS").get(0));
        System.out.printf("[ImageIT] %s: pid %d (host), uid %s, VmRSS %d MiB, %s%n", image, pid, uids.get(0),
                rssKiB / 1024, cmdline);
        // Measured at about 80-90 MiB (docs/MEASUREMENTS.md); far above means the flags no longer hold.
        assertTrue(rssKiB < 160 * 1024, "RSS of the exporter container " + rssKiB / 1024 + " MiB");

        // A clean stop writes the state into the volume, as the image's non-root user.
        run(60, true, "stop", "--time", "20", container);
        Path stateFile = state.resolve("state.json");
        assertTrue(Files.isRegularFile(stateFile), "state written to the volume on stop");
        String logs = run(30, true, "logs", container).output;
        // The image's JVM flags are in force: the JVM announces what it picked up.
        String picked = logs.lines().filter(l -> l.contains("Picked up JDK_JAVA_OPTIONS")).findFirst().orElse("");
        assertTrue(picked.contains("-XX:+UseSerialGC") && picked.contains("-Xmx64m"),
                "the image's JVM flags are announced:\n" + logs);
        assertFalse(logs.contains("[warning][cds]") || logs.contains("[error][cds]"), "AppCDS warnings:\n" + logs);
        assertFalse(logs.contains(" ERROR "), "errors in the exporter log:\n" + logs);
    }

    /** Issue 6 item 5 in the image: the jlinked runtime serves TLS (its key exchange needs jdk.crypto.ec). */
    @Test
    void servesHttpsWithBasicAuthFromMountedFiles() throws Exception {
        TestCertificates certs = TestCertificates.create(work.resolve("tls"), "image-it");
        Path runner = Files.createDirectories(work.resolve("tls-runner/_diag"));
        int port = Processes.freePort();
        startContainer("tls", "--env", "METRICS_PORT=" + port,
                "--env", "RUNNER_METRICS_TLS_CERT_FILE=/tls/tls.crt",
                "--env", "RUNNER_METRICS_TLS_KEY_FILE=/tls/tls.key",
                "--env", "RUNNER_METRICS_BASIC_AUTH_USERNAME=prometheus",
                "--env", "RUNNER_METRICS_BASIC_AUTH_PASSWORD=image-it-secret",
                "--volume", certs.certFile().getParent() + ":/tls:ro",
                "--volume", runner.getParent() + ":/runner:ro",
                "--tmpfs", "/var/lib/runner-metrics:mode=1777");
        SSLContext trusting = certs.trustingCa();
        HttpClient https = HttpClient.newBuilder().sslContext(trusting).connectTimeout(Duration.ofSeconds(2)).build();
        awaitReady(https, "https", port, Duration.ofSeconds(90));
        assertEquals(401, get(https, "https", port, "/metrics", null).statusCode(), "no credentials");
        String basic = "Basic " + Base64.getEncoder().encodeToString("prometheus:image-it-secret".getBytes(
                StandardCharsets.UTF_8));
        HttpResponse<String> scrape = get(https, "https", port, "/metrics", basic);
        assertEquals(200, scrape.statusCode(), "with credentials");
        assertTrue(scrape.body().contains("runner_metrics_source_up"), scrape.body());
        try {
            int plain = get(HTTP, "http", port, "/metrics", basic).statusCode();
            fail("plain HTTP answered " + plain + " with TLS on");
        } catch (IOException refused) {
            // expected: no plain HTTP when TLS is on
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Runs the image detached as this kind of machine needs, with a read-only root file system. */
    private void startContainer(String name, String... options) throws IOException, InterruptedException {
        container = "runner-metrics-image-it-" + name + "-" + ProcessHandle.current().pid();
        List<String> args = new ArrayList<>(List.of("--runtime", "runc", "run", "--detach", "--name", container,
                "--network", "host", "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096",
                "--read-only", "--read-only-tmpfs=false"));
        args.addAll(List.of(options));
        args.add(image);
        run(120, true, args.toArray(String[]::new));
    }

    private static String inspect(String format) throws IOException, InterruptedException {
        return run(30, true, "image", "inspect", "--format", format, image).output.trim();
    }

    private String inspectContainer(String format) throws IOException, InterruptedException {
        return run(30, true, "container", "inspect", "--format", format, container).output.trim();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(int timeoutSeconds, boolean check, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(podman);
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "podman", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + Files.readString(out));
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        if (check && process.exitValue() != 0) {
            fail(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + output);
        }
        return new Result(process.exitValue(), output);
    }

    private HttpResponse<String> awaitReady(HttpClient client, String scheme, int port, Duration timeout)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = get(client, scheme, port, "/q/health/ready", null);
                if (response.statusCode() == 200) {
                    return response;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            }
            if (!"true".equals(inspectContainer("{{.State.Running}}"))) {
                fail("the container stopped; log:\n" + run(30, false, "logs", container).output);
            }
            Thread.sleep(200);
        }
        fail("the container was not ready within " + timeout + "; log:\n" + run(30, false, "logs", container).output);
        return null;
    }

    private static HttpResponse<String> get(HttpClient client, String scheme, int port, String path,
            String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + path))
                .header("Accept", "text/plain")
                .timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> field(String procStatus, String name) {
        for (String line : procStatus.split("\n")) {
            if (line.startsWith(name + ":")) {
                return List.of(line.substring(name.length() + 1).trim().split("\\s+"));
            }
        }
        throw new AssertionError("no " + name + " in /proc/PID/status");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Best effort: rootless podman leaves files of mapped users that only `podman unshare` may delete. */
    private static void deleteQuietly(Path root) throws InterruptedException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // below
        }
        if (Files.exists(root)) {
            try {
                new ProcessBuilder("podman", "unshare", "rm", "-rf", root.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
            } catch (IOException ignored) {
                // left in the temp directory
            }
        }
    }
}
