package dev.runnermetrics.dashboards.deployment;

import static dev.runnermetrics.dashboards.deployment.Yaml.REPOSITORY;
import static dev.runnermetrics.dashboards.deployment.Yaml.list;
import static dev.runnermetrics.dashboards.deployment.Yaml.map;
import static dev.runnermetrics.dashboards.deployment.Yaml.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runnermetrics.dashboards.Generate;
import dev.runnermetrics.dashboards.output.Artifact;
import dev.runnermetrics.dashboards.output.GrafanaArtifacts;
import dev.runnermetrics.dashboards.prometheus.PrometheusArtifacts;
import dev.runnermetrics.dashboards.prometheus.ScrapeConfigs;
import dev.runnermetrics.dashboards.prometheus.ServerConfig;
import dev.runnermetrics.testkit.process.Processes;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deployment/compose/docker-compose.yml, as Debian's docker-compose (v1, {@code apt-get install docker-compose})
 * resolves it with {@code docker-compose config}: no Docker daemon is needed for that. The test fails, never skips,
 * when docker-compose is missing. Its resolved output (interpolated defaults, merged anchors, absolute bind paths)
 * is then checked against the generated Prometheus and Grafana files it must be provisioned from.
 */
class ComposeConfigTest {

    static final Path COMPOSE_DIR = REPOSITORY.resolve("deployment/compose");
    static final Path COMPOSE_FILE = COMPOSE_DIR.resolve("docker-compose.yml");
    private static final String EXPORTER_SUFFIX = "-exporter";
    private static final String RUNNER_ROOT = "/home/runner";
    private static final Pattern INTERPOLATED = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");

    private static Map<String, Object> config;
    private static Map<String, Map<String, Object>> services;

    /** One volume entry of a service, from short ({@code src:dst:mode}) or long syntax. */
    record Mount(String source, String target, boolean readOnly) {

        boolean bind() {
            return source.startsWith("/") || source.startsWith(".");
        }
    }

    @BeforeAll
    static void resolveWithDockerCompose() throws Exception {
        Path binary = dockerCompose();
        List<String> command = List.of(binary.toString(), "-f", COMPOSE_FILE.toString(), "--profile", "alerting",
                "--profile", "hub", "config");
        ProcessBuilder pb = new ProcessBuilder(command).directory(COMPOSE_DIR.toFile());
        // The file's defaults are what users of the reference setup get: drop every variable it interpolates, and
        // Compose's own settings, from the environment of this run.
        String text = Files.readString(COMPOSE_FILE, StandardCharsets.UTF_8);
        Matcher m = INTERPOLATED.matcher(text);
        while (m.find()) {
            pb.environment().remove(m.group(1));
        }
        pb.environment().keySet().removeIf(k -> k.startsWith("COMPOSE_"));
        Path out = Files.createTempFile("compose-config", ".out");
        Path err = Files.createTempFile("compose-config", ".err");
        try {
            Process process = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail("docker-compose config did not finish within 2 minutes");
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), "docker-compose config rejected " + COMPOSE_FILE + "\n--- stderr\n"
                    + stderr + "--- stdout\n" + stdout);
            config = Yaml.parse(stdout);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
        services = new LinkedHashMap<>();
        Yaml.mapAt(config, "services").forEach((name, spec) -> services.put(name, map(spec, name)));
        assertFalse(Files.exists(COMPOSE_DIR.resolve(".env")),
                "a .env file in deployment/compose would change the reference setup's defaults");
    }

    static Path dockerCompose() {
        return Processes.onPath("docker-compose", "this test validates deployment/compose/docker-compose.yml with "
                + "`docker-compose config` (no Docker daemon needed): install Debian's docker-compose package "
                + "(apt-get install docker-compose) and run the build again.");
    }

    @Test
    void servicesAreThreeRunnersWithTheirSidecarsTheHubAndTheMonitoringStack() {
        Set<String> expected = new TreeSet<>(List.of("prometheus", "grafana", "alertmanager",
                ScrapeConfigs.COMPOSE_HUB));
        for (String exporter : ScrapeConfigs.COMPOSE_EXPORTERS.keySet()) {
            expected.add(exporter);
            expected.add(runnerOf(exporter));
        }
        assertEquals(expected, new TreeSet<>(services.keySet()));
        assertEquals(List.of("runner-standard", "runner-chrome", "runner-chrome-go"),
                ScrapeConfigs.COMPOSE_EXPORTERS.keySet().stream().map(ComposeConfigTest::runnerOf).toList(),
                "the three runner types of the reference setup");
    }

    @Test
    void exportersAreTheGeneratedPrometheusTargetsOnTheirPorts() throws IOException {
        Map<String, Object> prometheusYml = Yaml.read(REPOSITORY.resolve("deployment")
                .resolve(PrometheusArtifacts.PROMETHEUS_YML));
        List<Object> targets = new ArrayList<>();
        for (Map<String, Object> job : Yaml.maps(prometheusYml.get("scrape_configs"), "scrape_configs")) {
            if (job.get("static_configs") == null) {
                continue; // the hub's job, found by DNS (theHubWatchesNoRunner...)
            }
            for (Map<String, Object> sc : Yaml.maps(job.get("static_configs"), "static_configs")) {
                targets.addAll(list(sc.get("targets"), "targets"));
            }
        }
        assertEquals(ScrapeConfigs.composeTargets(), targets, "prometheus.yml scrapes exactly the Compose exporters");
        for (Map.Entry<String, Integer> e : ScrapeConfigs.COMPOSE_EXPORTERS.entrySet()) {
            Map<String, Object> exporter = service(e.getKey());
            int port = e.getValue();
            assertEquals(String.valueOf(port), env(exporter).get("METRICS_PORT"), e.getKey() + " METRICS_PORT");
            assertEquals(List.of(List.of(port, port)), ports(exporter),
                    e.getKey() + " must publish host port " + port + " to its METRICS_PORT " + port);
            assertEquals(Optional.empty(), Optional.ofNullable(exporter.get("network_mode")),
                    e.getKey() + " must be reachable by its service name on the Compose network");
        }
    }

    @Test
    void everySidecarMountsItsRunnersRootReadOnly() {
        Set<String> runnerVolumes = new HashSet<>();
        for (String exporterName : ScrapeConfigs.COMPOSE_EXPORTERS.keySet()) {
            String runnerName = runnerOf(exporterName);
            Map<String, Object> runner = service(runnerName);
            Map<String, Object> exporter = service(exporterName);
            Mount root = mounts(runner).stream().filter(mt -> mt.target().equals(RUNNER_ROOT)).findFirst()
                    .orElseThrow(() -> new AssertionError(runnerName + " has no volume at " + RUNNER_ROOT));
            assertFalse(root.bind(), runnerName + ": the runner's root is a named volume");
            assertFalse(root.readOnly(), runnerName + " writes its root");
            assertTrue(map(config.get("volumes"), "volumes").containsKey(root.source()),
                    root.source() + " is declared under volumes:");
            assertTrue(runnerVolumes.add(root.source()), "each runner has its own root volume");

            String runnerDir = env(exporter).getOrDefault("RUNNER_DIR", "/runner");
            List<Mount> shared = mounts(exporter).stream().filter(mt -> mt.source().equals(root.source())).toList();
            assertEquals(1, shared.size(), exporterName + " mounts " + root.source() + " once");
            assertEquals(runnerDir, shared.get(0).target(), exporterName + " mounts the runner's root at RUNNER_DIR");
            assertTrue(shared.get(0).readOnly(), exporterName + " must mount the runner's root read-only");

            String type = runnerName.substring("runner-".length());
            assertEquals(type, env(exporter).get("RUNNER_TYPE"), exporterName + " RUNNER_TYPE");
            assertEquals(type, env(runner).get("RUNNER_LABELS"), runnerName + " registers with its type as label");
            assertEquals(env(runner).get("RUNNER_NAME"), env(exporter).get("RUNNER_NAME"),
                    exporterName + " labels the series with the name its runner registers under");
        }
    }

    @Test
    void everyExporterKeepsItsStateInItsOwnVolume() {
        Set<String> stateVolumes = new HashSet<>();
        for (String exporterName : exportersAndHub()) {
            Map<String, Object> exporter = service(exporterName);
            String stateDir = env(exporter).getOrDefault("STATE_DIR", "/var/lib/runner-metrics");
            Mount state = mounts(exporter).stream().filter(mt -> mt.target().equals(stateDir)).findFirst()
                    .orElseThrow(() -> new AssertionError(exporterName + " has no volume at STATE_DIR " + stateDir));
            assertFalse(state.bind(), exporterName + ": state in a named volume");
            assertFalse(state.readOnly(), exporterName + " writes its state");
            assertTrue(stateVolumes.add(state.source()), "two exporters share the state volume " + state.source());
        }
    }

    @Test
    void exporterContainersAreLockedDown() {
        for (String exporterName : exportersAndHub()) {
            Map<String, Object> exporter = service(exporterName);
            assertEquals(Boolean.TRUE, exporter.get("read_only"), exporterName + " read_only");
            assertEquals(List.of("ALL"), exporter.get("cap_drop"), exporterName + " cap_drop");
            assertTrue(list(exporter.get("tmpfs"), "tmpfs").contains("/tmp"),
                    exporterName + " needs a writable /tmp with a read-only root filesystem");
            assertTrue(list(exporter.get("security_opt"), "security_opt").contains("no-new-privileges:true"));
            assertNotNull(exporter.get("mem_limit"), exporterName + " mem_limit");
        }
    }

    @Test
    void bindMountsReferenceOnlyGeneratedOrCommittedFiles() throws IOException {
        Set<String> generated = new HashSet<>();
        for (Artifact a : Generate.artifacts()) {
            generated.add(REPOSITORY.resolve("deployment").resolve(a.path()).normalize().toString());
        }
        Path generatedGrafana = REPOSITORY.resolve("deployment/grafana");
        Path generatedPrometheus = REPOSITORY.resolve("deployment/prometheus");
        int binds = 0;
        for (Map.Entry<String, Map<String, Object>> s : services.entrySet()) {
            for (Mount mount : mounts(s.getValue())) {
                if (!mount.bind()) {
                    assertTrue(map(config.get("volumes"), "volumes").containsKey(mount.source()),
                            s.getKey() + ": volume " + mount.source() + " is not declared");
                    continue;
                }
                binds++;
                Path host = Path.of(mount.source()).normalize();
                assertTrue(host.startsWith(REPOSITORY),
                        s.getKey() + " mounts " + host + " from outside the repository");
                assertTrue(Files.exists(host), s.getKey() + " mounts " + host + ", which does not exist");
                assertTrue(mount.readOnly(), s.getKey() + " must mount " + host + " read-only");
                List<Path> files;
                try (Stream<Path> walk = Files.walk(host)) {
                    files = walk.filter(Files::isRegularFile).toList();
                }
                assertFalse(files.isEmpty(), host + " holds no file");
                for (Path f : files) {
                    if (f.startsWith(generatedGrafana) || f.startsWith(generatedPrometheus)) {
                        assertTrue(generated.contains(f.toString()),
                                s.getKey() + " mounts " + f + ", which the generator does not write");
                    } else {
                        assertTrue(f.startsWith(COMPOSE_DIR), s.getKey() + " mounts " + f
                                + ": only generated files and files of deployment/compose may be mounted");
                    }
                }
            }
        }
        assertTrue(binds >= 6, "expected the provisioning files to be bind-mounted, found " + binds);
    }

    @Test
    void prometheusRunsTheGeneratedConfigurationAndRules() throws IOException {
        Map<String, Object> prometheus = service("prometheus");
        Path config = hostPath(prometheus, configFlag(prometheus, "--config.file", "/etc/prometheus/prometheus.yml"));
        assertEquals(REPOSITORY.resolve("deployment").resolve(PrometheusArtifacts.PROMETHEUS_YML), config);
        Map<String, Object> yml = Yaml.read(config);
        List<Object> ruleFiles = list(yml.get("rule_files"), "rule_files");
        assertFalse(ruleFiles.isEmpty(), "prometheus.yml loads the generated rules");
        for (Object ruleFile : ruleFiles) {
            assertTrue(string(ruleFile).startsWith(ServerConfig.CONTAINER_RULES_DIR));
            Path host = hostPath(prometheus, string(ruleFile));
            assertEquals(REPOSITORY.resolve("deployment").resolve(PrometheusArtifacts.RULES_DIR)
                    .resolve(Path.of(string(ruleFile)).getFileName().toString()), host);
            assertTrue(Files.isRegularFile(host), ruleFile + " is mounted from " + host + ", which does not exist");
        }
        assertEquals(List.of(List.of(9090, 9090)), ports(prometheus));
    }

    @Test
    void grafanaIsProvisionedFromTheGeneratedFiles() throws IOException {
        Map<String, Object> grafana = service("grafana");
        Path deployment = REPOSITORY.resolve("deployment");
        Path datasources = hostPath(grafana, "/etc/grafana/provisioning/datasources/prometheus.yml");
        assertEquals(deployment.resolve("grafana/provisioning/datasources/prometheus.yml"), datasources);
        Path providers = hostPath(grafana, "/etc/grafana/provisioning/dashboards/runner-metrics.yml");
        assertEquals(deployment.resolve("grafana/provisioning/dashboards/runner-metrics.yml"), providers);

        Map<String, Object> provider = Yaml.maps(Yaml.read(providers).get("providers"), "providers").get(0);
        String dashboardsPath = string(Yaml.at(provider, "options.path"));
        assertEquals(GrafanaArtifacts.CONTAINER_DASHBOARDS, dashboardsPath);
        Path dashboard = hostPath(grafana, dashboardsPath + "/" + GrafanaArtifacts.DASHBOARD_FILE);
        assertEquals(deployment.resolve(GrafanaArtifacts.PROVISIONED), dashboard);
        String home = string(map(grafana.get("environment"), "environment")
                .get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"));
        assertEquals(dashboard, hostPath(grafana, home), "the home dashboard is the provisioned one");

        Map<String, Object> ds = Yaml.maps(Yaml.read(datasources).get("datasources"), "datasources").get(0);
        URI url = URI.create(string(ds.get("url")));
        assertTrue(services.containsKey(url.getHost()), "the datasource points at " + url + ", not a service");
        assertTrue(ports(service(url.getHost())).stream().anyMatch(p -> p.get(1) == url.getPort()),
                "the datasource port " + url.getPort() + " is Prometheus' container port");
    }

    @Test
    void alertmanagerIsOptionalAndLeavesTheExporterPortsAlone() {
        Map<String, Object> alertmanager = service("alertmanager");
        assertEquals(List.of("alerting"), alertmanager.get("profiles"),
                "Alertmanager runs only with --profile alerting");
        String[] target = ServerConfig.ALERTMANAGER.split(":");
        assertEquals("alertmanager", target[0], "prometheus.yml sends alerts to this service");
        int containerPort = Integer.parseInt(target[1]);
        List<List<Integer>> published = ports(alertmanager);
        assertEquals(1, published.size());
        assertEquals(containerPort, published.get(0).get(1), "Alertmanager listens on " + containerPort);
        assertFalse(ScrapeConfigs.COMPOSE_EXPORTERS.containsValue(published.get(0).get(0)),
                "Alertmanager must not be published on an exporter's host port");
        Path config = hostPath(alertmanager, configFlag(alertmanager, "--config.file",
                "/etc/alertmanager/alertmanager.yml"));
        assertEquals(COMPOSE_DIR.resolve("alertmanager.yml"), config);
        for (Map.Entry<String, Map<String, Object>> s : services.entrySet()) {
            if (!s.getKey().equals("alertmanager") && !s.getKey().equals(ScrapeConfigs.COMPOSE_HUB)) {
                assertEquals(null, s.getValue().get("profiles"), s.getKey() + " runs without a profile");
            }
        }
    }

    @Test
    void alertmanagerConfigurationRoutesToADeclaredReceiver() throws IOException {
        Map<String, Object> am = Yaml.read(COMPOSE_DIR.resolve("alertmanager.yml"));
        Set<String> receivers = new HashSet<>();
        Yaml.maps(am.get("receivers"), "receivers").forEach(r -> receivers.add(string(r.get("name"))));
        Map<String, Object> route = Yaml.mapAt(am, "route");
        assertTrue(receivers.contains(string(route.get("receiver"))), "the root route's receiver is declared");
        if (route.get("routes") != null) {
            for (Map<String, Object> sub : Yaml.maps(route.get("routes"), "routes")) {
                assertTrue(receivers.contains(string(sub.get("receiver"))), "sub-route receiver is declared");
            }
        }
    }

    @Test
    void noHostPortIsPublishedTwice() {
        Set<Integer> seen = new HashSet<>();
        for (Map.Entry<String, Map<String, Object>> s : services.entrySet()) {
            for (List<Integer> p : ports(s.getValue())) {
                assertTrue(seen.add(p.get(0)), s.getKey() + " publishes host port " + p.get(0) + " again");
            }
        }
        assertNotEquals(0, seen.size());
    }

    /**
     * The hub (profile "hub") watches no runner: RUNNERS=none and nothing naming or mounting a runner; its secret is a
     * Compose secret file that is not committed; Prometheus finds it by name on its METRICS_PORT, never on the
     * webhook port, in a job the rules select (github-runners*).
     */
    @Test
    void theHubWatchesNoRunnerTakesItsSecretFromAFileAndIsScrapedOnItsMetricsPort() throws IOException {
        Map<String, Object> hub = service(ScrapeConfigs.COMPOSE_HUB);
        assertEquals(List.of("hub"), hub.get("profiles"), "the hub runs only with --profile hub");
        Map<String, String> env = env(hub);
        assertEquals("none", env.get("RUNNERS"), "a hub without a runner says so: RUNNERS=none");
        assertFalse(env.containsKey("RUNNER_DIR") || env.containsKey("RUNNER_NAME"),
                "the exporter refuses RUNNER_DIR or RUNNER_NAME beside RUNNERS=none");
        for (Mount mount : mounts(hub)) {
            assertFalse(mount.source().startsWith("runner-"), "the hub mounts no runner volume: " + mount);
        }
        assertFalse(env.containsKey("GITHUB_WEBHOOK_SECRET"), "no secret in the environment or the file");

        List<Object> secrets = list(hub.get("secrets"), "secrets");
        assertEquals(1, secrets.size());
        String secret = string(map(secrets.get(0), "secret").get("source"));
        assertEquals("/run/secrets/" + secret, env.get("RUNNER_METRICS_WEBHOOK_SECRET_FILE"),
                "the receiver reads the secret Compose mounts");
        Path file = Path.of(string(Yaml.at(config, "secrets." + secret + ".file")));
        assertEquals(COMPOSE_DIR, file.getParent(), "the secret file sits beside docker-compose.yml");
        Path gitignore = REPOSITORY.resolve(".gitignore");
        assertTrue(Files.readAllLines(gitignore).contains(REPOSITORY.relativize(file).toString()),
                file + " must be listed in .gitignore: a committed secret lets anyone forge deliveries");

        int metricsPort = Integer.parseInt(env.get("METRICS_PORT"));
        int webhookPort = Integer.parseInt(env.get("WEBHOOK_PORT"));
        assertNotEquals(metricsPort, webhookPort, "the webhook port is the receiver's own");
        assertEquals(ScrapeConfigs.COMPOSE_HUB_PORT, metricsPort);
        assertEquals(Set.of(List.of(metricsPort, metricsPort), List.of(webhookPort, webhookPort)),
                new HashSet<>(ports(hub)));

        Map<String, Object> prometheusYml = Yaml.read(REPOSITORY.resolve("deployment")
                .resolve(PrometheusArtifacts.PROMETHEUS_YML));
        List<Map<String, Object>> hubJobs = Yaml.maps(prometheusYml.get("scrape_configs"), "scrape_configs")
                .stream().filter(j -> j.containsKey("dns_sd_configs")).toList();
        assertEquals(1, hubJobs.size(), "one job finds the hub");
        Map<String, Object> job = hubJobs.get(0);
        assertTrue(string(job.get("job_name")).startsWith(ScrapeConfigs.JOB_PREFIX),
                "the rules (queue time among them) select job=~\"github-runners.*\"");
        Map<String, Object> dns = Yaml.maps(job.get("dns_sd_configs"), "dns_sd_configs").get(0);
        assertEquals(List.of(ScrapeConfigs.COMPOSE_HUB), dns.get("names"), "the hub's service name");
        assertEquals("A", dns.get("type"));
        assertEquals(metricsPort, dns.get("port"), "scraped on METRICS_PORT, never on the webhook port");
    }

    private static List<String> exportersAndHub() {
        List<String> names = new ArrayList<>(ScrapeConfigs.COMPOSE_EXPORTERS.keySet());
        names.add(ScrapeConfigs.COMPOSE_HUB);
        return names;
    }

    private static String runnerOf(String exporter) {
        assertTrue(exporter.endsWith(EXPORTER_SUFFIX), exporter);
        return exporter.substring(0, exporter.length() - EXPORTER_SUFFIX.length());
    }

    private static Map<String, Object> service(String name) {
        Map<String, Object> s = services.get(name);
        assertNotNull(s, "no service " + name);
        return s;
    }

    private static Map<String, String> env(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object raw = service.get("environment");
        if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else if (raw instanceof List<?> l) {
            for (Object entry : l) {
                String[] kv = String.valueOf(entry).split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : null);
            }
        }
        return env;
    }

    static List<Mount> mounts(Map<String, Object> service) {
        List<Mount> mounts = new ArrayList<>();
        if (service.get("volumes") == null) {
            return mounts;
        }
        for (Object v : list(service.get("volumes"), "volumes")) {
            if (v instanceof Map<?, ?> m) {
                mounts.add(new Mount(string(m.get("source")), string(m.get("target")),
                        Boolean.TRUE.equals(m.get("read_only"))));
            } else {
                String[] parts = String.valueOf(v).split(":");
                assertTrue(parts.length == 2 || parts.length == 3, "volume " + v);
                mounts.add(new Mount(parts[0], parts[1], parts.length == 3 && parts[2].contains("ro")));
            }
        }
        return mounts;
    }

    /** Published ports as [host, container] pairs. */
    private static List<List<Integer>> ports(Map<String, Object> service) {
        List<List<Integer>> out = new ArrayList<>();
        if (service.get("ports") == null) {
            return out;
        }
        for (Object p : list(service.get("ports"), "ports")) {
            if (p instanceof Map<?, ?> m) {
                out.add(List.of(Integer.parseInt(string(m.get("published"))),
                        Integer.parseInt(string(m.get("target")))));
            } else {
                String[] parts = String.valueOf(p).split(":");
                out.add(List.of(Integer.parseInt(parts[parts.length - 2]),
                        Integer.parseInt(parts[parts.length - 1].replace("/tcp", ""))));
            }
        }
        return out;
    }

    /** The host file behind a path inside a service's container, through its bind mounts. */
    private static Path hostPath(Map<String, Object> service, String containerPath) {
        Mount best = null;
        for (Mount mount : mounts(service)) {
            if (mount.bind() && (containerPath.equals(mount.target())
                    || containerPath.startsWith(mount.target() + "/"))
                    && (best == null || mount.target().length() > best.target().length())) {
                best = mount;
            }
        }
        if (best == null) {
            return fail(containerPath + " is not bind-mounted from the repository");
        }
        String rest = containerPath.substring(best.target().length());
        Path host = Path.of(best.source() + rest).normalize();
        assertTrue(Files.isRegularFile(host), containerPath + " is mounted from " + host + ", which is not a file");
        return host;
    }

    /** The value of {@code flag=value} in the service's command, or the image's default when absent. */
    private static String configFlag(Map<String, Object> service, String flag, String imageDefault) {
        if (service.get("command") == null) {
            return imageDefault;
        }
        for (Object arg : list(service.get("command"), "command")) {
            if (string(arg).startsWith(flag + "=")) {
                return string(arg).substring(flag.length() + 1);
            }
        }
        return imageDefault;
    }
}
