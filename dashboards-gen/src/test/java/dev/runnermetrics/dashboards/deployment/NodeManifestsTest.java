package dev.runnermetrics.dashboards.deployment;

import static dev.runnermetrics.dashboards.deployment.Yaml.REPOSITORY;
import static dev.runnermetrics.dashboards.deployment.Yaml.at;
import static dev.runnermetrics.dashboards.deployment.Yaml.mapAt;
import static dev.runnermetrics.dashboards.deployment.Yaml.maps;
import static dev.runnermetrics.dashboards.deployment.Yaml.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.dashboards.prometheus.ScrapeConfigs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Node mode's manifests under deployment/kubernetes/node and the ARC values for node mode, checked without kubectl:
 * they parse, kinds and apiVersions are known, selectors and port names agree with the monitors and the generated
 * scrape config, the exporter's environment holds only its real settings, RBAC grants reading pods and nothing else,
 * the host's pods folder is mounted read-only, the DaemonSet breaks the Pod Security baseline only by its two
 * hostPath volumes (it is the one privileged reader), and the runner pod that ARC creates from the values passes
 * the restricted profile.
 */
class NodeManifestsTest {

    static final Path DIR = REPOSITORY.resolve("deployment/kubernetes/node");
    static final Path ARC_NODE_VALUES =
            REPOSITORY.resolve("deployment/kubernetes/arc/gha-runner-scale-set-node-values.yaml");
    private static final Map<String, String> API_VERSIONS = Map.of("DaemonSet", "apps/v1", "ServiceAccount", "v1",
            "ClusterRole", "rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "rbac.authorization.k8s.io/v1",
            "PodMonitor", "monitoring.coreos.com/v1");
    private static final Set<String> CLUSTER_SCOPED = Set.of("ClusterRole", "ClusterRoleBinding");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final String EXPORTER = "runner-metrics";
    private static final String PODS_DIR = "/var/lib/kubelet/pods";
    /** The runner's _diag in the ARC runner image (its root is /home/runner). */
    private static final String RUNNER_DIAG = "/home/runner/_diag";
    /** The pod label that types a runner pod in node mode with the Kubernetes API. */
    private static final String TYPE_LABEL = "runner-metrics/type";
    /**
     * Environment the exporter reads outside the Setting enum: Quarkus' port and address (CONFIGURATION.md), and
     * NODE_NAME, the node the Kubernetes API path asks about (issue 14; it joins Setting with that path).
     */
    private static final Set<String> OTHER_ENV = Set.of("METRICS_PORT", "METRICS_BIND_ADDRESS", "NODE_NAME");

    /** Every document under node/, keyed by kind (one of each). */
    static Map<String, Map<String, Object>> manifests() throws IOException {
        Map<String, Map<String, Object>> byKind = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(DIR)) {
            files = list.sorted().toList();
        }
        for (Path file : files) {
            assertTrue(file.toString().endsWith(".yaml"), "only manifests in node/: " + file);
            for (Map<String, Object> doc : Yaml.readAll(file)) {
                String kind = string(doc.get("kind"));
                assertTrue(API_VERSIONS.containsKey(kind), file + ": unexpected kind " + kind);
                assertEquals(null, byKind.put(kind, doc), "two manifests of kind " + kind);
            }
        }
        assertEquals(API_VERSIONS.keySet(), byKind.keySet());
        return byKind;
    }

    @Test
    void everyDocumentParsesWithAKnownKindApiVersionAndName() throws IOException {
        for (Map.Entry<String, Map<String, Object>> m : manifests().entrySet()) {
            assertEquals(API_VERSIONS.get(m.getKey()), m.getValue().get("apiVersion"), m.getKey() + " apiVersion");
            String name = string(at(m.getValue(), "metadata.name"));
            assertNotNull(name, m.getKey() + " metadata.name");
            assertTrue(name.length() <= 63 && DNS_LABEL.matcher(name).matches(), m.getKey() + " name " + name);
            assertEquals(null, mapAt(m.getValue(), "metadata").get("namespace"),
                    m.getKey() + (CLUSTER_SCOPED.contains(m.getKey()) ? " is cluster-scoped"
                            : " leaves the namespace to kubectl -n"));
            mapAt(m.getValue(), "metadata.labels").forEach((k, v) -> assertInstanceOf(String.class, v,
                    "label " + k + " must be a string"));
        }
    }

    @Test
    void theDaemonSetSelectsItsOwnPodsAndRunsAsItsServiceAccount() throws IOException {
        Map<String, Map<String, Object>> all = manifests();
        Map<String, Object> daemonSet = all.get("DaemonSet");
        Map<String, Object> podLabels = mapAt(daemonSet, "spec.template.metadata.labels");
        Map<String, Object> selector = mapAt(daemonSet, "spec.selector.matchLabels");
        assertFalse(selector.isEmpty());
        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()),
                "the DaemonSet's selector " + selector + " must match its pod labels " + podLabels);
        podLabels.forEach((k, v) -> assertInstanceOf(String.class, v, "pod label " + k + " must be a string"));
        assertEquals(at(all.get("ServiceAccount"), "metadata.name"), at(daemonSet, "spec.template.spec.serviceAccountName"));
        List<Map<String, Object>> tolerations = maps(at(daemonSet, "spec.template.spec.tolerations"), "tolerations");
        assertTrue(tolerations.stream().anyMatch(t -> "Exists".equals(t.get("operator")) && t.get("key") == null),
                "runs on tainted runner nodes too");
    }

    @Test
    void theClusterRoleGrantsReadingPodsAndNothingElse() throws IOException {
        Map<String, Map<String, Object>> all = manifests();
        List<Map<String, Object>> rules = maps(at(all.get("ClusterRole"), "rules"), "rules");
        assertEquals(List.of(Map.of("apiGroups", List.of(""), "resources", List.of("pods"),
                "verbs", List.of("get", "list", "watch"))), rules);
        assertEquals(null, all.get("ClusterRole").get("aggregationRule"), "no aggregated permissions");

        Map<String, Object> binding = all.get("ClusterRoleBinding");
        assertEquals(Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "ClusterRole",
                "name", at(all.get("ClusterRole"), "metadata.name")), mapAt(binding, "roleRef"));
        List<Map<String, Object>> subjects = maps(binding.get("subjects"), "subjects");
        assertEquals(1, subjects.size(), "the exporter's ServiceAccount only");
        assertEquals("ServiceAccount", subjects.get(0).get("kind"));
        assertEquals(at(all.get("ServiceAccount"), "metadata.name"), subjects.get(0).get("name"));
        assertNotNull(subjects.get(0).get("namespace"), "a ClusterRoleBinding must name the ServiceAccount's namespace");
    }

    @Test
    void theExporterReadsTheHostsPodsFolderReadOnlyAndKeepsItsStateOnTheNode() throws IOException {
        Map<String, Object> podSpec = mapAt(manifests().get("DaemonSet"), "spec.template.spec");
        Map<String, Object> exporter = onlyContainer(podSpec);
        Map<String, String> env = env(exporter);
        Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
        maps(podSpec.get("volumes"), "volumes").forEach(v -> volumes.put(string(v.get("name")), v));
        List<Map<String, Object>> hostMounts = new ArrayList<>();
        for (Map<String, Object> mount : maps(exporter.get("volumeMounts"), "volumeMounts")) {
            Map<String, Object> volume = volumes.get(string(mount.get("name")));
            assertNotNull(volume, "mounts undeclared volume " + mount.get("name"));
            if (volume.containsKey("hostPath")) {
                hostMounts.add(mount);
            }
        }
        assertEquals(2, hostMounts.size(), "two host folders: the pods and the state");
        Map<String, Object> pods = mountAt(exporter, env.get("KUBELET_PODS_DIR"));
        assertEquals(PODS_DIR, env.get("KUBELET_PODS_DIR"));
        assertEquals(PODS_DIR, at(volumes.get(string(pods.get("name"))), "hostPath.path"));
        assertEquals(Boolean.TRUE, pods.get("readOnly"), "the kubelet's pods folder is mounted read-only");
        assertEquals("HostToContainer", pods.get("mountPropagation"),
                "volumes mounted after the exporter started must appear in it");
        Map<String, Object> state = mountAt(exporter, env.get("STATE_DIR"));
        assertFalse(Boolean.TRUE.equals(state.get("readOnly")), "the exporter writes its state");
        assertTrue(volumes.get(string(state.get("name"))).containsKey("hostPath"),
                "the per-type totals of gone pods outlive the exporter pod on its node");
        for (Map<String, Object> mount : hostMounts) {
            assertTrue(mount == pods || mount == state, "no other host folder: " + mount);
            assertFalse("Bidirectional".equals(mount.get("mountPropagation")), "Bidirectional needs privileged");
        }
        assertTrue(maps(exporter.get("volumeMounts"), "volumeMounts").stream()
                .anyMatch(m -> "/tmp".equals(m.get("mountPath"))), "a writable /tmp, the root filesystem being read-only");
    }

    @Test
    void theEnvironmentHoldsOnlyTheExportersSettingsForNodeModeWithTheApi() throws IOException {
        Map<String, Object> exporter = onlyContainer(mapAt(manifests().get("DaemonSet"), "spec.template.spec"));
        Set<String> known = new HashSet<>(settingEnvNames());
        known.addAll(OTHER_ENV);
        Set<String> names = new HashSet<>();
        for (Map<String, Object> e : maps(exporter.get("env"), "env")) {
            String name = string(e.get("name"));
            assertTrue(names.add(name), "env " + name + " twice");
            assertTrue(known.contains(name), name + " is not a setting of the exporter");
        }
        Map<String, String> env = env(exporter);
        assertEquals("kubelet", env.get("RUNNER_DISCOVERY"));
        assertEquals("on", env.get("KUBERNETES_API"));
        assertEquals("spec.nodeName", at(envEntry(exporter, "NODE_NAME"), "valueFrom.fieldRef.fieldPath"));
        for (String refused : List.of("RUNNERS", "RUNNER_NAME", "RUNNER_DIR")) {
            assertFalse(names.contains(refused), refused + " contradicts node mode and is refused at start");
        }
        Map<String, Object> port = maps(exporter.get("ports"), "ports").get(0);
        assertEquals(Integer.parseInt(env.getOrDefault("METRICS_PORT", "9091")), port.get("containerPort"));
        assertEquals(volumeName(), env.getOrDefault("RUNNER_DIAG_VOLUME", "runner-diag"),
                "the exporter looks for the volume the ARC values give the runner pods");
        // Every env name in CONFIGURATION.md too, except NODE_NAME, documented there with the API path.
        String configuration = Files.readString(REPOSITORY.resolve("docs/CONFIGURATION.md"), StandardCharsets.UTF_8);
        for (String name : names) {
            assertTrue(name.equals("NODE_NAME") || configuration.contains("`" + name + "`"),
                    name + " is not documented in docs/CONFIGURATION.md");
        }
    }

    @Test
    void thePodMonitorAndTheScrapeConfigFindTheNamedPortOfTheDaemonSetsPodsOnly() throws IOException {
        Map<String, Map<String, Object>> all = manifests();
        Map<String, Object> daemonSet = all.get("DaemonSet");
        Map<String, Object> podLabels = mapAt(daemonSet, "spec.template.metadata.labels");
        Map<String, Object> exporter = onlyContainer(mapAt(daemonSet, "spec.template.spec"));
        List<Map<String, Object>> ports = maps(exporter.get("ports"), "ports");
        assertEquals(1, ports.size());
        String portName = string(ports.get(0).get("name"));
        assertEquals(ScrapeConfigs.NODE_PORT_NAME, portName);
        assertTrue(portName.length() <= 15, "a container port name has at most 15 characters");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertEquals(portName, string(at(exporter, probe + ".httpGet.port")), probe + " on the metrics port");
        }
        assertEquals("/q/health/live", at(exporter, "livenessProbe.httpGet.path"));
        assertEquals("/q/health/ready", at(exporter, "readinessProbe.httpGet.path"));
        int sleep = ((Number) at(exporter, "lifecycle.preStop.sleep.seconds")).intValue();
        assertTrue(sleep > Integer.parseInt(ScrapeConfigs.SCRAPE_INTERVAL.replace("s", "")), "one more scrape");
        Object grace = at(daemonSet, "spec.template.spec.terminationGracePeriodSeconds");
        assertTrue((grace == null ? 30 : ((Number) grace).intValue()) > sleep, "grace period above the sleep");

        Map<String, Object> monitor = all.get("PodMonitor");
        assertTrue(podLabels.entrySet().containsAll(mapAt(monitor, "spec.selector.matchLabels").entrySet()),
                "the PodMonitor selects the DaemonSet's pods");
        Map<String, Object> endpoint = maps(at(monitor, "spec.podMetricsEndpoints"), "podMetricsEndpoints").get(0);
        assertEquals(portName, endpoint.get("port"));
        assertEquals(ScrapeConfigs.METRICS_PATH, endpoint.get("path"));
        assertEquals(ScrapeConfigs.SCRAPE_INTERVAL, endpoint.get("interval"));
        List<Map<String, Object>> jobRelabel = maps(endpoint.get("relabelings"), "relabelings").stream()
                .filter(r -> "job".equals(r.get("targetLabel"))).toList();
        assertEquals(1, jobRelabel.size());
        assertEquals(ScrapeConfigs.NODE_JOB, jobRelabel.get(0).get("replacement"),
                "the same job as the generated scrape config, selected by the rules' github-runners.*");

        // The generated kubernetes-node job keeps this pod's port ...
        @SuppressWarnings("unchecked")
        Map<String, Object> keep = ((List<Map<String, Object>>) ScrapeConfigs.kubernetesNodeJob()
                .get("relabel_configs")).get(0);
        assertEquals("keep", keep.get("action"));
        assertTrue(Pattern.matches(string(keep.get("regex")), metaValues(keep, podLabels, portName)),
                "the generated kubernetes-node scrape config would drop the DaemonSet's port");
        // ... and not a sidecar's, which has the sidecar port name and no node labels.
        Map<String, Object> sidecarPod = mapAt(Yaml.read(KubernetesManifestsTest.DIR.resolve("runner-deployment.yaml")),
                "spec.template.metadata.labels");
        assertFalse(Pattern.matches(string(keep.get("regex")),
                metaValues(keep, sidecarPod, ScrapeConfigs.KUBERNETES_PORT_NAME)));
        // The sidecars' monitors do not select the DaemonSet's pods, nor this one the sidecars'.
        Map<String, Object> sidecarMonitor = Yaml.read(KubernetesManifestsTest.DIR.resolve("podmonitor.yaml"));
        assertFalse(podLabels.entrySet().containsAll(mapAt(sidecarMonitor, "spec.selector.matchLabels").entrySet()));
        assertFalse(sidecarPod.entrySet().containsAll(mapAt(monitor, "spec.selector.matchLabels").entrySet()));
        assertFalse(Pattern.matches(ScrapeConfigs.KUBERNETES_PORT_NAME, portName),
                "the sidecar scrape config keeps port runner-metrics only");
    }

    /** The values of a keep rule's source labels for a pod with these labels and this port, joined. */
    private static String metaValues(Map<String, Object> keep, Map<String, Object> podLabels, String portName) {
        List<String> values = new ArrayList<>();
        for (Object source : Yaml.list(keep.get("source_labels"), "source_labels")) {
            String s = string(source);
            if (s.equals("__meta_kubernetes_pod_container_port_name")) {
                values.add(portName);
            } else {
                String label = podLabels.keySet().stream().filter(k -> s.equals("__meta_kubernetes_pod_label_"
                        + k.replaceAll("[^a-zA-Z0-9_]", "_"))).findFirst().orElse(null);
                values.add(label == null ? "" : string(podLabels.get(label)));
            }
        }
        return String.join(string(keep.getOrDefault("separator", ";")), values);
    }

    /**
     * The one privileged reader: the DaemonSet is as tight as reading the kubelet's root-owned folders allows. It
     * breaks the baseline profile only by its two hostPath volumes, and restricted additionally only by those
     * volumes' type and by running as uid 0 (which passes the kubelet's 0750 root folders; every capability is
     * dropped, none added).
     */
    @Test
    void theDaemonSetBreaksBaselineOnlyByItsHostPathVolumes() throws IOException {
        Map<String, Object> template = mapAt(manifests().get("DaemonSet"), "spec.template");
        Map<String, Object> metadata = mapAt(template, "metadata");
        Map<String, Object> spec = mapAt(template, "spec");
        assertEquals(List.of("HostPath Volumes: spec.volumes[kubelet-pods].hostPath",
                "HostPath Volumes: spec.volumes[state].hostPath"), PodSecurityStandards.baseline(metadata, spec));
        assertEquals(List.of("HostPath Volumes: spec.volumes[kubelet-pods].hostPath",
                "HostPath Volumes: spec.volumes[state].hostPath",
                "Volume Types: spec.volumes[kubelet-pods].hostPath",
                "Volume Types: spec.volumes[state].hostPath",
                "Running as Non-root: spec.containers[runner-metrics].securityContext.runAsNonRoot",
                "Running as Non-root user: spec.containers[runner-metrics].securityContext.runAsUser"),
                PodSecurityStandards.restricted(metadata, spec));

        Map<String, Object> security = mapAt(onlyContainer(spec), "securityContext");
        assertEquals(Boolean.TRUE, security.get("readOnlyRootFilesystem"));
        assertEquals(Boolean.FALSE, security.get("allowPrivilegeEscalation"));
        assertEquals(List.of("ALL"), at(security, "capabilities.drop"));
        assertEquals(null, at(security, "capabilities.add"), "uid 0 passes root's folders without a capability");
        assertNotEquals0(security.get("runAsGroup"));
        assertEquals("RuntimeDefault", at(spec, "securityContext.seccompProfile.type"));
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            assertEquals(null, spec.get(host), host);
        }

        Map<String, Object> resources = mapAt(onlyContainer(spec), "resources");
        for (String resource : List.of("cpu", "memory")) {
            assertTrue(KubernetesManifestsTest.quantity(string(at(resources, "requests." + resource))).compareTo(
                    KubernetesManifestsTest.quantity(string(at(resources, "limits." + resource)))) <= 0, resource);
        }
    }

    private static void assertNotEquals0(Object gid) {
        assertTrue(gid instanceof Number n && n.longValue() != 0, "no root group: " + gid);
    }

    /** The ARC values add only the _diag emptyDir and the type label, nothing of the exporter's. */
    @Test
    void theArcNodeValuesAddOnlyTheDiagEmptyDirAndTheTypeLabel() throws IOException {
        Map<String, Object> values = Yaml.read(ARC_NODE_VALUES);
        Map<String, Object> labels = mapAt(values, "template.metadata.labels");
        assertEquals(Set.of(TYPE_LABEL), labels.keySet(), "the type label only (no sidecar monitor's label)");
        assertInstanceOf(String.class, labels.get(TYPE_LABEL));
        assertTrue(DNS_LABEL.matcher(string(labels.get(TYPE_LABEL))).matches(), "a label value");
        Map<String, Object> spec = mapAt(values, "template.spec");
        List<Map<String, Object>> containers = maps(spec.get("containers"), "containers");
        assertEquals(List.of(KubernetesManifestsTest.RUNNER), containers.stream().map(c -> c.get("name")).toList(),
                "no sidecar");
        Map<String, Object> runner = containers.get(0);
        assertEquals(List.of("/home/runner/run.sh"), runner.get("command"), "ARC starts the runner with run.sh");
        assertEquals(List.of(Map.of("name", volumeName(), "mountPath", RUNNER_DIAG)), runner.get("volumeMounts"),
                "the runner writes its _diag into the emptyDir");
        assertEquals(List.of(Map.of("name", volumeName(), "emptyDir", Map.of())), spec.get("volumes"));
    }

    /**
     * The runner pod ARC creates from these values passes the restricted profile. Assumed from the
     * gha-runner-scale-set chart 0.14.2 in its default container mode (containerMode unset) and the controller's
     * EphemeralRunner pod builder: the chart copies template.spec, adds restartPolicy: Never and the scale set's
     * no-permission ServiceAccount; the controller adds the JIT config and two plain variables to the runner's env
     * and two labels; the ServiceAccount admission adds the token as a projected volume. Nothing of that touches a
     * checked field, but the check runs on the whole rendered pod so that it would see it if it did.
     */
    @Test
    void theRunnerPodArcCreatesFromTheValuesPassesRestricted() throws IOException {
        Map<String, Object> values = Yaml.read(ARC_NODE_VALUES);
        Map<String, Object> pod = renderedRunnerPod(values);
        assertEquals(List.of(), PodSecurityStandards.restricted(mapAt(pod, "metadata"), mapAt(pod, "spec")));
        // And the check sees the values: without the runner's securityContext the pod is not restricted.
        Map<String, Object> broken = Yaml.read(ARC_NODE_VALUES);
        maps(at(broken, "template.spec.containers"), "containers").get(0).remove("securityContext");
        Map<String, Object> brokenPod = renderedRunnerPod(broken);
        assertEquals(2, PodSecurityStandards.restricted(mapAt(brokenPod, "metadata"), mapAt(brokenPod, "spec"))
                .size(), "privilege escalation and capabilities");
    }

    /** The sidecar form's runner pods stay restricted too: they gain only the exporter container and its volumes. */
    @Test
    void theRunnerPodArcCreatesFromTheSidecarValuesPassesRestricted() throws IOException {
        Map<String, Object> pod = renderedRunnerPod(Yaml.read(KubernetesManifestsTest.ARC_VALUES));
        assertEquals(List.of(), PodSecurityStandards.restricted(mapAt(pod, "metadata"), mapAt(pod, "spec")));
        Map<String, Object> broken = Yaml.read(KubernetesManifestsTest.ARC_VALUES);
        maps(at(broken, "template.spec.containers"), "containers").get(1).remove("securityContext");
        Map<String, Object> brokenPod = renderedRunnerPod(broken);
        assertEquals(2, PodSecurityStandards.restricted(mapAt(brokenPod, "metadata"), mapAt(brokenPod, "spec"))
                .size(), "the sidecar's privilege escalation and capabilities");
    }

    /** What the chart and the controller make of the values' template (see above). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> renderedRunnerPod(Map<String, Object> values) throws IOException {
        Map<String, Object> template = mapAt(values, "template");
        Map<String, Object> metadata = mapAt(template, "metadata");
        Map<String, Object> labels = mapAt(metadata, "labels");
        labels.put("actions-ephemeral-runner", "True");
        labels.put("pod-template-hash", "5d8f7c9b6");
        Map<String, Object> spec = mapAt(template, "spec");
        spec.putIfAbsent("restartPolicy", "Never");
        spec.putIfAbsent("serviceAccountName", "arc-runner-set-standard-gha-rs-no-permission");
        Map<String, Object> runner = maps(spec.get("containers"), "containers").stream()
                .filter(c -> KubernetesManifestsTest.RUNNER.equals(c.get("name"))).findFirst().orElseThrow();
        List<Object> env = runner.get("env") == null ? new ArrayList<>() : (List<Object>) runner.get("env");
        env.addAll(Yaml.list(Yaml.parse("""
                env:
                  - name: ACTIONS_RUNNER_INPUT_JITCONFIG
                    valueFrom: {secretKeyRef: {name: runner-jit, key: jitToken}}
                  - {name: GITHUB_ACTIONS_RUNNER_EXTRA_USER_AGENT, value: actions-runner-controller}
                  - {name: ACTIONS_RUNNER_RETURN_VERSION_DEPRECATED_EXIT_CODE, value: "1"}
                """).get("env"), "env"));
        runner.put("env", env);
        List<Object> volumes = (List<Object>) spec.get("volumes");
        volumes.add(Yaml.parse("""
                name: kube-api-access
                projected:
                  sources:
                    - serviceAccountToken: {path: token, expirationSeconds: 3607}
                    - configMap: {name: kube-root-ca.crt, items: [{key: ca.crt, path: ca.crt}]}
                    - downwardAPI: {items: [{path: namespace, fieldRef: {fieldPath: metadata.namespace}}]}
                """));
        return template;
    }

    /** The runner-diag volume's name in the ARC node values. */
    private static String volumeName() throws IOException {
        List<Map<String, Object>> volumes = maps(at(Yaml.read(ARC_NODE_VALUES), "template.spec.volumes"), "volumes");
        assertEquals(1, volumes.size());
        return string(volumes.get(0).get("name"));
    }

    /**
     * The environment variable of every exporter setting, read from the Setting enum's source (dashboards-gen does
     * not depend on the exporter): the alias where there is one, else the property's environment form.
     */
    static Set<String> settingEnvNames() throws IOException {
        String source = Files.readString(REPOSITORY.resolve(
                "exporter/src/main/java/dev/runnermetrics/exporter/config/Setting.java"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?m)^\\s+[A-Z_]+\\(\"([a-z.-]+)\"(?:,\\s*\"([A-Z_]+)\")?\\)[,;]").matcher(source);
        Set<String> names = new HashSet<>();
        while (m.find()) {
            names.add(m.group(2) != null ? m.group(2)
                    : ("runner-metrics." + m.group(1)).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        assertTrue(names.containsAll(List.of("RUNNER_DISCOVERY", "KUBELET_PODS_DIR", "RUNNER_DIAG_VOLUME",
                "KUBERNETES_API", "STATE_DIR", "RUNNER_METRICS_POLL_INTERVAL")), "Setting.java read: " + names);
        return names;
    }

    private static Map<String, Object> onlyContainer(Map<String, Object> podSpec) {
        List<Map<String, Object>> containers = maps(podSpec.get("containers"), "containers");
        assertEquals(1, containers.size(), "the exporter alone");
        assertEquals(EXPORTER, containers.get(0).get("name"));
        return containers.get(0);
    }

    private static Map<String, Object> mountAt(Map<String, Object> container, String path) {
        assertNotNull(path, "a path");
        return maps(container.get("volumeMounts"), "volumeMounts").stream()
                .filter(m -> path.equals(m.get("mountPath"))).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + path));
    }

    private static Map<String, Object> envEntry(Map<String, Object> container, String name) {
        return maps(container.get("env"), "env").stream().filter(e -> name.equals(e.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> e : maps(container.get("env"), "env")) {
            if (e.containsKey("value")) {
                assertInstanceOf(String.class, e.get("value"), e.get("name") + ": env values are strings");
                env.put(string(e.get("name")), string(e.get("value")));
            }
        }
        return env;
    }
}
