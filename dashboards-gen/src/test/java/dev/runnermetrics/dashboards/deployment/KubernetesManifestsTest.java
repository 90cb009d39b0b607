package dev.runnermetrics.dashboards.deployment;

import static dev.runnermetrics.dashboards.deployment.Yaml.REPOSITORY;
import static dev.runnermetrics.dashboards.deployment.Yaml.at;
import static dev.runnermetrics.dashboards.deployment.Yaml.map;
import static dev.runnermetrics.dashboards.deployment.Yaml.mapAt;
import static dev.runnermetrics.dashboards.deployment.Yaml.maps;
import static dev.runnermetrics.dashboards.deployment.Yaml.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runnermetrics.dashboards.Generate;
import dev.runnermetrics.dashboards.output.Artifact;
import dev.runnermetrics.dashboards.output.GrafanaArtifacts;
import dev.runnermetrics.dashboards.output.Json;
import dev.runnermetrics.dashboards.output.KubernetesArtifacts;
import dev.runnermetrics.dashboards.prometheus.ScrapeConfigs;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manifests under deployment/kubernetes, parsed with Jackson and checked for the structure Kubernetes, the
 * Prometheus Operator and Grafana's sidecar need (no kubeconform or cluster here): identity fields, selectors that
 * match the pod labels, the exporter sidecar's port name, probes, read-only mount of the runner's _diag, security
 * context and resources, and the dashboard ConfigMap holding exactly the generated dashboard.
 */
class KubernetesManifestsTest {

    static final Path DIR = REPOSITORY.resolve("deployment/kubernetes");
    static final Path ARC_VALUES = DIR.resolve("arc/gha-runner-scale-set-values.yaml");
    static final String SIDECAR = "runner-metrics";
    static final String RUNNER = "runner";
    private static final Set<String> KINDS = Set.of("Deployment", "Service", "ServiceMonitor", "PodMonitor",
            "ConfigMap");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    /** Every manifest, keyed by kind (one of each). */
    static Map<String, Map<String, Object>> manifests() throws IOException {
        Map<String, Map<String, Object>> byKind = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(DIR)) {
            files = list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                    .toList();
        }
        for (Path file : files) {
            for (Map<String, Object> doc : Yaml.readAll(file)) {
                String kind = string(doc.get("kind"));
                assertTrue(KINDS.contains(kind), file + ": unexpected kind " + kind);
                assertEquals(null, byKind.put(kind, doc), "two manifests of kind " + kind);
            }
        }
        return byKind;
    }

    @Test
    void everyManifestHasApiVersionKindAndAValidName() throws IOException {
        Map<String, String> apiVersions = Map.of("Deployment", "apps/v1", "Service", "v1", "ConfigMap", "v1",
                "ServiceMonitor", "monitoring.coreos.com/v1", "PodMonitor", "monitoring.coreos.com/v1");
        Map<String, Map<String, Object>> all = manifests();
        assertEquals(KINDS, all.keySet());
        for (Map.Entry<String, Map<String, Object>> m : all.entrySet()) {
            assertEquals(apiVersions.get(m.getKey()), m.getValue().get("apiVersion"), m.getKey() + " apiVersion");
            String name = string(at(m.getValue(), "metadata.name"));
            assertNotNull(name, m.getKey() + " metadata.name");
            assertTrue(name.length() <= 63 && DNS_LABEL.matcher(name).matches(), m.getKey() + " name " + name);
            Map<String, Object> metadata = mapAt(m.getValue(), "metadata");
            assertEquals(null, metadata.get("namespace"), m.getKey() + " leaves the namespace to kubectl -n");
            labelsAreStrings(m.getKey() + " metadata.labels", metadata.get("labels"));
        }
    }

    @Test
    void theDeploymentSelectsItsOwnPodsAndSharesTheDiagFolderReadOnly() throws IOException {
        Map<String, Object> deployment = manifests().get("Deployment");
        Map<String, Object> matchLabels = mapAt(deployment, "spec.selector.matchLabels");
        Map<String, Object> podLabels = mapAt(deployment, "spec.template.metadata.labels");
        labelsAreStrings("pod labels", podLabels);
        assertFalse(matchLabels.isEmpty());
        assertTrue(podLabels.entrySet().containsAll(matchLabels.entrySet()),
                "the Deployment's selector " + matchLabels + " must match its pod labels " + podLabels);
        exporterSidecar(mapAt(deployment, "spec.template.spec"), "Deployment");
    }

    @Test
    void theArcScaleSetValuesCarryTheSameSidecar() throws IOException {
        Map<String, Object> values = Yaml.read(ARC_VALUES);
        Map<String, Object> podSpec = mapAt(values, "template.spec");
        exporterSidecar(podSpec, "ARC values");
        Map<String, Object> runner = container(podSpec, RUNNER);
        assertEquals(List.of("/home/runner/run.sh"), runner.get("command"),
                "ARC starts the runner with run.sh (it passes a just-in-time configuration)");
        Map<String, Object> deploymentSpec = mapAt(manifests().get("Deployment"), "spec.template.spec");
        assertEquals(container(deploymentSpec, SIDECAR), container(podSpec, SIDECAR),
                "the sidecar in arc/gha-runner-scale-set-values.yaml and runner-deployment.yaml must be the same");
        assertEquals(volumesByName(deploymentSpec), volumesByName(podSpec), "the same volumes");
        Map<String, Object> podLabels = mapAt(values, "template.metadata.labels");
        Map<String, Object> selector = mapAt(manifests().get("PodMonitor"), "spec.selector.matchLabels");
        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()),
                "the PodMonitor must select the scale set's runner pods");
    }

    @Test
    void theServiceAndServiceMonitorReachTheSidecarPort() throws IOException {
        Map<String, Map<String, Object>> all = manifests();
        Map<String, Object> service = all.get("Service");
        Map<String, Object> podLabels = mapAt(all.get("Deployment"), "spec.template.metadata.labels");
        Map<String, Object> selector = mapAt(service, "spec.selector");
        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()), "the Service selects the runner pods");
        Map<String, Object> port = maps(at(service, "spec.ports"), "ports").get(0);
        assertEquals(ScrapeConfigs.KUBERNETES_PORT_NAME, port.get("name"));
        assertEquals(ScrapeConfigs.KUBERNETES_PORT_NAME, string(port.get("targetPort")),
                "targetPort by name follows the container port");
        assertEquals(Boolean.TRUE, at(service, "spec.publishNotReadyAddresses"),
                "scrape exporters that are not ready (source_up tells why) and terminating pods (their last job)");
        String serviceName = string(at(service, "metadata.name"));
        assertTrue(serviceName.startsWith(ScrapeConfigs.JOB_PREFIX),
                "a ServiceMonitor's job label is the Service name; the rules select job=~\"github-runners.*\"");

        Map<String, Object> monitor = all.get("ServiceMonitor");
        Map<String, Object> serviceLabels = mapAt(service, "metadata.labels");
        Map<String, Object> monitorSelector = mapAt(monitor, "spec.selector.matchLabels");
        assertTrue(serviceLabels.entrySet().containsAll(monitorSelector.entrySet()),
                "the ServiceMonitor selects the Service by its labels");
        Map<String, Object> endpoint = maps(at(monitor, "spec.endpoints"), "endpoints").get(0);
        assertEquals(ScrapeConfigs.KUBERNETES_PORT_NAME, endpoint.get("port"));
        assertEquals(ScrapeConfigs.METRICS_PATH, endpoint.get("path"));
        assertEquals(ScrapeConfigs.SCRAPE_INTERVAL, endpoint.get("interval"));
    }

    @Test
    void thePodMonitorScrapesTheSidecarPortUnderAGithubRunnersJob() throws IOException {
        Map<String, Map<String, Object>> all = manifests();
        Map<String, Object> monitor = all.get("PodMonitor");
        Map<String, Object> podLabels = mapAt(all.get("Deployment"), "spec.template.metadata.labels");
        Map<String, Object> selector = mapAt(monitor, "spec.selector.matchLabels");
        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()), "the PodMonitor selects the runner pods");
        Map<String, Object> endpoint = maps(at(monitor, "spec.podMetricsEndpoints"), "podMetricsEndpoints").get(0);
        assertEquals(ScrapeConfigs.KUBERNETES_PORT_NAME, endpoint.get("port"));
        assertEquals(ScrapeConfigs.METRICS_PATH, endpoint.get("path"));
        assertEquals(ScrapeConfigs.SCRAPE_INTERVAL, endpoint.get("interval"));
        List<Map<String, Object>> jobRelabel = maps(endpoint.get("relabelings"), "relabelings").stream()
                .filter(r -> "job".equals(r.get("targetLabel"))).toList();
        assertEquals(1, jobRelabel.size(), "the PodMonitor sets the job label");
        assertTrue(string(jobRelabel.get(0).get("replacement")).startsWith(ScrapeConfigs.JOB_PREFIX),
                "the rules select job=~\"github-runners.*\"");
    }

    @Test
    void theGeneratedKubernetesScrapeConfigKeepsTheSidecar() throws IOException {
        Map<String, Object> sidecar = container(mapAt(manifests().get("Deployment"), "spec.template.spec"), SIDECAR);
        String portName = string(maps(sidecar.get("ports"), "ports").get(0).get("name"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> relabels = (List<Map<String, Object>>) ScrapeConfigs.kubernetesJob()
                .get("relabel_configs");
        Map<String, Object> keep = relabels.stream().filter(r -> "keep".equals(r.get("action"))).findFirst()
                .orElseThrow();
        assertEquals(List.of("__meta_kubernetes_pod_container_port_name"), keep.get("source_labels"));
        assertTrue(Pattern.matches(string(keep.get("regex")), portName),
                "the generated kubernetes scrape config would drop port " + portName);
        assertTrue(portName.length() <= 15, "a container port name has at most 15 characters");
    }

    @Test
    void theDashboardConfigMapHoldsEveryGeneratedDashboard() throws IOException {
        Map<String, Object> configMap = manifests().get("ConfigMap");
        Map<String, Object> labels = mapAt(configMap, "metadata.labels");
        assertEquals(KubernetesArtifacts.SIDECAR_LABEL_VALUE, labels.get(KubernetesArtifacts.SIDECAR_LABEL),
                "Grafana's sidecar loads ConfigMaps labelled grafana_dashboard: \"1\" (a string)");
        Map<String, Object> data = mapAt(configMap, "data");
        List<Artifact> provisioned = Generate.artifacts().stream()
                .filter(a -> a.path().startsWith(GrafanaArtifacts.PROVISIONED_DIR)).toList();
        assertEquals(4, provisioned.size(), "the suite's four dashboards");
        assertEquals(provisioned.stream().map(a -> a.path().substring(GrafanaArtifacts.PROVISIONED_DIR.length()))
                .collect(Collectors.toSet()), data.keySet());
        assertTrue(data.containsKey(GrafanaArtifacts.DASHBOARD_FILE), "the overview keeps its file name");
        int total = 0;
        for (Artifact a : provisioned) {
            String json = string(data.get(a.path().substring(GrafanaArtifacts.PROVISIONED_DIR.length())));
            assertEquals(a.content(), json, "the ConfigMap holds the provisioned dashboard byte for byte: " + a.path());
            JsonNode committed = Json.JSON.readTree(Files.readString(REPOSITORY.resolve("deployment")
                    .resolve(a.path()), StandardCharsets.UTF_8));
            assertEquals(committed, Json.JSON.readTree(json), "and equals deployment/grafana/dashboards' copy");
            assertFalse(json.contains("${DS_"), "the sidecar provisions from files, which cannot fill ${DS_...} inputs");
            total += json.length();
        }
        assertTrue(total < 262_144, "kubectl apply stores the object in an annotation limited to 256 KiB: " + total);
    }

    /** The webhook hub's manifests under hub/, keyed by kind (one of each). */
    static Map<String, Map<String, Object>> hubManifests() throws IOException {
        Map<String, Map<String, Object>> byKind = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(DIR.resolve("hub"))) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path file : files) {
            for (Map<String, Object> doc : Yaml.readAll(file)) {
                assertEquals(null, byKind.put(string(doc.get("kind")), doc), "two hub manifests of one kind");
            }
        }
        assertEquals(Set.of("Deployment", "Service", "PersistentVolumeClaim"), byKind.keySet());
        for (Map.Entry<String, Map<String, Object>> m : byKind.entrySet()) {
            assertEquals(m.getKey().equals("Deployment") ? "apps/v1" : "v1", m.getValue().get("apiVersion"));
            String name = string(at(m.getValue(), "metadata.name"));
            assertTrue(name.length() <= 63 && DNS_LABEL.matcher(name).matches(), m.getKey() + " name " + name);
            assertEquals(null, mapAt(m.getValue(), "metadata").get("namespace"), m.getKey() + " namespace");
            labelsAreStrings(m.getKey() + " metadata.labels", mapAt(m.getValue(), "metadata").get("labels"));
        }
        return byKind;
    }

    /**
     * The hub: one replica with no runner (RUNNERS=none, nothing naming or mounting one), the secret from a Secret
     * volume, its state on a claim, probes on the metrics port, scraped by the same monitors as the sidecars, and a
     * Service for GitHub that exposes the webhook port and nothing else.
     */
    @Test
    void theHubWatchesNoRunnerAndServesWebhooksOnItsOwnPort() throws IOException {
        Map<String, Map<String, Object>> hub = hubManifests();
        Map<String, Object> deployment = hub.get("Deployment");
        assertEquals(1, ((Number) at(deployment, "spec.replicas")).intValue(), "one hub: each delivery comes once");
        assertEquals("Recreate", at(deployment, "spec.strategy.type"), "never two hubs on one state volume");
        Map<String, Object> podLabels = mapAt(deployment, "spec.template.metadata.labels");
        labelsAreStrings("hub pod labels", podLabels);
        assertTrue(podLabels.entrySet().containsAll(mapAt(deployment, "spec.selector.matchLabels").entrySet()));
        Map<String, Object> podSpec = mapAt(deployment, "spec.template.spec");
        assertEquals(1, maps(podSpec.get("containers"), "containers").size(), "no runner container");
        Map<String, Object> exporter = container(podSpec, SIDECAR);
        Map<String, String> env = env(exporter);
        assertEquals("none", env.get("RUNNERS"));
        assertFalse(env.containsKey("RUNNER_DIR") || env.containsKey("RUNNER_NAME"),
                "the exporter refuses RUNNER_DIR or RUNNER_NAME beside RUNNERS=none");
        assertFalse(env.containsKey("GITHUB_WEBHOOK_SECRET"), "the secret comes from a Secret volume, not a value");

        Map<String, Map<String, Object>> volumes = volumesByName(podSpec);
        String secretFile = env.get("RUNNER_METRICS_WEBHOOK_SECRET_FILE");
        Map<String, Object> secretMount = mounts(exporter).stream()
                .filter(m -> secretFile.startsWith(string(m.get("mountPath")) + "/")).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + secretFile));
        assertEquals(Boolean.TRUE, secretMount.get("readOnly"));
        Map<String, Object> secret = mapAt(volumes.get(string(secretMount.get("name"))), "secret");
        assertEquals("github-webhook-secret", secret.get("secretName"), "the Secret the docs tell to create");
        String fileName = secretFile.substring(string(secretMount.get("mountPath")).length() + 1);
        assertTrue(maps(secret.get("items"), "items").stream().anyMatch(i -> fileName.equals(i.get("path"))),
                "the Secret's key is projected to " + secretFile);

        int metricsPort = Integer.parseInt(env.get("METRICS_PORT"));
        int webhookPort = Integer.parseInt(env.get("WEBHOOK_PORT"));
        assertFalse(metricsPort == webhookPort);
        Map<String, Integer> ports = new TreeMap<>();
        maps(exporter.get("ports"), "ports").forEach(p -> ports.put(string(p.get("name")),
                ((Number) p.get("containerPort")).intValue()));
        assertEquals(Map.of(ScrapeConfigs.KUBERNETES_PORT_NAME, metricsPort, "webhook", webhookPort), ports);
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertEquals(ScrapeConfigs.KUBERNETES_PORT_NAME, string(at(exporter, probe + ".httpGet.port")),
                    probe + " on the metrics port");
        }
        assertEquals("/q/health/ready", at(exporter, "readinessProbe.httpGet.path"));

        String stateDir = env.get("STATE_DIR");
        Map<String, Object> stateMount = mounts(exporter).stream()
                .filter(m -> string(m.get("mountPath")).equals(stateDir)).findFirst().orElseThrow();
        assertFalse(Boolean.TRUE.equals(stateMount.get("readOnly")), "the hub writes its state");
        assertEquals(at(hub.get("PersistentVolumeClaim"), "metadata.name"),
                at(volumes.get(string(stateMount.get("name"))), "persistentVolumeClaim.claimName"),
                "webhook figures and delivery ids outlive the pod");
        Map<String, Object> security = mapAt(exporter, "securityContext");
        assertEquals(Boolean.TRUE, security.get("runAsNonRoot"));
        assertEquals(Boolean.TRUE, security.get("readOnlyRootFilesystem"));
        assertEquals(Boolean.FALSE, security.get("allowPrivilegeEscalation"));
        assertEquals(List.of("ALL"), at(security, "capabilities.drop"));
        assertTrue(mounts(exporter).stream().anyMatch(m -> string(m.get("mountPath")).equals("/tmp")));

        // Scraped like the sidecars, on the metrics port only.
        Map<String, Map<String, Object>> all = manifests();
        for (String selector : List.of("PodMonitor:spec.selector.matchLabels", "Service:spec.selector")) {
            String[] kindPath = selector.split(":");
            assertTrue(podLabels.entrySet().containsAll(mapAt(all.get(kindPath[0]), kindPath[1]).entrySet()),
                    "the " + kindPath[0] + " selects the hub pod too");
        }
        Map<String, Object> webhookService = hub.get("Service");
        assertTrue(podLabels.entrySet().containsAll(mapAt(webhookService, "spec.selector").entrySet()),
                "the webhook Service selects the hub pod");
        assertFalse(mapAt(webhookService, "spec.selector").entrySet()
                        .containsAll(mapAt(all.get("Service"), "spec.selector").entrySet()),
                "the webhook Service must not select the runner sidecars");
        List<Map<String, Object>> servicePorts = maps(at(webhookService, "spec.ports"), "ports");
        assertEquals(List.of("webhook"), servicePorts.stream().map(p -> string(p.get("targetPort"))).toList(),
                "GitHub reaches the webhook port and nothing else");
        Map<String, Object> monitorSelector = mapAt(all.get("ServiceMonitor"), "spec.selector.matchLabels");
        assertFalse(mapAt(webhookService, "metadata.labels").entrySet().containsAll(monitorSelector.entrySet()),
                "the ServiceMonitor must not scrape the webhook Service");
    }

    /** Checks the runner and exporter containers of a runner pod spec. */
    static void exporterSidecar(Map<String, Object> podSpec, String where) {
        Map<String, Map<String, Object>> volumes = volumesByName(podSpec);
        Map<String, Object> runner = container(podSpec, RUNNER);
        Map<String, Object> sidecar = container(podSpec, SIDECAR);
        for (Map<String, Object> c : List.of(runner, sidecar)) {
            for (Map<String, Object> mount : mounts(c)) {
                assertTrue(volumes.containsKey(string(mount.get("name"))),
                        where + ": " + c.get("name") + " mounts undeclared volume " + mount.get("name"));
            }
        }

        Map<String, String> env = env(sidecar);
        int port = Integer.parseInt(env.getOrDefault("METRICS_PORT", "9091"));
        List<Map<String, Object>> ports = maps(sidecar.get("ports"), "ports");
        assertEquals(1, ports.size(), where + ": the sidecar exposes one port");
        assertEquals(ScrapeConfigs.KUBERNETES_PORT_NAME, ports.get(0).get("name"), where + ": port name");
        assertEquals(port, ports.get(0).get("containerPort"), where + ": containerPort is METRICS_PORT");

        for (Map.Entry<String, String> probe : Map.of("livenessProbe", "/q/health/live", "readinessProbe",
                "/q/health/ready").entrySet()) {
            Map<String, Object> httpGet = mapAt(sidecar, probe.getKey() + ".httpGet");
            assertEquals(probe.getValue(), httpGet.get("path"), where + ": " + probe.getKey());
            assertEquals(ScrapeConfigs.KUBERNETES_PORT_NAME, string(httpGet.get("port")), where + ": probe port");
        }

        // Ephemeral runners' pods go seconds after the job: serve on for more than one scrape interval.
        int sleep = ((Number) at(sidecar, "lifecycle.preStop.sleep.seconds")).intValue();
        int scrapeInterval = Integer.parseInt(ScrapeConfigs.SCRAPE_INTERVAL.replace("s", ""));
        assertTrue(sleep > scrapeInterval, where + ": preStop sleep " + sleep + " s must exceed the scrape interval");
        Object grace = podSpec.get("terminationGracePeriodSeconds");
        assertTrue((grace == null ? 30 : ((Number) grace).intValue()) > sleep,
                where + ": terminationGracePeriodSeconds must exceed the preStop sleep");

        // The runner writes _diag into an emptyDir; the sidecar reads the same emptyDir, read-only, at RUNNER_DIR.
        Map<String, Object> runnerDiag = mounts(runner).stream()
                .filter(m -> string(m.get("mountPath")).equals("/home/runner/_diag")).findFirst()
                .orElseThrow(() -> new AssertionError(where + ": the runner must mount the shared _diag folder"));
        assertFalse(Boolean.TRUE.equals(runnerDiag.get("readOnly")), where + ": the runner writes _diag");
        String diagVolume = string(runnerDiag.get("name"));
        assertTrue(volumes.get(diagVolume).containsKey("emptyDir"), where + ": " + diagVolume + " is an emptyDir");
        List<Map<String, Object>> sidecarDiag = mounts(sidecar).stream()
                .filter(m -> string(m.get("name")).equals(diagVolume)).toList();
        assertEquals(1, sidecarDiag.size(), where + ": the sidecar mounts " + diagVolume);
        assertEquals(Boolean.TRUE, sidecarDiag.get(0).get("readOnly"), where + ": the sidecar mounts _diag read-only");
        String runnerDir = env.getOrDefault("RUNNER_DIR", "/runner");
        String mountPath = string(sidecarDiag.get(0).get("mountPath"));
        assertTrue(mountPath.equals(runnerDir + "/_diag") || mountPath.equals(runnerDir) && runnerDir.endsWith("_diag"),
                where + ": RUNNER_DIR " + runnerDir + " must be the folder holding _diag, or _diag itself");
        assertEquals("metadata.name", string(at(envEntry(sidecar, "RUNNER_NAME"), "valueFrom.fieldRef.fieldPath")),
                where + ": without a .runner file the sidecar takes the runner's name from the pod");

        String stateDir = env.getOrDefault("STATE_DIR", "/var/lib/runner-metrics");
        assertTrue(mounts(sidecar).stream().anyMatch(m -> string(m.get("mountPath")).equals(stateDir)
                && !Boolean.TRUE.equals(m.get("readOnly"))), where + ": a writable volume at STATE_DIR");
        assertTrue(mounts(sidecar).stream().anyMatch(m -> string(m.get("mountPath")).equals("/tmp")),
                where + ": a writable /tmp, the root filesystem being read-only");

        Map<String, Object> security = mapAt(sidecar, "securityContext");
        assertEquals(Boolean.TRUE, security.get("runAsNonRoot"), where + ": runAsNonRoot");
        assertEquals(Boolean.TRUE, security.get("readOnlyRootFilesystem"), where + ": readOnlyRootFilesystem");
        assertEquals(Boolean.FALSE, security.get("allowPrivilegeEscalation"), where + ": allowPrivilegeEscalation");
        assertEquals(List.of("ALL"), at(security, "capabilities.drop"), where + ": capabilities drop ALL");

        for (String resource : List.of("cpu", "memory")) {
            BigDecimal request = quantity(string(at(sidecar, "resources.requests." + resource)));
            BigDecimal limit = quantity(string(at(sidecar, "resources.limits." + resource)));
            assertTrue(request.compareTo(limit) <= 0, where + ": " + resource + " request above its limit");
        }
        assertTrue(quantity(string(at(sidecar, "resources.limits.memory"))).compareTo(quantity("256Mi")) <= 0,
                where + ": a small sidecar");
        assertTrue(quantity(string(at(sidecar, "resources.requests.memory"))).compareTo(quantity("64Mi")) >= 0,
                where + ": the JVM needs about 80 MB resident");
    }

    private static void labelsAreStrings(String where, Object labels) {
        if (labels == null) {
            return;
        }
        map(labels, where).forEach((k, v) -> assertInstanceOf(String.class, v,
                where + ": label " + k + " must be a string (quote numbers and booleans)"));
    }

    static Map<String, Object> container(Map<String, Object> podSpec, String name) {
        List<Map<String, Object>> matching = maps(podSpec.get("containers"), "containers").stream()
                .filter(c -> name.equals(c.get("name"))).toList();
        assertEquals(1, matching.size(), "one container named " + name);
        return matching.get(0);
    }

    private static Map<String, Map<String, Object>> volumesByName(Map<String, Object> podSpec) {
        Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
        for (Map<String, Object> v : maps(podSpec.get("volumes"), "volumes")) {
            assertEquals(null, volumes.put(string(v.get("name")), v), "volume declared twice: " + v.get("name"));
        }
        return volumes;
    }

    private static List<Map<String, Object>> mounts(Map<String, Object> container) {
        return container.get("volumeMounts") == null ? List.of() : maps(container.get("volumeMounts"), "volumeMounts");
    }

    private static Map<String, Object> envEntry(Map<String, Object> container, String name) {
        return maps(container.get("env"), "env").stream().filter(e -> name.equals(e.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(container.get("name") + " has no " + name));
    }

    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Map<String, Object> e : maps(container.get("env"), "env")) {
            String name = string(e.get("name"));
            assertTrue(seen.add(name), container.get("name") + ": env " + name + " twice");
            if (e.containsKey("value")) {
                assertInstanceOf(String.class, e.get("value"), name + ": env values are strings (quote numbers)");
                env.put(name, string(e.get("value")));
            }
        }
        return env;
    }

    /** A Kubernetes quantity (100m, 96Mi, 1Gi, 2) as a plain number. */
    static BigDecimal quantity(String q) {
        assertNotNull(q, "quantity");
        Map<String, BigDecimal> suffixes = new LinkedHashMap<>();
        suffixes.put("Ki", BigDecimal.valueOf(1L << 10));
        suffixes.put("Mi", BigDecimal.valueOf(1L << 20));
        suffixes.put("Gi", BigDecimal.valueOf(1L << 30));
        suffixes.put("m", new BigDecimal("0.001"));
        suffixes.put("k", BigDecimal.valueOf(1000));
        suffixes.put("M", BigDecimal.valueOf(1_000_000));
        suffixes.put("G", BigDecimal.valueOf(1_000_000_000));
        for (Map.Entry<String, BigDecimal> s : suffixes.entrySet()) {
            if (q.endsWith(s.getKey())) {
                return new BigDecimal(q.substring(0, q.length() - s.getKey().length())).multiply(s.getValue());
            }
        }
        return new BigDecimal(q);
    }
}
