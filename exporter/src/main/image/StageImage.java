import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Stages the exporter image's file system for Jib (exporter/pom.xml, {@code mvn package}); one directory per layer:
 *
 * <pre>
 *   target/image/system/   /lib…, /lib64…: the shared libraries the runtime needs, copied from this machine (ldd);
 *                          /etc/passwd, group, nsswitch.conf from src/main/image/rootfs; /tmp
 *   target/image/java/     /opt/java: a runtime jlinked from the JDK running the build, with its base CDS archive
 *   target/image/state/    /var/lib/runner-metrics, the state directory (a volume)
 *   target/image/deps/     /deployments/lib: the fast-jar's dependencies
 *   target/image/app/      /deployments: quarkus-run.jar, app/, quarkus/
 *   target/image/cds/      /deployments/app-cds.jsa: AppCDS archive from a training run of the staged app
 * </pre>
 *
 * Run with the build JDK: {@code java StageImage.java KEY=VALUE…}; keys: target (the module's target directory),
 * modules (jlink --add-modules), jvm-options (the image's default JVM flags, used for the training run so the
 * archive fits them), training-runner (a runner directory to train on; optional), rootfs (static files),
 * mode ({@code local}: all of the above; {@code app}: only state, deps and app, for a registry base image;
 * {@code jar}: no image, only an AppCDS archive for the jar itself, {@code target/quarkus-app/app-cds.jsa}, trained on
 * the JDK running the build, for {@code java -XX:SharedArchiveFile=app-cds.jsa -jar quarkus-run.jar} run from that
 * folder).
 *
 * <p>AppCDS is checked by the JVM against the class path as given (relative, from /deployments) and the jar files'
 * sizes and modification times; Jib writes every file with the time 1970-01-01T00:00:01Z, so the staged files get
 * that time before the training run, and the image runs {@code java -jar quarkus-run.jar} from /deployments.
 */
public final class StageImage {

    /** Jib's default file modification time (container.filesModificationTime EPOCH_PLUS_SECOND). */
    private static final FileTime JIB_FILE_TIME = FileTime.from(Instant.ofEpochSecond(1));
    private static final String APP_CDS = "app-cds.jsa";
    private static final Pattern LDD_PATH = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x[0-9a-f]+\\)");
    private static final Pattern LDD_MISSING = Pattern.compile("^\\s*(\\S+)\\s+=>\\s+not found");

    private final Map<String, String> args;
    private final Path target;
    private final Path image;

    private StageImage(Map<String, String> args) {
        this.args = args;
        this.target = Path.of(require("target")).toAbsolutePath();
        this.image = target.resolve("image");
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new java.util.HashMap<>();
        for (String arg : argv) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected KEY=VALUE, got " + arg);
            }
            args.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        new StageImage(args).run();
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        String mode = args.getOrDefault("mode", "local");
        Path quarkusApp = target.resolve("quarkus-app");
        if (!Files.isRegularFile(quarkusApp.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(quarkusApp + "/quarkus-run.jar is missing: the Quarkus build runs first");
        }
        if (mode.equals("jar")) {
            // The jar's own archive: same training, in place, on the JDK running the build (JDK 17 checks the class
            // path as given, so it is used when the jar is run as quarkus-run.jar from this folder).
            Path work = target.resolve("jar-cds");
            deleteTree(work);
            Files.deleteIfExists(quarkusApp.resolve(APP_CDS));
            train(Path.of(System.getProperty("java.home")), quarkusApp, work);
            System.out.printf("[jar] AppCDS archive for the jar in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            return;
        }
        for (String layer : List.of("state", "deps", "app", "cds", "train")) {
            deleteTree(image.resolve(layer));
        }
        Files.createDirectories(image.resolve("state/var/lib/runner-metrics"));

        // The fast-jar, staged once with Jib's file times so that the training run records what the image holds.
        Path deployments = image.resolve("train/deployments");
        copyTree(quarkusApp, deployments);
        Files.deleteIfExists(deployments.resolve(APP_CDS)); // the jar's archive (mode jar) fits the build JDK only
        setTimes(deployments);

        if (mode.equals("local")) {
            Path java = image.resolve("java/opt/java");
            jlink(java);
            stageSystem(java);
            train(java, deployments, image.resolve("train"));
            Files.setLastModifiedTime(deployments.resolve(APP_CDS), JIB_FILE_TIME);
        } else if (!mode.equals("app")) {
            throw new IllegalArgumentException("mode must be local, app or jar, was " + mode);
        }

        // Split into layers by how often they change: dependencies, the application, the archive made from both.
        move(deployments.resolve("lib"), image.resolve("deps/deployments/lib"));
        Path cds = deployments.resolve(APP_CDS);
        if (Files.exists(cds)) {
            move(cds, image.resolve("cds/deployments/app-cds.jsa"));
        }
        move(deployments, image.resolve("app/deployments"));
        System.out.printf("[image] staged %s in %d ms%n", image, (System.nanoTime() - started) / 1_000_000);
    }

    // ---------------------------------------------------------------- runtime

    private void jlink(Path java) throws IOException {
        String modules = require("modules").replaceAll("\\s+", "");
        String stamp = Runtime.version() + " " + System.getProperty("java.home") + " " + modules + "\n";
        Path stampFile = image.resolve("jlink-stamp.txt");
        if (Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)
                && Files.isRegularFile(java.resolve("lib/server/classes.jsa"))) {
            System.out.println("[image] runtime up to date: " + java);
            return;
        }
        deleteTree(image.resolve("java"));
        Files.createDirectories(java.getParent());
        ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() -> new IllegalStateException(
                "jlink not found: build with a full JDK (" + System.getProperty("java.home") + " is not one)"));
        List<String> options = new ArrayList<>(List.of("--add-modules", modules, "--strip-debug", "--no-header-files",
                "--no-man-pages", "--generate-cds-archive", "--output", java.toString()));
        // Compressed class resources: a smaller image; classes in the CDS archives are not read from them anyway.
        options.add(Runtime.version().feature() >= 21 ? "--compress=zip-6" : "--compress=2");
        int rc = jlink.run(System.out, System.err, options.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("jlink failed (" + rc + ") with " + options);
        }
        // The archive for heaps over 32 GB (no compressed oops) is never used by a sidecar; 11 MB less.
        Files.deleteIfExists(java.resolve("lib/server/classes_nocoops.jsa"));
        Files.writeString(stampFile, stamp);
        System.out.println("[image] jlinked " + modules + " into " + java);
    }

    /** The shared libraries the runtime's executables and libraries need, at the paths ldd names, plus /etc. */
    private void stageSystem(Path java) throws IOException, InterruptedException {
        Path root = image.resolve("system");
        deleteTree(root);
        Files.createDirectories(root.resolve("tmp"));
        copyTree(Path.of(require("rootfs")), root);

        List<Path> elves = new ArrayList<>();
        try (Stream<Path> files = Files.walk(java)) {
            files.filter(Files::isRegularFile).filter(StageImage::isElf).forEach(elves::add);
        }
        TreeSet<String> needed = new TreeSet<>();
        for (Path elf : elves) {
            ProcessBuilder ldd = new ProcessBuilder("ldd", elf.toString()).redirectErrorStream(true);
            ldd.environment().put("LD_LIBRARY_PATH", java.resolve("lib") + ":" + java.resolve("lib/server"));
            Process process = ldd.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("ldd " + elf + " failed:\n" + out);
            }
            for (String line : out.split("\n")) {
                Matcher missing = LDD_MISSING.matcher(line);
                if (missing.find()) {
                    throw new IllegalStateException(elf + " needs " + missing.group(1) + ", which this machine lacks");
                }
                Matcher m = LDD_PATH.matcher(line);
                if (m.find() && !Path.of(m.group(1)).normalize().startsWith(java)) {
                    needed.add(m.group(1));
                }
            }
        }
        if (needed.stream().noneMatch(p -> p.contains("/ld-"))) {
            throw new IllegalStateException("no dynamic loader found by ldd in " + needed);
        }
        // glibc before 2.34 loads the name-service modules for /etc/passwd and hosts with dlopen: ldd cannot see them.
        String libc = needed.stream().filter(p -> p.matches(".*/libc\\.so\\.6")).findFirst().orElseThrow(
                () -> new IllegalStateException("the runtime does not link glibc; only glibc systems can build it"));
        for (String nss : List.of("libnss_files.so.2", "libnss_dns.so.2")) {
            Path module = Path.of(libc).resolveSibling(nss);
            if (Files.exists(module)) {
                needed.add(module.toString());
            }
        }
        for (String lib : needed) {
            Path destination = root.resolve(lib.substring(1));
            Files.createDirectories(destination.getParent());
            // The file itself, not a link: the image has exactly the names the loader asks for.
            Files.copy(Path.of(lib).toRealPath(), destination, StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println("[image] shared libraries from this machine: " + needed);
    }

    private static boolean isElf(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return Arrays.equals(magic, new byte[] {0x7f, 'E', 'L', 'F'});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- AppCDS

    /**
     * Runs the exporter on the given runtime against a copy of a runner directory, scrapes it, stops it with
     * SIGTERM, and keeps the dynamic archive the JVM writes at exit (classes of the JDK, Quarkus and the app).
     * {@code app} is the fast-jar's folder the archive is written to; {@code work} holds the runner copy, state and log.
     */
    private void train(Path java, Path app, Path work) throws IOException, InterruptedException {
        Path runner = work.resolve("runner");
        Files.createDirectories(runner.resolve("_diag"));
        String trainingRunner = args.getOrDefault("training-runner", "");
        if (!trainingRunner.isBlank() && Files.isDirectory(Path.of(trainingRunner))) {
            copyTree(Path.of(trainingRunner), runner);
        }
        Files.createDirectories(work.resolve("state"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(java.resolve("bin/java").toString());
        command.addAll(Arrays.asList(require("jvm-options").trim().split("\\s+")));
        command.addAll(List.of("-XX:ArchiveClassesAtExit=" + APP_CDS, "-jar", "quarkus-run.jar"));
        Path log = work.resolve("training.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(app.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        // Nothing from the builder's environment may change the JVM or the exporter under training.
        for (String name : List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "RUNNERS",
                "RUNNER_NAME", "RUNNER_TYPE")) {
            env.remove(name);
        }
        env.keySet().removeIf(name -> name.startsWith("RUNNER_METRICS_") || name.startsWith("QUARKUS_"));
        env.put("RUNNER_DIR", runner.toString());
        env.put("STATE_DIR", work.resolve("state").toString());
        env.put("METRICS_PORT", Integer.toString(port));
        env.put("METRICS_BIND_ADDRESS", "127.0.0.1");

        System.out.println("[cds] AppCDS training run: " + String.join(" ", command));
        Process process = builder.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            Instant deadline = Instant.now().plusSeconds(90);
            while (status(http, port, "/q/health/ready", null) != 200) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("training run of the exporter did not become ready; log:\n"
                            + Files.readString(log));
                }
                Thread.sleep(100);
            }
            for (int i = 0; i < 3; i++) {
                status(http, port, "/metrics", "text/plain");
                status(http, port, "/metrics", "application/openmetrics-text; version=1.0.0");
                status(http, port, "/health", null);
                status(http, port, "/q/health/live", null);
                Thread.sleep(300);
            }
        } finally {
            process.destroy(); // SIGTERM, as a container stop: shutdown hooks, then the JVM writes the archive
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("training run did not stop; log:\n" + Files.readString(log));
            }
        }
        Path archive = app.resolve(APP_CDS);
        if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
            throw new IllegalStateException("the training run wrote no CDS archive; log:\n" + Files.readString(log));
        }
        deleteTree(runner);
        System.out.printf("[cds] AppCDS archive %d KiB from a training run (log: %s)%n", Files.size(archive) / 1024,
                log);
    }

    private static int status(HttpClient http, int port, String path, String accept) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
            return -1;
        }
    }

    // ---------------------------------------------------------------- files

    private String require(String key) {
        String value = args.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing argument " + key + "=…");
        }
        return value;
    }

    private static void setTimes(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.setLastModifiedTime(p, JIB_FILE_TIME);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.move(from, to);
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
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
