package dev.runnermetrics.exporter.github.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnermetrics.exporter.github.api.OpenSsl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The App's key files as GitHub and openssl write them, and the JWT signed with them. */
class PemKeysTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void pkcs8KeysAreReadToo() throws Exception {
        OpenSsl.run(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "p8.pem");
        Path key = dir.resolve("p8.pem");
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));
        PrivateKey parsed = PemKeys.rsaPrivateKey(Files.readString(key));
        PublicKey publicKey = OpenSsl.publicKey(dir, key);
        String jwt = AppJwt.sign("Iv1.abc", parsed, T0);
        assertJwtSignature(jwt, publicKey);
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        assertEquals("Iv1.abc", claims.path("iss").asText(), "a client id is sent as a string");
    }

    private static void assertJwtSignature(String jwt, PublicKey key) throws Exception {
        String[] parts = jwt.split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(key);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(parts[2])));
    }

    @Test
    void encryptedAndForeignFilesAreRefusedWithoutQuotingThem() throws Exception {
        OpenSsl.run(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-aes256", "-pass",
                "pass:secret", "-out", "enc.pem");
        IllegalArgumentException encrypted = assertThrows(IllegalArgumentException.class,
                () -> PemKeys.rsaPrivateKey(Files.readString(dir.resolve("enc.pem"))));
        assertEquals("the key is encrypted; give the unencrypted PEM GitHub hands out", encrypted.getMessage());
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class, () -> PemKeys.rsaPrivateKey(
                "-----BEGIN RSA PRIVATE KEY-----\nTUFURVJJQUwK\n-----END RSA PRIVATE KEY-----\n"));
        assertEquals("not a readable RSA private key (InvalidKeySpecException)", garbage.getMessage());
    }
}
