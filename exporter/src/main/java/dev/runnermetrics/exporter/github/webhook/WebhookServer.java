package dev.runnermetrics.exporter.github.webhook;

import dev.runnermetrics.exporter.config.RunnerMetricsConfig;
import dev.runnermetrics.exporter.config.Setting;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SSLOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The receiver's own HTTP server on WEBHOOK_PORT, so that only the webhook path needs to be reachable from GitHub.
 * It listens on the exporter's bind address (METRICS_BIND_ADDRESS) and, when the metrics port has TLS, serves
 * HTTPS only, from the same certificate files and with the same reload period. It has no basic auth (GitHub cannot
 * send credentials; the signature authenticates a delivery) and no other path: everything else is 404.
 */
final class WebhookServer {

    private static final Logger LOG = Logger.getLogger(WebhookServer.class);
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final HttpServer server;
    private final Optional<RunnerMetricsConfig.Tls> tls;
    private long reloadTimer = -1;

    /**
     * @param tls the certificate settings when TLS is on, else empty
     * @param routes installs the receiver's routes on the server's router
     */
    WebhookServer(Vertx vertx, String host, int port, Optional<RunnerMetricsConfig.Tls> tls, Consumer<Router> routes) {
        this.vertx = vertx;
        this.tls = tls;
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port)
                // GitHub waits 10 s for an answer; an idle keep-alive connection is not worth keeping much longer.
                .setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS);
        tls.ifPresent(t -> options.setSsl(true).setKeyCertOptions(keyCert(t)));
        Router router = Router.router(vertx);
        routes.accept(router);
        this.server = vertx.createHttpServer(options).requestHandler(router);
    }

    /**
     * Opens the port, or fails the start.
     *
     * @throws IllegalStateException when the port cannot be opened (in use, not permitted), naming WEBHOOK_PORT
     */
    void listen(String host, int port) {
        try {
            server.listen().toCompletionStage().toCompletableFuture()
                    .get(LISTEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(Setting.WEBHOOK_PORT + ": cannot listen on " + host + ":" + port
                    + " (" + cause.getMessage() + ")", cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException(Setting.WEBHOOK_PORT + ": " + host + ":" + port
                    + " did not open within " + LISTEN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening " + Setting.WEBHOOK_PORT, e);
        }
        tls.flatMap(RunnerMetricsConfig.Tls::reloadPeriod).ifPresent(period -> reloadTimer = vertx.setPeriodic(
                period.toMillis(), id -> reload()));
    }

    /** The port actually listened on. */
    int actualPort() {
        return server.actualPort();
    }

    void close() {
        if (reloadTimer >= 0) {
            vertx.cancelTimer(reloadTimer);
        }
        try {
            server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("Closing the webhook port: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads both files again, so a renewed certificate is served, as on the metrics port. */
    private void reload() {
        RunnerMetricsConfig.Tls t = tls.orElseThrow();
        server.updateSSLOptions(new SSLOptions().setKeyCertOptions(keyCert(t)), true).onFailure(e -> LOG.warnf(
                "Could not reload the webhook port's certificate from %s and %s (%s); serving the previous one",
                t.certFile().orElse(""), t.keyFile().orElse(""), e.getMessage()));
    }

    private static PemKeyCertOptions keyCert(RunnerMetricsConfig.Tls tls) {
        return new PemKeyCertOptions().setCertPath(tls.certFile().orElseThrow().strip())
                .setKeyPath(tls.keyFile().orElseThrow().strip());
    }
}
