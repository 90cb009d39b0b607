package dev.runnermetrics.exporter.github.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/** How requests to GitHub are authorised. Implementations never expose the secret in toString or messages. */
public interface Auth {

    /** The Authorization header value for a request now. */
    String authorization(GithubApi api, Instant now) throws ApiUnavailable;

    /** GitHub answered 401: forget whatever token is cached, so the next request gets a fresh one. */
    void rejected();

    /** Where the credentials come from, for the start-up line. */
    String describe();

    /** A token given directly; {@code source} names where it comes from, for the start-up line. */
    static Auth token(String token, String source) {
        return TokenAuth.of(token, source);
    }

    /** A token in a file, read at every request so a rotation applies. */
    static Auth tokenFile(Path file) {
        return TokenAuth.fromFile(file);
    }

    /** The file's token without trailing line breaks; throws with a message naming the file only. */
    static String readTokenFile(Path file) throws IOException {
        return TokenAuth.read(file);
    }

    /**
     * A GitHub App installation.
     *
     * @param pem the App's private key file's text (PKCS#1 or PKCS#8)
     * @throws IllegalArgumentException when the key is not an RSA private key, never quoting it
     */
    static Auth app(String appId, long installationId, String pem, Path keyFile) {
        return new AppAuth(appId, installationId, PemKeys.rsaPrivateKey(pem), keyFile);
    }
}
