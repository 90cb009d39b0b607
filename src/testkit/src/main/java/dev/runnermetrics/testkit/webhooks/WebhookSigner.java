package dev.runnermetrics.testkit.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a delivery's body as GitHub does: the {@code X-Hub-Signature-256} value for exactly these bytes.
 *
 * <p>The exporter's tests pass the exporter's own signing code ({@code body -> WebhookSignature.sign(secret, body)}),
 * so what they send is signed by what verifies it. This module cannot depend on the exporter (the exporter's tests
 * depend on it), so modules without the exporter's classes use {@link #hmacSha256(String)}, which
 * WebhookSignerTest checks against GitHub's published test vector and real captured deliveries.
 */
@FunctionalInterface
public interface WebhookSigner {

    /** The header value, {@code sha256=} and 64 lower-case hex digits. */
    String sign(byte[] body);

    /** HMAC-SHA256 keyed with the webhook secret (UTF-8), as GitHub's documentation specifies. */
    static WebhookSigner hmacSha256(String secret) {
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        return body -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every Java runtime has HmacSHA256", e);
            }
        };
    }
}
