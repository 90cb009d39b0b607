package dev.runnermetrics.testkit.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The kit's own HMAC against the shared vectors (src/test/resources/github-webhooks, see SOURCES.md): GitHub's
 * documented example and three real deliveries with the signatures GitHub sent.
 */
class WebhookSignerTest {

    private static final Path VECTORS = Path.of("src/test/resources/github-webhooks");

    @Test
    void signsEveryPublishedVectorAsGithubSignedIt() throws IOException {
        JsonNode vectors = new ObjectMapper().readTree(VECTORS.resolve("hmac-test-vectors.json").toFile());
        assertEquals(4, vectors.size());
        for (JsonNode v : vectors) {
            byte[] body = v.has("payload") ? v.get("payload").asText().getBytes(StandardCharsets.UTF_8)
                    : Files.readAllBytes(VECTORS.resolve(v.get("payload_file").asText()));
            if (v.has("payload_bytes")) {
                assertEquals(v.get("payload_bytes").asInt(), body.length, "raw bytes, not re-serialised");
            }
            assertEquals(v.get("x_hub_signature_256").asText(),
                    WebhookSigner.hmacSha256(v.get("secret").asText()).sign(body), v.get("source").asText());
        }
    }

    @Test
    void aChangedByteOrSecretGivesAnotherSignature() {
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        String signed = WebhookSigner.hmacSha256("It's a Secret to Everybody").sign(body);
        assertNotEquals(signed, WebhookSigner.hmacSha256("It's a secret to everybody").sign(body));
        assertNotEquals(signed, WebhookSigner.hmacSha256("It's a Secret to Everybody")
                .sign(Arrays.copyOf(body, body.length + 1)));
    }
}
