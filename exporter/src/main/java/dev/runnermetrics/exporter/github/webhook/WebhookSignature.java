package dev.runnermetrics.exporter.github.webhook;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's {@code X-Hub-Signature-256}: {@code sha256=} and the lower-case hex HMAC-SHA256 of the raw body bytes,
 * keyed with the webhook secret. Only SHA-256 is accepted (the SHA-1 {@code X-Hub-Signature} is not), and the
 * comparison takes the same time however much of the signature matches.
 */
public final class WebhookSignature {

    static final String PREFIX = "sha256=";
    private static final int HEX_LENGTH = 64;

    private WebhookSignature() {
    }

    /** The header value GitHub would send for this body. */
    public static String sign(byte[] secret, byte[] body) {
        StringBuilder hex = new StringBuilder(PREFIX);
        for (byte b : hmac(secret, body)) {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }

    /** Whether {@code header} is a well-formed SHA-256 signature of {@code body} under {@code secret}. */
    public static boolean verify(byte[] secret, byte[] body, String header) {
        if (header == null || header.length() != PREFIX.length() + HEX_LENGTH || !header.startsWith(PREFIX)) {
            return false;
        }
        byte[] given = new byte[HEX_LENGTH / 2];
        for (int i = 0; i < given.length; i++) {
            int hi = hex(header.charAt(PREFIX.length() + 2 * i));
            int lo = hex(header.charAt(PREFIX.length() + 2 * i + 1));
            if (hi < 0 || lo < 0) {
                return false;
            }
            given[i] = (byte) ((hi << 4) | lo);
        }
        return MessageDigest.isEqual(hmac(secret, body), given);
    }

    /** ASCII hex only: Character.digit would also take other scripts' digits (found by WebhookSignatureFuzzTest). */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static byte[] hmac(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
