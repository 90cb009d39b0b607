package dev.runnermetrics.demo.github;

import dev.runnermetrics.testkit.webhooks.Delivery;
import dev.runnermetrics.testkit.webhooks.WebhookSigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Posts deliveries to the exporter's webhook receiver as GitHub does, signed and with GitHub's headers (the test
 * kit's {@link Delivery} and {@link WebhookSigner}, which the exporter's tests and the dashboards' end-to-end test
 * send with too). In order, from a background thread, so the replay's timing stays its own; a refused delivery is
 * reported and the replay goes on.
 */
public final class HttpSender implements Sender {

    private final URI url;
    private final WebhookSigner signer;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService queue = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "webhooks");
        t.setDaemon(true); // a replay stopped by --seconds or Ctrl-C does not wait for the exporter
        return t;
    });
    private int deliveries;

    /** @param secret the exporter's GITHUB_WEBHOOK_SECRET */
    public HttpSender(URI url, String secret) {
        this.url = url;
        this.signer = WebhookSigner.hmacSha256(secret);
    }

    @Override
    public void send(String event, String body) {
        int n = ++deliveries;
        queue.submit(() -> post(event, body, n));
    }

    /** The n-th delivery, signed; its id is new each run (GitHub's are unique: the receiver counts an id once). */
    Delivery delivery(String event, String body, int n) {
        return Delivery.signed(event, url + " " + Instant.now() + " " + n, body.getBytes(StandardCharsets.UTF_8), signer);
    }

    private void post(String event, String body, int n) {
        var request = delivery(event, body, n).request(url).build();
        // The exporter may still be starting (run.sh starts both at once): retry for a minute.
        for (int attempt = 0; attempt < 120; attempt++) {
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 300) System.err.println("DemoReplay: webhook " + event + " answered " + status);
                return;
            } catch (IOException notUpYet) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
        System.err.println("DemoReplay: webhook " + event + " not delivered: nothing listens at " + url);
    }

    @Override
    public void close() {
        queue.shutdown();
    }
}
