package dev.runnermetrics.exporter.config;

import java.nio.file.Path;

/**
 * One runner the exporter watches: its labels and where its _diag folder is.
 *
 * @param id what the state file and the engine know it by: its name, except in node mode with the Kubernetes API,
 *     where it is the pod UID (a pod name can come back in a new pod; a UID never does)
 * @param namespace the pod's namespace (node mode with the Kubernetes API), else null: no label at all
 */
public record RunnerTarget(String name, String type, Path root, Path diagDir, String id, String namespace) {

    public RunnerTarget(String name, String type, Path root, Path diagDir) {
        this(name, type, root, diagDir, name, null);
    }
}
