package dev.runnermetrics.exporter.github.api;

import static dev.runnermetrics.exporter.github.api.ApiTesting.client;
import static dev.runnermetrics.exporter.github.api.FleetStatusTest.ETAG_1;
import static dev.runnermetrics.exporter.github.api.FleetStatusTest.ETAG_2;
import static dev.runnermetrics.exporter.github.api.FleetStatusTest.PAGE_1;
import static dev.runnermetrics.exporter.github.api.FleetStatusTest.PAGE_2;
import static dev.runnermetrics.exporter.github.api.FleetStatusTest.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GitHub App authentication: the JWT GitHub would verify, the installation token used, renewed before expiry. */
class AppAuthTest {

    private static final String TOKEN = "POST /app/installations/42/access_tokens";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void jwtIsExchangedForAnInstallationTokenWhichIsRenewedBeforeItExpires() throws Exception {
        Path key = OpenSsl.pkcs1Key(dir);
        PublicKey publicKey = OpenSsl.publicKey(dir, key);
        TestClock clock = new TestClock(T0);
        try (RecordedGithub github = new RecordedGithub()) {
            TestConfig config = new TestConfig();
            config.baseUrl = github.base().toString();
            config.org = "octo-org";
            config.queueTime = false;
            config.appId = "12345";
            config.appInstallationId = 42L;
            config.appPrivateKeyFile = key.toString();
            GithubApiClient client = client(config, clock, null);
            github.then(TOKEN, "app/installation-token.json") // expires 13:00
                    .then(PAGE_1, "runners/org-page-1.json").then(PAGE_2, "runners/org-page-2.json")
                    .then(PAGE_1, "runners/page-1-not-modified.json").then(PAGE_2, "runners/page-2-not-modified.json")
                    .then(TOKEN, "app/installation-token-renewed.json")
                    .then(PAGE_1, "runners/page-1-not-modified.json").then(PAGE_2, "runners/page-2-not-modified.json");
            client.fleet().pollIfDue();
            clock.set(T0.plusSeconds(60));
            client.fleet().pollIfDue(); // the token is still good: no exchange
            clock.set(Instant.parse("2026-11-22T12:55:00Z")); // 5 minutes before it expires: renewed
            client.fleet().pollIfDue();
            assertEquals(List.of(TOKEN, PAGE_1, PAGE_2, PAGE_1 + ETAG_1, PAGE_2 + ETAG_2, TOKEN, PAGE_1 + ETAG_1,
                    PAGE_2 + ETAG_2), github.lines());
            List<RecordedGithub.Request> requests = github.requests();
            assertJwt(requests.get(0).authorization(), publicKey, T0);
            assertJwt(requests.get(5).authorization(), publicKey, Instant.parse("2026-11-22T12:55:00Z"));
            for (int i : new int[] {1, 2, 3, 4}) {
                assertEquals("Bearer ghs_16C7e42F292c6912E7710c838347Ae178B4a", requests.get(i).authorization());
            }
            assertEquals("Bearer ghs_2bX9d1Qm7Lr4Tz8Kc3Vw6Ny5Pu0Hs2Jf1GeA", requests.get(6).authorization());
            assertTrue(ApiTesting.scrape(client).contains(
                    "runner_metrics_github_api_requests_total{endpoint=\"access_token\",outcome=\"ok\",} 2.0"));
        }
    }

    /** RS256 over header.claims with the App's key (checked with openssl's public key), GitHub's claims. */
    private static void assertJwt(String authorization, PublicKey key, Instant now) throws Exception {
        assertTrue(authorization.startsWith("Bearer "), authorization);
        String[] parts = authorization.substring("Bearer ".length()).split("\\.");
        assertEquals(3, parts.length);
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertEquals("RS256", header.path("alg").asText());
        assertEquals(now.getEpochSecond() - 60, claims.path("iat").asLong(), "issued 60 s back against drift");
        assertEquals(now.getEpochSecond() + 540, claims.path("exp").asLong(), "within GitHub's 10 minutes");
        assertTrue(claims.path("iss").isNumber());
        assertEquals(12345, claims.path("iss").asLong());
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(key);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(parts[2])), "signature verifies with the public key");
    }

}
