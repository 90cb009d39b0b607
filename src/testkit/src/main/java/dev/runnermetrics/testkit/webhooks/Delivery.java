package dev.runnermetrics.testkit.webhooks;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One GitHub webhook delivery as GitHub sends it: a POST of exactly {@code body} with the event, a delivery id and
 * the signature in GitHub's headers.
 *
 * @param id        {@code X-GitHub-Delivery}; the receiver takes the same id twice as a redelivery
 * @param signature {@code X-Hub-Signature-256}; null sends none
 */
public record Delivery(String event, String id, byte[] body, String signature) {

    /** GitHub's is GitHub-Hookshot/ and a build id; the exporter does not read it, but a proxy in front might. */
    private static final String USER_AGENT = "GitHub-Hookshot/runner-metrics-testkit";

    public Delivery {
        body = body.clone(); // the signature is of these bytes: a caller's later change must not reach them
    }

    /**
     * A delivery signed by {@code signer}, its id derived from {@code name} ({@link #idFor(String)}): a script names
     * its deliveries, and sending the same name again is a redelivery.
     */
    public static Delivery signed(String event, String name, byte[] body, WebhookSigner signer) {
        return new Delivery(event, idFor(name), body, signer.sign(body));
    }

    /** A delivery id: a UUID as it is, any other name as the UUID derived from it. */
    public static String idFor(String name) {
        return name.length() == 36 ? name
                : UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    // By content: a record compares and prints an array by its identity.
    @Override
    public boolean equals(Object o) {
        return o instanceof Delivery d && event.equals(d.event) && id.equals(d.id) && Arrays.equals(body, d.body)
                && Objects.equals(signature, d.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(event, id, Arrays.hashCode(body), signature);
    }

    @Override
    public String toString() {
        return "Delivery[event=" + event + ", id=" + id + ", " + body.length + " bytes, signature=" + signature + "]";
    }

    /** The same delivery with another signature (null: none), e.g. a forged or truncated one. */
    public Delivery withSignature(String other) {
        return new Delivery(event, id, body, other);
    }

    /** GitHub's request headers, in the order GitHub sends them; no signature header when there is none. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", USER_AGENT);
        headers.put("X-GitHub-Event", event);
        headers.put("X-GitHub-Delivery", id);
        if (signature != null) {
            headers.put("X-Hub-Signature-256", signature);
        }
        return headers;
    }

    /** The POST to {@code url}, ready to send; add a header (e.g. Authorization) before building it. */
    public HttpRequest.Builder request(URI url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers().forEach(request::header);
        return request;
    }
}
