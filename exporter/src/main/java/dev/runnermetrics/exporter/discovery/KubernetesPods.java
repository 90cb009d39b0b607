package dev.runnermetrics.exporter.discovery;

import dev.runnermetrics.exporter.config.RunnerDiscoverySettings.KubernetesApi;
import dev.runnermetrics.exporter.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jboss.logging.Logger;

/**
 * The pods on this node as the Kubernetes API tells them, with the pod's service account: a list
 * ({@code GET /api/v1/pods?fieldSelector=spec.nodeName=NODE}), then a watch from the list's resourceVersion with
 * bookmarks. Any error, a watch that ends or breaks, an ERROR event (410 Gone: the version is too old) or a silence
 * longer than the server's own watch timeout leads to a new list, after a backoff that doubles up to a minute and is
 * reset once a watch has lasted; so a down API server is asked once a minute, not in a loop. A UID asked about and not
 * known asks for a list at once (the watch may lag); when that list lacks it too, {@link Lookup.Absent} says the API
 * will not tell. A pod the API deleted (or a list lacked) is remembered for {@link #RETAIN} more, as its folder
 * outlives it. Runs on a daemon thread of its own; lookups come from the reading thread.
 */
public final class KubernetesPods implements PodDirectory, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KubernetesPods.class);
    public static final String TYPE_LABEL = "runner-metrics/type";
    static final Duration RETAIN = Duration.ofMinutes(10);
    private static final Object RELIST = new Object();

    private final KubernetesApi api;
    private final String defaultType;
    private final HttpClient client;
    private final Clock clock;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final long watchSeconds;

    /** Pods by UID; those the API let go keep their time of leaving (null while the API has them). */
    private final Map<String, Known> pods = new HashMap<>();
    /** UIDs asked about and not known: the number of lists started when first asked. */
    private final Map<String, Long> asked = new HashMap<>();
    private long listsStarted;
    private long listedAt = -1; // the number of the last list that completed; -1 before any
    private boolean down;
    private boolean stopped;
    private BlockingQueue<Object> events;
    private Thread thread;
    private boolean tokenMissingLogged;

    private record Known(Pod pod, Instant leftAt) {
    }

    /** Thrown for an answer that ends the list or watch: logged, then a new list after the backoff. */
    private static final class ApiProblem extends Exception {
        ApiProblem(String message) {
            super(message);
        }
    }

    KubernetesPods(KubernetesApi api, String defaultType, HttpClient client, Clock clock, Duration minBackoff,
            Duration maxBackoff, long watchSeconds) {
        this.api = api;
        this.defaultType = defaultType;
        this.client = client;
        this.clock = clock;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
        this.watchSeconds = watchSeconds;
    }

    /**
     * The client for the cluster: trusts the configured CA for https (else the JDK's), connects within 10 s, speaks
     * HTTP/1.1 (no h2c upgrade attempt on a plain http URL such as kubectl proxy's; one watch per connection).
     */
    public static KubernetesPods of(KubernetesApi api, String defaultType, Clock clock) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1);
        if (api.url().getScheme().equals("https") && Files.isReadable(api.caFile())) {
            builder.sslContext(trusting(api.caFile()));
        }
        return new KubernetesPods(api, defaultType, builder.build(), clock, Duration.ofSeconds(1),
                Duration.ofMinutes(1), 300);
    }

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the Kubernetes API's CA from " + caFile + ": " + e, e);
        }
    }

    /** Starts listing and watching on a daemon thread. */
    public synchronized void start() {
        thread = new Thread(this::run, "kubernetes-pods");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits up to {@code max} for the first list (so runners found at start are named at once); false if none. */
    public synchronized boolean awaitFirstList(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (listedAt < 0 && !down && !stopped) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return listedAt >= 0;
    }

    @Override
    public synchronized Lookup lookup(String uid) {
        Known known = pods.get(uid);
        if (known != null) {
            asked.remove(uid);
            return new Lookup.Known(known.pod());
        }
        Long since = asked.get(uid);
        if (since == null) {
            asked.put(uid, listsStarted);
            if (events != null) {
                events.add(RELIST); // the watch may lag behind the kubelet: a list tells at once
            }
            return new Lookup.NotYet();
        }
        if (listedAt > since) {
            asked.remove(uid);
            return new Lookup.Absent();
        }
        return new Lookup.NotYet();
    }

    @Override
    public synchronized boolean down() {
        return down;
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            stopped = true;
            if (events != null) {
                events.add(RELIST);
            }
            t = thread;
            notifyAll();
        }
        if (t != null) {
            t.interrupt();
        }
    }

    private synchronized boolean stopped() {
        return stopped;
    }

    private void run() {
        Duration backoff = minBackoff;
        String lastProblem = null;
        while (!stopped()) {
            Instant started = clock.instant();
            try {
                String version = list();
                if (lastProblem != null) {
                    LOG.infof("Kubernetes API: listing the pods of node %s works again", api.nodeName());
                    lastProblem = null;
                }
                if (watch(version)) {
                    continue; // a list asked for by a lookup: at once
                }
                // The server ended the watch (its timeout): a new list, at once if the watch lasted.
            } catch (ApiProblem | IOException | RuntimeException e) {
                String problem = e instanceof RuntimeException ? e.toString() : e.getMessage();
                if (!problem.equals(lastProblem)) {
                    LOG.warnf("Kubernetes API: %s; pods are listed again (retried with backoff, up to %d s apart)",
                            problem, maxBackoff.toSeconds());
                    lastProblem = problem;
                }
                markDown();
            } catch (InterruptedException e) {
                return;
            }
            if (stopped()) {
                return;
            }
            if (Duration.between(started, clock.instant()).compareTo(Duration.ofSeconds(30)) >= 0) {
                backoff = minBackoff; // it worked for a while: the next failure starts the backoff again
                continue;
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        }
    }

    private synchronized void markDown() {
        down = true;
        notifyAll();
    }

    /** Lists the node's pods and replaces what is known by them; returns the list's resourceVersion. */
    private String list() throws ApiProblem, IOException, InterruptedException {
        long number;
        synchronized (this) {
            number = ++listsStarted;
            events = new LinkedBlockingQueue<>(); // a relist asked for before now is this one
        }
        HttpResponse<InputStream> response = client.send(request("", Duration.ofSeconds(60)),
                HttpResponse.BodyHandlers.ofInputStream());
        Object body;
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new ApiProblem("listing pods answered " + response.statusCode() + status(in));
            }
            body = Json.read(in.readAllBytes());
        }
        String version = text(body, "metadata", "resourceVersion");
        if (version.isEmpty() || !(Json.member(body, "items") instanceof List<?> items)) {
            throw new ApiProblem("listing pods answered no PodList");
        }
        Map<String, Pod> listed = new HashMap<>();
        for (Object item : items) {
            Pod pod = pod(item);
            if (pod != null) {
                listed.put(pod.uid(), pod);
            }
        }
        synchronized (this) {
            Instant now = clock.instant();
            for (Iterator<Map.Entry<String, Known>> it = pods.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Known> e = it.next();
                Known known = e.getValue();
                if (listed.containsKey(e.getKey())) {
                    continue;
                }
                if (known.leftAt() == null) {
                    e.setValue(new Known(known.pod(), now)); // gone from the API: its folder may stay a while
                } else if (Duration.between(known.leftAt(), now).compareTo(RETAIN) > 0) {
                    it.remove();
                }
            }
            listed.forEach((uid, pod) -> pods.put(uid, new Known(pod, null)));
            listedAt = number;
            down = false;
            notifyAll();
        }
        return version;
    }

    /**
     * Follows the watch until the server ends it (false) or a lookup asks for a list (true); throws on an ERROR
     * event, a broken stream, an answer other than 200 or a silence longer than the server's timeout.
     */
    private boolean watch(String version) throws ApiProblem, IOException, InterruptedException {
        BlockingQueue<Object> queue;
        synchronized (this) {
            queue = events;
        }
        String query = "&watch=1&allowWatchBookmarks=true&timeoutSeconds=" + watchSeconds + "&resourceVersion="
                + URLEncoder.encode(version, StandardCharsets.UTF_8);
        LineSubscriber lines = new LineSubscriber(queue);
        CompletableFuture<HttpResponse<String>> call = client.sendAsync(request(query, Duration.ofSeconds(60)),
                info -> {
                    queue.add(info.statusCode());
                    return info.statusCode() == 200 ? BodySubscribers.fromLineSubscriber(lines, s -> "",
                            StandardCharsets.UTF_8, "\n") : BodySubscribers.ofString(StandardCharsets.UTF_8);
                });
        call.whenComplete((r, e) -> queue.add(e != null ? (Object) e : End.INSTANCE));
        try {
            Object first = take(queue);
            if (first instanceof Throwable t) {
                throw new IOException("watching pods failed: " + t, t);
            }
            if (first == RELIST) {
                return true;
            }
            if (first instanceof Integer code && code != 200) {
                String body;
                try {
                    body = call.get(30, TimeUnit.SECONDS).body();
                } catch (Exception e) {
                    body = "";
                }
                throw new ApiProblem("watching pods answered " + code + status(body));
            }
            while (true) {
                Object next = take(queue);
                if (next == RELIST) {
                    return true;
                }
                if (next == End.INSTANCE) {
                    if (!lines.completed()) {
                        throw new IOException("the watch of pods broke off");
                    }
                    return false; // the server's timeout
                }
                if (next instanceof Throwable t) {
                    throw new IOException("the watch of pods broke off: " + t, t);
                }
                if (next instanceof String line && !line.isBlank()) {
                    event(Json.read(line));
                }
            }
        } finally {
            lines.cancel();
            call.cancel(true);
        }
    }

    /** The next item, or a problem after a silence longer than the server's timeout (a dead connection). */
    private Object take(BlockingQueue<Object> queue) throws ApiProblem, InterruptedException {
        Object next = queue.poll(watchSeconds + 60, TimeUnit.SECONDS);
        if (next == null) {
            throw new ApiProblem("the watch of pods was silent past its timeout");
        }
        return next;
    }

    private void event(Object event) throws ApiProblem {
        String type = text(event, "type");
        Object object = Json.member(event, "object");
        switch (type) {
            case "ADDED", "MODIFIED" -> {
                Pod pod = pod(object);
                if (pod != null) {
                    synchronized (this) {
                        Known before = pods.get(pod.uid());
                        // Who a pod is never changes once seen: its type label is read when it is first known.
                        pods.put(pod.uid(), new Known(before != null ? before.pod() : pod, null));
                    }
                }
            }
            case "DELETED" -> {
                Pod pod = pod(object);
                if (pod != null) {
                    synchronized (this) {
                        Known before = pods.get(pod.uid());
                        pods.put(pod.uid(), new Known(before != null ? before.pod() : pod, clock.instant()));
                    }
                }
            }
            case "BOOKMARK" -> {
                // Only its resourceVersion is news, and a new list starts from its own.
            }
            case "ERROR" -> throw new ApiProblem("the watch of pods ended with " + text(object, "code") + " "
                    + text(object, "reason") + ": " + text(object, "message"));
            default -> throw new ApiProblem("the watch of pods sent an event of type '" + type + "'");
        }
    }

    /** A pod's identity from its JSON; null when it lacks one. */
    private Pod pod(Object pod) {
        Object meta = Json.member(pod, "metadata");
        String uid = text(meta, "uid");
        String name = text(meta, "name");
        String namespace = text(meta, "namespace");
        if (uid.isEmpty() || name.isEmpty() || namespace.isEmpty()) {
            return null;
        }
        String type = text(meta, "labels", TYPE_LABEL).strip();
        return new Pod(uid, name, namespace, type.isEmpty() ? defaultType : type);
    }

    /** The scalar at this path of members as text; "" when there is none. */
    private static String text(Object json, String... path) {
        Object value = json;
        for (String name : path) {
            value = Json.member(value, name);
        }
        String text = Json.text(value);
        return text == null ? "" : text;
    }

    private HttpRequest request(String query, Duration timeout) {
        URI uri = URI.create(api.url() + "/api/v1/pods?fieldSelector="
                + URLEncoder.encode("spec.nodeName=" + api.nodeName(), StandardCharsets.UTF_8) + query);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept",
                "application/json");
        token().ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return request.GET().build();
    }

    /** The service account's token, read for each request: a bound token is rotated in the file. */
    private java.util.Optional<String> token() {
        try {
            String token = Files.readString(api.tokenFile()).strip();
            return token.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(token);
        } catch (IOException | SecurityException e) {
            if (!tokenMissingLogged) {
                LOG.infof("Kubernetes API: no token in %s (%s): asking without one", api.tokenFile(), e.toString());
                tokenMissingLogged = true;
            }
            return java.util.Optional.empty();
        }
    }

    private static String status(InputStream in) throws IOException {
        return status(new String(in.readNBytes(4096), StandardCharsets.UTF_8));
    }

    /** A Status answer's reason and message, for the log. */
    private static String status(String body) {
        try {
            Object status = Json.read(body);
            String message = text(status, "message");
            return message.isEmpty() ? "" : " (" + text(status, "reason") + ": " + message + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private enum End { INSTANCE }

    /** Hands each line of the watch to the queue; knows whether the stream ended cleanly. */
    private static final class LineSubscriber implements Flow.Subscriber<String> {
        private final BlockingQueue<Object> queue;
        private volatile Flow.Subscription subscription;
        private volatile boolean completed;
        private volatile boolean cancelled;

        LineSubscriber(BlockingQueue<Object> queue) {
            this.queue = queue;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String line) {
            queue.add(line);
        }

        @Override
        public void onError(Throwable t) {
            // The future completes exceptionally too; that ends the watch.
        }

        @Override
        public void onComplete() {
            completed = true;
        }

        boolean completed() {
            return completed;
        }

        void cancel() {
            cancelled = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
