package dev.runnermetrics.dashboards.deployment;

import static dev.runnermetrics.dashboards.deployment.Yaml.mapAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Pod Security Standards checker catches each control it claims to check: a pod that passes restricted, then
 * the same pod with one thing changed, which must fail with exactly that control (and pass baseline when the
 * control is restricted's own).
 */
class PodSecurityStandardsTest {

    private static final String RESTRICTED_POD = """
            metadata:
              annotations: {}
            spec:
              securityContext:
                runAsNonRoot: true
                runAsUser: 1001
                seccompProfile: {type: RuntimeDefault}
              containers:
                - name: runner
                  ports: [{name: http, containerPort: 8080}]
                  securityContext:
                    allowPrivilegeEscalation: false
                    capabilities: {drop: [ALL]}
              volumes:
                - {name: diag, emptyDir: {}}
                - {name: token, projected: {sources: []}}
            """;

    private static Map<String, Object> pod() throws IOException {
        return Yaml.parse(RESTRICTED_POD);
    }

    private static Map<String, Object> spec(Map<String, Object> pod) {
        return mapAt(pod, "spec");
    }

    private static Map<String, Object> runnerSecurity(Map<String, Object> pod) {
        return mapAt(Yaml.maps(spec(pod).get("containers"), "containers").get(0), "securityContext");
    }

    private static void violatesOnly(Map<String, Object> pod, String control, boolean baselineToo) {
        List<String> restricted = PodSecurityStandards.restricted(mapAt(pod, "metadata"), spec(pod));
        assertEquals(1, restricted.size(), "one restricted violation expected: " + restricted);
        assertTrue(restricted.get(0).startsWith(control + ":"), control + " expected, got " + restricted);
        List<String> baseline = PodSecurityStandards.baseline(mapAt(pod, "metadata"), spec(pod));
        assertEquals(baselineToo ? restricted : List.of(), baseline, "baseline");
    }

    @Test
    void aPodWithEveryRestrictedSettingPasses() throws IOException {
        Map<String, Object> pod = pod();
        assertEquals(List.of(), PodSecurityStandards.restricted(mapAt(pod, "metadata"), spec(pod)));
    }

    @Test
    void aHostPathVolumeFailsBaselineAndRestricted() throws IOException {
        Map<String, Object> pod = pod();
        Yaml.list(spec(pod).get("volumes"), "volumes").add(Map.of("name", "host", "hostPath", Map.of("path", "/")));
        List<String> restricted = PodSecurityStandards.restricted(mapAt(pod, "metadata"), spec(pod));
        assertEquals(List.of("HostPath Volumes: spec.volumes[host].hostPath",
                "Volume Types: spec.volumes[host].hostPath"), restricted);
    }

    @Test
    void anNfsVolumeFailsRestrictedOnly() throws IOException {
        Map<String, Object> pod = pod();
        Yaml.list(spec(pod).get("volumes"), "volumes").add(Map.of("name", "share", "nfs", Map.of("path", "/")));
        violatesOnly(pod, "Volume Types", false);
    }

    @Test
    void privilegeEscalationLeftUnsetFails() throws IOException {
        Map<String, Object> pod = pod();
        runnerSecurity(pod).remove("allowPrivilegeEscalation");
        violatesOnly(pod, "Privilege Escalation", false);
    }

    @Test
    void runAsNonRootUnsetFails() throws IOException {
        Map<String, Object> pod = pod();
        mapAt(pod, "spec.securityContext").remove("runAsNonRoot");
        violatesOnly(pod, "Running as Non-root", false);
    }

    @Test
    void aContainerOverridingRunAsNonRootWithFalseFails() throws IOException {
        Map<String, Object> pod = pod();
        runnerSecurity(pod).put("runAsNonRoot", false);
        violatesOnly(pod, "Running as Non-root", false);
    }

    @Test
    void runAsUserZeroFails() throws IOException {
        Map<String, Object> pod = pod();
        runnerSecurity(pod).put("runAsUser", 0);
        violatesOnly(pod, "Running as Non-root user", false);
    }

    @Test
    void capabilitiesNotDroppingAllFail() throws IOException {
        Map<String, Object> pod = pod();
        runnerSecurity(pod).put("capabilities", Map.of("drop", List.of("NET_RAW")));
        violatesOnly(pod, "Capabilities", false);
    }

    @Test
    void addingNetBindServiceIsAllowedButNoOtherCapability() throws IOException {
        Map<String, Object> pod = pod();
        runnerSecurity(pod).put("capabilities", Map.of("drop", List.of("ALL"), "add", List.of("NET_BIND_SERVICE")));
        assertEquals(List.of(), PodSecurityStandards.restricted(mapAt(pod, "metadata"), spec(pod)));
        runnerSecurity(pod).put("capabilities", Map.of("drop", List.of("ALL"), "add", List.of("CHOWN")));
        violatesOnly(pod, "Capabilities", false);
        runnerSecurity(pod).put("capabilities", Map.of("drop", List.of("ALL"), "add", List.of("DAC_READ_SEARCH")));
        List<String> restricted = PodSecurityStandards.restricted(mapAt(pod, "metadata"), spec(pod));
        assertEquals(2, restricted.size(), "outside baseline's list and restricted's: " + restricted);
    }

    @Test
    void seccompUnsetOrUnconfinedFails() throws IOException {
        Map<String, Object> pod = pod();
        mapAt(pod, "spec.securityContext").remove("seccompProfile");
        violatesOnly(pod, "Seccomp", false);
        runnerSecurity(pod).put("seccompProfile", Map.of("type", "Localhost", "localhostProfile", "p.json"));
        assertEquals(List.of(), PodSecurityStandards.restricted(mapAt(pod, "metadata"), spec(pod)),
                "each container's own Localhost profile is enough");
        runnerSecurity(pod).put("seccompProfile", Map.of("type", "Unconfined"));
        List<String> baseline = PodSecurityStandards.baseline(mapAt(pod, "metadata"), spec(pod));
        assertEquals(List.of("Seccomp: spec.containers[runner].securityContext.seccompProfile.type Unconfined"),
                baseline, "Unconfined is outside baseline too");
    }

    @Test
    void hostNamespacesFail() throws IOException {
        for (String field : List.of("hostNetwork", "hostPID", "hostIPC")) {
            Map<String, Object> pod = pod();
            spec(pod).put(field, true);
            violatesOnly(pod, "Host Namespaces", true);
        }
    }

    @Test
    void aHostPortFails() throws IOException {
        Map<String, Object> pod = pod();
        Map<String, Object> container = Yaml.maps(spec(pod).get("containers"), "containers").get(0);
        Yaml.maps(container.get("ports"), "ports").get(0).put("hostPort", 8080);
        violatesOnly(pod, "Host Ports", true);
    }

    @Test
    void aPrivilegedContainerFails() throws IOException {
        Map<String, Object> pod = pod();
        runnerSecurity(pod).put("privileged", true);
        violatesOnly(pod, "Privileged Containers", true);
    }

    @Test
    void aPrivilegedInitContainerFailsToo() throws IOException {
        Map<String, Object> pod = pod();
        Map<String, Object> init = Yaml.parse("""
                name: init
                securityContext:
                  allowPrivilegeEscalation: false
                  privileged: true
                  capabilities: {drop: [ALL]}
                """);
        spec(pod).put("initContainers", new java.util.ArrayList<>(List.of(init)));
        violatesOnly(pod, "Privileged Containers", true);
    }

    @Test
    void anUnsafeSysctlFailsAndASafeOnePasses() throws IOException {
        Map<String, Object> pod = pod();
        mapAt(pod, "spec.securityContext").put("sysctls",
                List.of(Map.of("name", "net.ipv4.tcp_syncookies", "value", "1")));
        assertEquals(List.of(), PodSecurityStandards.restricted(mapAt(pod, "metadata"), spec(pod)));
        mapAt(pod, "spec.securityContext").put("sysctls", List.of(Map.of("name", "kernel.msgmax", "value", "1")));
        violatesOnly(pod, "Sysctls", true);
    }

    @Test
    void anAppArmorOverrideFails() throws IOException {
        Map<String, Object> pod = pod();
        mapAt(pod, "metadata.annotations").put("container.apparmor.security.beta.kubernetes.io/runner",
                "unconfined");
        violatesOnly(pod, "AppArmor", true);
        pod = pod();
        runnerSecurity(pod).put("appArmorProfile", Map.of("type", "Unconfined"));
        violatesOnly(pod, "AppArmor", true);
    }

    @Test
    void anSeLinuxOverrideFails() throws IOException {
        Map<String, Object> pod = pod();
        mapAt(pod, "spec.securityContext").put("seLinuxOptions", Map.of("type", "spc_t"));
        violatesOnly(pod, "SELinux", true);
        pod = pod();
        runnerSecurity(pod).put("seLinuxOptions", Map.of("user", "system_u"));
        violatesOnly(pod, "SELinux", true);
        pod = pod();
        runnerSecurity(pod).put("seLinuxOptions", Map.of("level", "s0:c123,c456"));
        assertEquals(List.of(), PodSecurityStandards.restricted(mapAt(pod, "metadata"), spec(pod)),
                "a level alone is allowed");
    }

    @Test
    void aHostProcessContainerFails() throws IOException {
        Map<String, Object> pod = pod();
        runnerSecurity(pod).put("windowsOptions", Map.of("hostProcess", true));
        violatesOnly(pod, "HostProcess", true);
    }

    @Test
    void anUnmaskedProcMountFails() throws IOException {
        Map<String, Object> pod = pod();
        runnerSecurity(pod).put("procMount", "Unmasked");
        violatesOnly(pod, "/proc Mount Type", true);
    }
}
