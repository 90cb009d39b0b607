package dev.runnermetrics.exporter.github.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * The JSON Web Token a GitHub App authenticates with: RS256, issued 60 s in the past (GitHub's advice against clock
 * drift), valid for 9 minutes (GitHub allows at most 10), issuer the App's id or client id.
 */
final class AppJwt {

    static final long BACKDATE_SECONDS = 60;
    static final long LIFETIME_SECONDS = 540;

    private AppJwt() {
    }

    static String sign(String appId, PrivateKey key, Instant now) {
        long iat = now.getEpochSecond() - BACKDATE_SECONDS;
        long exp = now.getEpochSecond() + LIFETIME_SECONDS;
        // A numeric id is sent as a number, a client id ("Iv1.…") as a string; GitHub takes either.
        String issuer = appId.chars().allMatch(Character::isDigit) ? appId : "\"" + appId.replace("\"", "") + "\"";
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iat\":" + iat + ",\"exp\":" + exp + ",\"iss\":" + issuer + "}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the GitHub App JWT (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
