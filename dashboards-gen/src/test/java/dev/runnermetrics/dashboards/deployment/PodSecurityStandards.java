package dev.runnermetrics.dashboards.deployment;

import static dev.runnermetrics.dashboards.deployment.Yaml.map;
import static dev.runnermetrics.dashboards.deployment.Yaml.maps;
import static dev.runnermetrics.dashboards.deployment.Yaml.string;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Kubernetes Pod Security Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/, Linux
 * pods) as a check of a pod's metadata and spec, without a cluster: {@link #baseline} and {@link #restricted} return
 * one line per violated control and field, empty when the pod would be admitted at that level. Only what the
 * published profiles say is checked; what the runtime does with the pod (e.g. an image's non-numeric user against
 * runAsNonRoot) is not.
 */
final class PodSecurityStandards {

    /** Baseline: capabilities a container may add beyond the runtime's defaults. */
    static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
            "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    /** Baseline: the sysctls known to be namespaced and safe (the list as of Kubernetes 1.29). */
    static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    /** Baseline: SELinux types a pod may ask for (empty: the runtime's default). */
    static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t",
            "container_engine_t");
    /** Restricted: the only volume sources allowed. */
    static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");
    private static final String APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";
    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");

    private PodSecurityStandards() {
    }

    /** Violations of the baseline profile. */
    static List<String> baseline(Map<String, Object> metadata, Map<String, Object> spec) {
        List<String> v = new ArrayList<>();
        Map<String, Object> podSecurity = optionalMap(spec.get("securityContext"));
        if (isTrue(optionalMap(podSecurity.get("windowsOptions")).get("hostProcess"))) {
            v.add("HostProcess: spec.securityContext.windowsOptions.hostProcess");
        }
        for (String field : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (isTrue(spec.get(field))) {
                v.add("Host Namespaces: spec." + field);
            }
        }
        for (Map<String, Object> volume : volumes(spec)) {
            if (volume.containsKey("hostPath")) {
                v.add("HostPath Volumes: spec.volumes[" + volume.get("name") + "].hostPath");
            }
        }
        podSecurityBaseline("spec.securityContext", podSecurity, v);
        Object sysctls = podSecurity.get("sysctls");
        if (sysctls != null) {
            for (Map<String, Object> sysctl : maps(sysctls, "sysctls")) {
                if (!SAFE_SYSCTLS.contains(string(sysctl.get("name")))) {
                    v.add("Sysctls: spec.securityContext.sysctls[" + sysctl.get("name") + "]");
                }
            }
        }
        Map<String, Object> annotations = optionalMap(metadata.get("annotations"));
        for (Map.Entry<String, Object> a : annotations.entrySet()) {
            String value = string(a.getValue());
            if (a.getKey().startsWith(APPARMOR_ANNOTATION)
                    && !(value.equals("runtime/default") || value.startsWith("localhost/"))) {
                v.add("AppArmor: metadata.annotations[" + a.getKey() + "]");
            }
        }
        for (Map.Entry<String, Map<String, Object>> c : containers(spec)) {
            String where = c.getKey();
            Map<String, Object> container = c.getValue();
            Map<String, Object> security = optionalMap(container.get("securityContext"));
            if (isTrue(optionalMap(security.get("windowsOptions")).get("hostProcess"))) {
                v.add("HostProcess: " + where + ".securityContext.windowsOptions.hostProcess");
            }
            if (isTrue(security.get("privileged"))) {
                v.add("Privileged Containers: " + where + ".securityContext.privileged");
            }
            for (String cap : added(security)) {
                if (!BASELINE_CAPABILITIES.contains(cap)) {
                    v.add("Capabilities: " + where + ".securityContext.capabilities.add " + cap);
                }
            }
            if (container.get("ports") != null) {
                for (Map<String, Object> port : maps(container.get("ports"), "ports")) {
                    Object hostPort = port.get("hostPort");
                    if (hostPort != null && ((Number) hostPort).intValue() != 0) {
                        v.add("Host Ports: " + where + ".ports[" + port.get("name") + "].hostPort");
                    }
                }
            }
            podSecurityBaseline(where + ".securityContext", security, v);
            Object procMount = security.get("procMount");
            if (procMount != null && !"Default".equals(procMount)) {
                v.add("/proc Mount Type: " + where + ".securityContext.procMount");
            }
        }
        return v;
    }

    /** Violations of the restricted profile: the baseline's and its own. */
    static List<String> restricted(Map<String, Object> metadata, Map<String, Object> spec) {
        List<String> v = new ArrayList<>(baseline(metadata, spec));
        for (Map<String, Object> volume : volumes(spec)) {
            for (String source : volume.keySet()) {
                if (!source.equals("name") && !RESTRICTED_VOLUMES.contains(source)) {
                    v.add("Volume Types: spec.volumes[" + volume.get("name") + "]." + source);
                }
            }
        }
        Map<String, Object> podSecurity = optionalMap(spec.get("securityContext"));
        boolean podNonRoot = isTrue(podSecurity.get("runAsNonRoot"));
        if (isZero(podSecurity.get("runAsUser"))) {
            v.add("Running as Non-root user: spec.securityContext.runAsUser");
        }
        boolean podSeccomp = seccompConfined(podSecurity);
        for (Map.Entry<String, Map<String, Object>> c : containers(spec)) {
            String where = c.getKey();
            Map<String, Object> security = optionalMap(c.getValue().get("securityContext"));
            if (!Boolean.FALSE.equals(security.get("allowPrivilegeEscalation"))) {
                v.add("Privilege Escalation: " + where + ".securityContext.allowPrivilegeEscalation");
            }
            Object nonRoot = security.get("runAsNonRoot");
            if (Boolean.FALSE.equals(nonRoot) || nonRoot == null && !podNonRoot) {
                v.add("Running as Non-root: " + where + ".securityContext.runAsNonRoot");
            }
            if (isZero(security.get("runAsUser"))) {
                v.add("Running as Non-root user: " + where + ".securityContext.runAsUser");
            }
            if (security.get("seccompProfile") == null ? !podSeccomp : !seccompConfined(security)) {
                v.add("Seccomp: " + where + ".securityContext.seccompProfile.type");
            }
            Object caps = optionalMap(security.get("capabilities")).get("drop");
            if (caps == null || !Yaml.list(caps, "drop").contains("ALL")) {
                v.add("Capabilities: " + where + ".securityContext.capabilities.drop must include ALL");
            }
            for (String cap : added(security)) {
                if (!cap.equals("NET_BIND_SERVICE")) {
                    v.add("Capabilities: " + where + ".securityContext.capabilities.add " + cap + " (restricted)");
                }
            }
        }
        return v;
    }

    /** SELinux, AppArmor and seccomp fields shared by the pod's and each container's security context. */
    private static void podSecurityBaseline(String where, Map<String, Object> security, List<String> v) {
        Map<String, Object> seLinux = optionalMap(security.get("seLinuxOptions"));
        if (!SELINUX_TYPES.contains(String.valueOf(seLinux.getOrDefault("type", "")))) {
            v.add("SELinux: " + where + ".seLinuxOptions.type");
        }
        for (String field : List.of("user", "role")) {
            if (!"".equals(String.valueOf(seLinux.getOrDefault(field, "")))) {
                v.add("SELinux: " + where + ".seLinuxOptions." + field);
            }
        }
        Object appArmor = optionalMap(security.get("appArmorProfile")).get("type");
        if (appArmor != null && !Set.of("RuntimeDefault", "Localhost").contains(appArmor)) {
            v.add("AppArmor: " + where + ".appArmorProfile.type");
        }
        if ("Unconfined".equals(optionalMap(security.get("seccompProfile")).get("type"))) {
            v.add("Seccomp: " + where + ".seccompProfile.type Unconfined");
        }
    }

    private static boolean seccompConfined(Map<String, Object> security) {
        Object type = optionalMap(security.get("seccompProfile")).get("type");
        return "RuntimeDefault".equals(type) || "Localhost".equals(type);
    }

    private static List<String> added(Map<String, Object> security) {
        Object add = optionalMap(security.get("capabilities")).get("add");
        return add == null ? List.of() : Yaml.list(add, "add").stream().map(String::valueOf).toList();
    }

    /** Every container of the pod, by where it is ({@code spec.containers[runner]}). */
    private static List<Map.Entry<String, Map<String, Object>>> containers(Map<String, Object> spec) {
        List<Map.Entry<String, Map<String, Object>>> all = new ArrayList<>();
        for (String list : CONTAINER_LISTS) {
            if (spec.get(list) != null) {
                for (Map<String, Object> c : maps(spec.get(list), list)) {
                    all.add(Map.entry("spec." + list + "[" + c.get("name") + "]", c));
                }
            }
        }
        return all;
    }

    private static List<Map<String, Object>> volumes(Map<String, Object> spec) {
        return spec.get("volumes") == null ? List.of() : maps(spec.get("volumes"), "volumes");
    }

    private static Map<String, Object> optionalMap(Object value) {
        return value == null ? Map.of() : map(value, "object");
    }

    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value);
    }

    private static boolean isZero(Object value) {
        return value instanceof Number n && n.longValue() == 0;
    }
}
