package dev.runnermetrics.exporter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.exporter.testing.Configs;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node mode's settings: static by default, kubelet on request, every wrong value refused by its setting's name. */
class RunnerDiscoverySettingsTest {

    @TempDir
    Path tmp;

    private static RunnerDiscoverySettings resolve(String... keyValues) {
        return RunnerDiscoverySettings.resolve(Configs.of(keyValues), FileSystems.getDefault());
    }

    private static String refusal(String... keyValues) {
        return assertThrows(InvalidConfigException.class, () -> resolve(keyValues)).getMessage();
    }

    @Test
    void byDefaultTheConfiguredRunnersAreReadAsBefore() {
        RunnerDiscoverySettings s = resolve();
        assertEquals(RunnerDiscoverySettings.Mode.STATIC, s.mode());
        assertFalse(s.kubelet());
        assertEquals(Path.of("/var/lib/kubelet/pods"), s.podsDir());
        assertEquals("runner-diag", s.volume());
    }

    @Test
    void kubeletDiscoveryTakesThePodsFolderTheVolumeAndTheRunnerType() throws Exception {
        Path pods = Files.createDirectories(tmp.resolve("pods"));
        RunnerDiscoverySettings s = resolve("runner-discovery", "Kubelet", "kubelet-pods-dir", pods.toString(),
                "runner-diag-volume", "diag", "runner-type", "chrome", "kubernetes-api", "off");
        assertTrue(s.kubelet());
        assertEquals(pods.toRealPath(), s.podsDir());
        assertEquals("diag", s.volume());
        assertEquals("chrome", s.runnerType());
    }

    @Test
    void aPodsFolderThatIsALinkIsResolvedOnceAtStart() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real-pods"));
        Path link = Files.createSymbolicLink(tmp.resolve("pods"), real);
        assertEquals(real.toRealPath(), resolve("runner-discovery", "kubelet", "kubelet-pods-dir", link.toString())
                .podsDir());
    }

    @Test
    void anUnknownDiscoveryIsRefusedByName() {
        assertEquals("runner-metrics.runner-discovery (RUNNER_DISCOVERY) must be static or kubelet, was 'k8s'",
                refusal("runner-discovery", "k8s"));
    }

    @Test
    void theKubernetesApiNeedsTheNodeNameAndTakesTheInClusterServerByDefault() throws Exception {
        assertTrue(refusal("runner-discovery", "kubelet", "kubernetes-api", "on").startsWith(
                "runner-metrics.node-name (NODE_NAME) must be set when runner-metrics.kubernetes-api (KUBERNETES_API)"
                        + " is on"));
        assertTrue(refusal("kubernetes-api", "maybe").startsWith("runner-metrics.kubernetes-api (KUBERNETES_API) "
                + "must be on or off"));
        assertTrue(refusal("kubernetes-api", "on", "node-name", "node-1").startsWith(
                "runner-metrics.kubernetes-api (KUBERNETES_API) is on, but runner-metrics.runner-discovery"));
        assertTrue(refusal("runner-discovery", "kubelet", "kubernetes-api", "on", "node-name", "Node_1")
                .startsWith("runner-metrics.node-name (NODE_NAME) must be a Kubernetes node name"));

        Path token = Files.writeString(tmp.resolve("token"), "t");
        Path ca = Files.writeString(tmp.resolve("ca.crt"), "");
        Map<String, String> env = Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443");
        RunnerDiscoverySettings s = RunnerDiscoverySettings.resolve(Configs.of("runner-discovery", "kubelet",
                "kubernetes-api", "on", "node-name", "node-1", "kubernetes-token-file", token.toString(),
                "kubernetes-ca-file", ca.toString()), FileSystems.getDefault(), env::get);
        RunnerDiscoverySettings.KubernetesApi api = s.api().orElseThrow();
        assertEquals(java.net.URI.create("https://10.96.0.1:443"), api.url());
        assertEquals("node-1", api.nodeName());
        assertEquals(token, api.tokenFile());
        assertEquals(ca, api.caFile());
        assertTrue(resolve("runner-discovery", "kubelet", "kubernetes-api", "off").api().isEmpty());
    }

    @Test
    void anApiUrlOverrideServesKubectlProxyWithoutTokenOrCa() {
        RunnerDiscoverySettings s = resolve("runner-discovery", "kubelet", "kubernetes-api", "on", "node-name",
                "node-1", "kubernetes-api-url", "http://127.0.0.1:8001/", "kubernetes-token-file", "/nowhere/token");
        assertEquals(java.net.URI.create("http://127.0.0.1:8001"), s.api().orElseThrow().url());
        assertTrue(refusal("runner-discovery", "kubelet", "kubernetes-api", "on", "node-name", "node-1",
                "kubernetes-api-url", "ftp://x").startsWith("runner-metrics.kubernetes-api-url (KUBERNETES_API_URL) "
                        + "must be an http(s) URL"));
        assertTrue(refusal("runner-discovery", "kubelet", "kubernetes-api", "on", "node-name", "node-1",
                "kubernetes-api-url", "https://api.example:6443", "kubernetes-token-file", "/nowhere/token")
                .startsWith("runner-metrics.kubernetes-token-file (RUNNER_METRICS_KUBERNETES_TOKEN_FILE) cannot be "
                        + "read"));
    }

    @Test
    void outsideAClusterWithoutAnApiUrlTheSettingIsNamed() {
        String message = assertThrows(InvalidConfigException.class, () -> RunnerDiscoverySettings.resolve(
                Configs.of("runner-discovery", "kubelet", "kubernetes-api", "on", "node-name", "node-1"),
                FileSystems.getDefault(), name -> null)).getMessage();
        assertTrue(message.startsWith("runner-metrics.kubernetes-api-url (KUBERNETES_API_URL) is not set"), message);
    }

    @Test
    void aVolumeNameThatCouldLeadOutOfThePodFolderIsRefused() {
        for (String name : new String[] {"../..", "a/b", "Runner-Diag", "-x", ".credentials"}) {
            assertTrue(refusal("runner-discovery", "kubelet", "runner-diag-volume", name)
                    .startsWith("runner-metrics.runner-diag-volume (RUNNER_DIAG_VOLUME) must be a Kubernetes volume"
                            + " name"), name);
        }
    }

    @Test
    void settingsThatNameRunnersOfTheirOwnContradictKubeletDiscovery() {
        for (Map.Entry<String, String> e : Map.of("runners", "/r1,/r2", "runner-dir", "/home/runner",
                "runner-name", "r1").entrySet()) {
            String message = refusal("runner-discovery", "kubelet", e.getKey(), e.getValue());
            assertTrue(message.startsWith("runner-metrics.runner-discovery (RUNNER_DISCOVERY) is kubelet"), message);
            assertTrue(message.contains("runner-metrics." + e.getKey()), message);
        }
        // The default runner folder, which the image sets, names no runner.
        assertTrue(resolve("runner-discovery", "kubelet", "runner-dir", "/runner").kubelet());
    }

    @Test
    void theNodeVariablesAreRelocatedOntoTheirProperties() {
        assertEquals(Map.of("runner-metrics.runner-discovery", "RUNNER_DISCOVERY",
                "runner-metrics.kubelet-pods-dir", "KUBELET_PODS_DIR",
                "runner-metrics.runner-diag-volume", "RUNNER_DIAG_VOLUME",
                "runner-metrics.kubernetes-api", "KUBERNETES_API",
                "runner-metrics.node-name", "NODE_NAME",
                "runner-metrics.kubernetes-api-url", "KUBERNETES_API_URL",
                "runner-metrics.node-series-per-runner", "NODE_SERIES_PER_RUNNER"), EnvAliases.NODE_ALIASES);
    }
}
