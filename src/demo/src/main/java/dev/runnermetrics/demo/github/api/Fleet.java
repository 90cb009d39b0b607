package dev.runnermetrics.demo.github.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo organisation's self-hosted runners as GitHub knows them: the replayed runner, whose status follows what its
 * listener reports (offline until its session is created, busy while it runs a job), beside two others that do not
 * change (one online and idle, one offline). Thread-safe: the replay writes, the API server reads.
 */
public final class Fleet {

    /**
     * One runner as "List self-hosted runners for an organization" returns it (REST API 2022-11-28: id, name, os,
     * status online/offline, busy, ephemeral, labels with id, name and type read-only/custom).
     */
    record Runner(long id, String name, String os, boolean online, boolean busy, List<String> labels) {

        Map<String, Object> json() {
            List<Object> labelJson = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) {
                String label = labels.get(i);
                // GitHub's default labels are read-only, the ones added at registration custom
                boolean readOnly = List.of("self-hosted", "Linux", "macOS", "Windows", "X64", "ARM64").contains(label);
                labelJson.add(ordered("id", i + 1, "name", label, "type", readOnly ? "read-only" : "custom"));
            }
            return ordered("id", id, "name", name, "os", os, "status", online ? "online" : "offline", "busy", busy,
                    "ephemeral", false, "labels", labelJson);
        }
    }

    private final List<Runner> others;
    private Runner replayed;

    /** The replayed runner (its agentId and agentName from .runner), offline until its listener reports. */
    public Fleet(long agentId, String agentName) {
        replayed = new Runner(agentId, agentName, "Linux", false, false, List.of("self-hosted", "Linux", "X64"));
        others = List.of(
                new Runner(agentId + 1, "demo-runner-2", "Linux", true, false, List.of("self-hosted", "Linux", "X64")),
                new Runner(agentId + 4, "mac-mini-1", "macOS", false, false,
                        List.of("self-hosted", "macOS", "ARM64", "xcode")));
    }

    /** What the replayed runner's listener told GitHub: online (a session) and busy (a job). */
    public synchronized void replayedRunner(boolean online, boolean busy) {
        replayed = new Runner(replayed.id(), replayed.name(), replayed.os(), online, online && busy,
                replayed.labels());
    }

    /** All runners ordered by id, as GitHub lists them. */
    synchronized List<Runner> runners() {
        List<Runner> all = new ArrayList<>(others);
        all.add(replayed);
        all.sort((a, b) -> Long.compare(a.id(), b.id()));
        return all;
    }

    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
