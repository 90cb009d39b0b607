package dev.runnermetrics.exporter.github.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnermetrics.exporter.config.InvalidConfigException;
import dev.runnermetrics.exporter.config.RunnerMetricsConfig;
import dev.runnermetrics.exporter.config.Setting;
import dev.runnermetrics.exporter.github.webhook.WebhookCounters.Outcome;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code POST /webhooks/github} on the exporter's HTTP server (METRICS_PORT), or, when WEBHOOK_PORT is set, on a
 * server of its own on that port only ({@link WebhookServer}); the same routes and handlers serve either. The route
 * exists only when a secret is configured or unsigned deliveries are explicitly allowed; otherwise the path answers
 * 404 like any other.
 *
 * <p>Per delivery: a body above {@value #MAX_BODY_BYTES} bytes is refused with 413 without being buffered; the
 * {@code X-Hub-Signature-256} of the raw body is checked (401 when missing, short, malformed, {@code sha1=} or
 * wrong); {@code ping} is answered 200; events the exporter does not use are answered 200 and ignored; a delivery
 * without {@code X-GitHub-Event}/{@code X-GitHub-Delivery} or whose body is not a JSON object gets 400; a delivery id
 * seen before gets 200 and is not passed on again; anything else is queued for the single worker thread, which hands
 * it to every {@link WebhookSink}, and answered 202 at once, well inside GitHub's 10 s. A full queue answers 503, which
 * GitHub shows as a failed delivery that can be redelivered.
 */
@ApplicationScoped
public class WebhookReceiver {

    public static final String PATH = "/webhooks/github";
    /** GitHub caps payloads at 25 MB. */
    public static final long MAX_BODY_BYTES = 25L * 1024 * 1024;
    static final String SIGNATURE = "X-Hub-Signature-256";
    static final String EVENT = "X-GitHub-Event";
    static final String DELIVERY = "X-GitHub-Delivery";

    private static final Logger LOG = Logger.getLogger(WebhookReceiver.class);
    private static final long SAVE_EVERY_MILLIS = 1000;

    private final RunnerMetricsConfig config;
    private final String host;
    private final int metricsPort;
    private final Vertx vertx;
    private final FileSystem fileSystem;
    private final Clock clock;
    private final PrometheusMeterRegistry registry;
    private final Instance<WebhookSink> sinks;
    private final WebhookCounters counters = new WebhookCounters();

    private WebhookSettings settings;
    private DeliveryDedupe dedupe;
    private BlockingQueue<WebhookDelivery> queue;
    private List<WebhookSink> sinkList;
    private Thread worker;
    private WebhookServer server;
    private volatile boolean stopping;
    private volatile String listening;

    public WebhookReceiver(RunnerMetricsConfig config, @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.port") int metricsPort, Vertx vertx, FileSystem fileSystem,
            Clock clock, PrometheusMeterRegistry registry, Instance<WebhookSink> sinks) {
        this.config = config;
        this.host = host;
        this.metricsPort = metricsPort;
        this.vertx = vertx;
        this.fileSystem = fileSystem;
        this.clock = clock;
        this.registry = registry;
        this.sinks = sinks;
    }

    /** Validates the settings once; the router and start-up observers both need them, in either order. */
    private synchronized WebhookSettings settings() {
        if (settings == null) {
            try {
                settings = WebhookSettings.resolve(config.webhook(), metricsPort, fileSystem);
            } catch (InvalidConfigException e) {
                LOG.error("Invalid configuration, not starting: " + e.getMessage()); // one line before Quarkus' trace
                throw e;
            }
        }
        return settings;
    }

    /** On METRICS_PORT, unless the receiver has a port of its own. */
    void routes(@Observes Router router) {
        if (settings().enabled() && settings().port().isEmpty()) {
            install(router);
        }
    }

    /** The receiver's routes, on Quarkus' router or on the WEBHOOK_PORT server's. */
    private void install(Router router) {
        // Before Quarkus' own upload limit (which answers 413 by Content-Length too), so refusals are counted.
        router.post(PATH).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::refuseDeclaredOversize);
        router.post(PATH)
                .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES).setDeleteUploadedFilesOnEnd(true))
                .blockingHandler(this::handle, false)
                .failureHandler(this::failed);
    }

    void onStart(@Observes StartupEvent event) {
        WebhookSettings s = settings();
        if (!s.enabled()) {
            LOG.debug("GitHub webhook receiver off: no secret configured");
            return;
        }
        dedupe = new DeliveryDedupe(fileSystem.getPath(config.stateDir()).toAbsolutePath(),
                s.rememberDeliveries());
        dedupe.load();
        queue = new ArrayBlockingQueue<>(s.queueCapacity());
        sinkList = sinks.stream().toList();
        registry.getPrometheusRegistry().register(counters);
        worker = new Thread(this::work, "github-webhook-worker");
        worker.setDaemon(true);
        worker.start();
        String where = "METRICS_PORT";
        if (s.port().isPresent()) {
            boolean tls = config.tls().certFile().filter(f -> !f.isBlank()).isPresent();
            server = new WebhookServer(vertx, host, s.port().getAsInt(),
                    tls ? Optional.of(config.tls()) : Optional.empty(), this::install);
            try {
                server.listen(host, s.port().getAsInt());
            } catch (IllegalStateException e) {
                LOG.error("Cannot start the GitHub webhook receiver, not starting: " + e.getMessage());
                throw e;
            }
            where = (tls ? "https://" : "http://") + host + ":" + server.actualPort() + " (WEBHOOK_PORT"
                    + (tls ? ", TLS" : "") + "; not on METRICS_PORT)";
        }
        listening = where;
        LOG.infof("GitHub webhook receiver on POST %s at %s (%s); %d delivery ids remembered in %s; %s", PATH, where,
                s.secret().isPresent() ? "signature checked with the secret from " + s.secretSource()
                        : "UNSIGNED deliveries accepted (" + Setting.WEBHOOK_ALLOW_UNSIGNED.property() + "=true)",
                dedupe.size(), dedupe.file(),
                sinkList.isEmpty() ? "no consumer: deliveries are only verified and counted"
                        : sinkList.size() + " consumer(s)");
        if (s.secret().isEmpty()) {
            LOG.warn("GitHub webhook deliveries are not verified: anyone who can reach " + PATH
                    + " can feed figures; set " + Setting.WEBHOOK_SECRET + " or " + Setting.WEBHOOK_SECRET_FILE);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close(); // no new deliveries while the queue drains
        }
        if (worker == null) {
            return;
        }
        stopping = true;
        try {
            worker.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        save();
    }

    /** Whether the receiver is on (a secret, or unsigned deliveries allowed); checks the settings once. */
    public boolean enabled() {
        return settings().enabled();
    }

    /** Where the receiver takes deliveries once it is on and listening (for readiness); empty before or when off. */
    public Optional<String> listening() {
        return Optional.ofNullable(listening);
    }

    /** For tests and diagnostics. */
    public WebhookCounters counters() {
        return counters;
    }

    private void refuseDeclaredOversize(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared > MAX_BODY_BYTES) {
                tooLarge(ctx);
                return;
            }
        }
        ctx.next();
    }

    private void failed(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            tooLarge(ctx);
        } else if (ctx.response().ended() || ctx.response().closed()) {
            // The client went away, typically after a 413 while it was still sending: nothing left to answer.
            LOG.debugf("GitHub webhook delivery connection ended: %s", ctx.failure());
        } else {
            LOG.errorf(ctx.failure(), "GitHub webhook delivery failed");
            ctx.response().setStatusCode(500).end();
        }
    }

    private void tooLarge(RoutingContext ctx) {
        counters.count(ctx.request().getHeader(EVENT), Outcome.TOO_LARGE);
        if (!ctx.response().ended()) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close").setStatusCode(413)
                    .end("payload larger than " + MAX_BODY_BYTES + " bytes\n");
        }
    }

    private void handle(RoutingContext ctx) {
        String event = ctx.request().getHeader(EVENT);
        Buffer body = ctx.body().buffer();
        byte[] raw = body == null ? new byte[0] : body.getBytes();
        Optional<byte[]> secret = settings.secret();
        if (secret.isPresent() && !WebhookSignature.verify(secret.get(), raw, ctx.request().getHeader(SIGNATURE))) {
            reply(ctx, event, Outcome.REJECTED_SIGNATURE, 401, "bad or missing " + SIGNATURE);
            return;
        }
        String deliveryId = ctx.request().getHeader(DELIVERY);
        if (event == null || event.isBlank() || deliveryId == null || deliveryId.isBlank()) {
            reply(ctx, event, Outcome.MALFORMED, 400, EVENT + " and " + DELIVERY + " are required");
            return;
        }
        if (WebhookCounters.PING.equals(event)) {
            reply(ctx, event, Outcome.IGNORED, 200, "pong");
            return;
        }
        if (!WebhookCounters.USED_EVENTS.contains(event)) {
            reply(ctx, event, Outcome.IGNORED, 200, "event not used; ignored");
            return;
        }
        JsonNode payload;
        try {
            payload = Payloads.JSON.readTree(raw);
        } catch (IOException e) {
            payload = null;
        }
        if (payload == null || !payload.isObject()) {
            reply(ctx, event, Outcome.MALFORMED, 400, "body is not a JSON object");
            return;
        }
        if (!dedupe.claim(deliveryId)) {
            reply(ctx, event, Outcome.DUPLICATE, 200, "delivery already received; counted once");
            return;
        }
        if (!queue.offer(new WebhookDelivery(event, deliveryId, clock.instant(), payload))) {
            dedupe.release(deliveryId);
            LOG.warnf("GitHub webhook queue full (%d); refused delivery %s with 503", queue.size(), deliveryId);
            reply(ctx, event, Outcome.QUEUE_FULL, 503, "busy; redeliver later");
            return;
        }
        reply(ctx, event, Outcome.ACCEPTED, 202, "accepted");
    }

    private void reply(RoutingContext ctx, String event, Outcome outcome, int status, String message) {
        counters.count(event, outcome);
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .end(message + "\n");
    }

    private void work() {
        long lastSave = clock.millis();
        while (!stopping || !queue.isEmpty()) {
            WebhookDelivery delivery;
            try {
                delivery = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (delivery != null) {
                process(delivery);
            }
            if (dedupe.dirty() && (queue.isEmpty() || clock.millis() - lastSave >= SAVE_EVERY_MILLIS)) {
                save();
                lastSave = clock.millis();
            }
        }
    }

    private void process(WebhookDelivery delivery) {
        for (WebhookSink sink : sinkList) {
            try {
                sink.accept(delivery);
            } catch (RuntimeException e) {
                counters.processingFailed();
                LOG.errorf(e, "Processing GitHub webhook delivery %s (%s) failed", delivery.deliveryId(),
                        delivery.event());
            }
        }
        dedupe.done(delivery.deliveryId());
    }

    private void save() {
        if (dedupe == null || !dedupe.dirty()) {
            return;
        }
        try {
            dedupe.save();
        } catch (IOException | RuntimeException e) {
            LOG.errorf("Could not save the webhook delivery ids to %s (%s); retrying", dedupe.file(), e.getMessage());
        }
    }

    /** Databind is loaded with the first delivery, not at every start: a sidecar has no receiver. */
    private static final class Payloads {
        static final ObjectMapper JSON = new ObjectMapper();
    }
}
