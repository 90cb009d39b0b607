package dev.runnermetrics.exporter.github.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** GitHub's documented test vector and three real captured deliveries (src/test/resources/github-webhooks). */
class WebhookSignatureTest {

    static final Path FIXTURES = Path.of("src/test/resources/github-webhooks");

    @Test
    void everyPublishedVectorVerifies() throws IOException {
        JsonNode vectors = new ObjectMapper().readTree(FIXTURES.resolve("hmac-test-vectors.json").toFile());
        assertEquals(4, vectors.size());
        for (JsonNode v : vectors) {
            byte[] secret = v.get("secret").asText().getBytes(StandardCharsets.UTF_8);
            byte[] body = v.has("payload") ? v.get("payload").asText().getBytes(StandardCharsets.UTF_8)
                    : Files.readAllBytes(FIXTURES.resolve(v.get("payload_file").asText()));
            if (v.has("payload_bytes")) {
                assertEquals(v.get("payload_bytes").asInt(), body.length, "raw bytes, not re-serialised");
            }
            String header = v.get("x_hub_signature_256").asText();
            assertTrue(WebhookSignature.verify(secret, body, header), v.get("source").asText());
            assertEquals(header, WebhookSignature.sign(secret, body));
            if (v.has("x_hub_signature")) {
                assertFalse(WebhookSignature.verify(secret, body, v.get("x_hub_signature").asText()),
                        "the SHA-1 signature is never accepted");
            }
        }
    }

    @Test
    void refusesTamperedBodiesAndMalformedHeaders() {
        byte[] secret = "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        String good = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assertTrue(WebhookSignature.verify(secret, body, good));

        assertFalse(WebhookSignature.verify(secret, "Hello, World?".getBytes(StandardCharsets.UTF_8), good));
        assertFalse(WebhookSignature.verify(secret, Arrays.copyOf(body, body.length + 1), good), "appended byte");
        assertFalse(WebhookSignature.verify("It's a secret to everybody".getBytes(StandardCharsets.UTF_8), body,
                good), "other secret");
        assertFalse(WebhookSignature.verify(secret, body, null), "missing");
        assertFalse(WebhookSignature.verify(secret, body, ""), "empty");
        assertFalse(WebhookSignature.verify(secret, body, "sha256="), "no digest");
        assertFalse(WebhookSignature.verify(secret, body, good.substring(0, good.length() - 2)), "short");
        assertFalse(WebhookSignature.verify(secret, body, good + "00"), "long");
        assertFalse(WebhookSignature.verify(secret, body, good.replace("sha256=", "sha1=")), "sha1 prefix");
        assertFalse(WebhookSignature.verify(secret, body, good.replace("sha256=", "SHA256=")), "prefix case");
        assertFalse(WebhookSignature.verify(secret, body, good.substring("sha256=".length())), "no prefix");
        assertFalse(WebhookSignature.verify(secret, body, good.substring(0, good.length() - 1) + "g"), "not hex");
        assertFalse(WebhookSignature.verify(secret, body, " " + good), "leading space");
    }
}
