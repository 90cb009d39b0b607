package dev.runnermetrics.exporter.discovery;

import dev.runnermetrics.exporter.config.RunnerDiscoverySettings;
import dev.runnermetrics.exporter.config.RunnerTarget;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Node mode: every runner pod on this node, found by the {@code _diag} emptyDir it mounts. The kubelet keeps a pod's
 * volumes in {@code <pods>/<pod-uid>/volumes/kubernetes.io~empty-dir/<volume>/}; that folder is the runner's
 * {@code _diag} (the sidecar manifests mount the {@code runner-diag} emptyDir there), so it is one runner, known by
 * the pod UID. Without the Kubernetes API it is named by the UID and of the configured type; with it
 * ({@link PodDirectory}) by the pod's name, its {@code runner-metrics/type} label (else the configured type) and its
 * namespace. Who a runner is stays as first found while its folder is there. A folder the API does not know yet waits
 * (nothing of it is read, so nothing is counted under a wrong type) until the API knows it, or until a list taken
 * after it was found lacks it: then it is named by its UID and of the configured type, logged once. A pod the state
 * file saved keeps the identity saved with it ({@link #remember}), so one the API let go while the exporter was down
 * still counts under its own type.
 *
 * <p>Only the volume folder is read (by the tailer, which follows no link in it); here nothing is opened but the
 * folders on the way, each taken only as a folder, never through a link. The folders above the volume are the
 * kubelet's (root's), which a pod cannot change.
 */
public final class KubeletPods implements RunnerDiscovery {

    private static final Logger LOG = Logger.getLogger(KubeletPods.class);
    public static final String EMPTY_DIRS = "volumes/kubernetes.io~empty-dir";

    private final RunnerDiscoverySettings settings;
    /** Who the pods are (the Kubernetes API), or null: runners are then named by UID. */
    private final PodDirectory api;
    /** Saved runners' identities, by pod UID, told at start. */
    private final Map<String, RunnerTarget> remembered = new HashMap<>();
    /** Whether the last listing found a runner folder the API does not know yet. */
    private boolean waiting;
    /** The pods seen by the last listing, by UID: their folders are watched for a volume that appears. */
    private final Set<String> pods = new LinkedHashSet<>();
    /** The runners of the last listing, by pod UID. */
    private Map<String, RunnerTarget> runners = new LinkedHashMap<>();
    private boolean unreadableLogged;

    public KubeletPods(RunnerDiscoverySettings settings) {
        this(settings, null);
    }

    public KubeletPods(RunnerDiscoverySettings settings, PodDirectory api) {
        this.settings = settings;
        this.api = api;
    }

    @Override
    public void remember(String id, String name, String type, String namespace) {
        if (api != null) {
            remembered.put(id, new RunnerTarget(name, type != null ? type : settings.runnerType(), null, null, id,
                    namespace));
        }
    }

    @Override
    public boolean waiting() {
        return waiting && api != null && !api.down();
    }

    @Override
    public Optional<List<RunnerTarget>> runners() {
        Path podsDir = settings.podsDir();
        List<Path> entries = new ArrayList<>();
        try {
            if (!folder(podsDir)) {
                throw new NoSuchFileException(podsDir.toString(), null, "no folder");
            }
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(podsDir)) {
                stream.forEach(entries::add);
            }
        } catch (IOException | DirectoryIteratorException | SecurityException e) {
            if (!unreadableLogged) {
                LOG.warnf("Cannot list the pods in %s (%s): no runner pod is added or let go until it can be read",
                        podsDir, e.toString());
                unreadableLogged = true;
            }
            return Optional.empty();
        }
        unreadableLogged = false;
        Map<String, RunnerTarget> found = new LinkedHashMap<>();
        pods.clear();
        waiting = false;
        for (Path pod : entries.stream().sorted().toList()) {
            String uid = pod.getFileName().toString();
            try {
                if (!folder(pod)) {
                    continue; // a link or a file: no pod of the kubelet's
                }
                pods.add(uid);
                Path emptyDirs = pod.resolve(EMPTY_DIRS);
                Path diag = emptyDirs.resolve(settings.volume());
                if (folder(pod.resolve("volumes")) && folder(emptyDirs) && folder(diag)) {
                    RunnerTarget known = runners.get(uid);
                    RunnerTarget target = known != null ? known : identify(uid, emptyDirs, diag);
                    if (target != null) {
                        found.put(uid, target);
                    } else {
                        waiting = true;
                    }
                }
            } catch (NoSuchFileException e) {
                // gone (or not made yet): not a runner now
            } catch (IOException | SecurityException e) {
                // Cannot tell now (e.g. no permission for a moment): what was known of this pod stays.
                RunnerTarget known = runners.get(uid);
                if (known != null) {
                    found.put(uid, known);
                    pods.add(uid);
                }
            }
        }
        runners = found;
        return Optional.of(List.copyOf(found.values()));
    }

    /** Who the runner in a pod's folder is; null while the API does not know yet. */
    private RunnerTarget identify(String uid, Path root, Path diag) {
        if (api == null) {
            return new RunnerTarget(uid, settings.runnerType(), root, diag);
        }
        RunnerTarget saved = remembered.remove(uid); // from now on the runners of the listing keep it
        if (saved != null) {
            return new RunnerTarget(saved.name(), saved.type(), root, diag, uid, saved.namespace());
        }
        PodDirectory.Lookup lookup = api.lookup(uid);
        if (lookup instanceof PodDirectory.Lookup.Known k) {
            return new RunnerTarget(k.pod().name(), k.pod().type(), root, diag, uid, k.pod().namespace());
        }
        if (lookup instanceof PodDirectory.Lookup.Absent) {
            LOG.warnf("Pod %s on this node is not known to the Kubernetes API: its runner is named by its UID and "
                    + "of type %s", uid, settings.runnerType());
            return new RunnerTarget(uid, settings.runnerType(), root, diag);
        }
        return null;
    }

    /** A pod's runner runs once (or a few jobs) and goes: its counts live on in its type's. */
    @Override
    public boolean ephemeral() {
        return true;
    }

    /**
     * The pods folder, each pod's folder and the folders on the way to its volume: the kubelet makes them one after
     * the other, and an event on each wakes the reader to look again.
     */
    @Override
    public List<Path> watched() {
        List<Path> folders = new ArrayList<>();
        folders.add(settings.podsDir());
        for (String uid : pods) {
            Path pod = settings.podsDir().resolve(uid);
            folders.add(pod);
            folders.add(pod.resolve("volumes"));
            folders.add(pod.resolve(EMPTY_DIRS));
        }
        return folders;
    }

    /** Whether the path is a folder itself (not a link to one). */
    private static boolean folder(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory();
    }
}
