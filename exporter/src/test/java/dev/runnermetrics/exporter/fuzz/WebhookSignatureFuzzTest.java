package dev.runnermetrics.exporter.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runnermetrics.exporter.github.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code X-Hub-Signature-256} over arbitrary bodies and secrets: the signature of a body verifies with its secret and
 * fails with one byte of the body or secret changed; a header with one character replaced verifies only when the
 * replacement is the same ASCII hex digit (upper or lower case) — no other character, however {@code
 * Character.digit} reads it; and no header, however malformed, throws. Input: byte 0 the secret length (a secret is
 * never empty: start-up refuses a blank one), byte 1 what to change, bytes 2-3 the replacement character, then the
 * secret and the body.
 */
class WebhookSignatureFuzzTest {

    static Stream<Arguments> fixtures() {
        return Seeds.files(b -> Seeds.prefixed(b, 12, 9, 0, 'A'), "github-webhooks/workflow_job");
    }

    @MethodSource("fixtures")
    @FuzzTest
    void onlyTheRightSignatureOfTheExactBodyVerifies(byte[] input) {
        if (input.length < 5) {
            return;
        }
        int secretLength = Math.max(1, Math.min(input[0] & 0xFF, input.length - 4));
        byte[] secret = Arrays.copyOfRange(input, 4, 4 + secretLength);
        byte[] body = Arrays.copyOfRange(input, 4 + secretLength, input.length);
        int change = input[1] & 0xFF;
        char replacement = (char) (((input[2] & 0xFF) << 8) | (input[3] & 0xFF));

        String header = WebhookSignature.sign(secret, body);
        assertTrue(header.matches("sha256=[0-9a-f]{64}"), header);
        assertTrue(WebhookSignature.verify(secret, body, header));

        if (body.length > 0) {
            byte[] other = body.clone();
            other[change % body.length] ^= (byte) (1 + (change >> 5));
            assertFalse(WebhookSignature.verify(secret, other, header), "changed body verified");
        }
        byte[] otherSecret = secret.clone();
        otherSecret[change % secret.length] ^= 1;
        assertFalse(WebhookSignature.verify(otherSecret, body, header), "changed secret verified");

        int at = change % header.length();
        String replaced = header.substring(0, at) + replacement + header.substring(at + 1);
        char original = header.charAt(at);
        boolean same = at < "sha256=".length() ? replacement == original
                : hexValue(replacement) >= 0 && hexValue(replacement) == hexValue(original);
        assertEquals(same, WebhookSignature.verify(secret, body, replaced),
                "header with U+" + Integer.toHexString(replacement) + " at " + at);

        WebhookSignature.verify(secret, body, new String(body, StandardCharsets.UTF_8));
        WebhookSignature.verify(secret, body, "sha256=" + new String(body, StandardCharsets.ISO_8859_1));
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
