package dev.runnermetrics.exporter.discovery;

/** Who the pods on this node are, by UID: what {@link KubeletPods} asks the Kubernetes API through. */
public interface PodDirectory {

    /** A pod as the API tells it: its name, namespace and runner type (its label, else the default type). */
    record Pod(String uid, String name, String namespace, String type) {
    }

    /** What the directory can say of a UID. */
    sealed interface Lookup {
        /** The API knows the pod. */
        record Known(Pod pod) implements Lookup {
        }

        /** Not known yet: ask again (a newer list or watch event may bring it). */
        record NotYet() implements Lookup {
        }

        /** A complete list taken after the UID was first asked about does not have it: the API will not tell. */
        record Absent() implements Lookup {
        }
    }

    Lookup lookup(String uid);

    /** Whether the API cannot be reached now (its last answer was an error): asking again soon is pointless. */
    boolean down();
}
