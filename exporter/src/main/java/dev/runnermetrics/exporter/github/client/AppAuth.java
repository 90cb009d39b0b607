package dev.runnermetrics.exporter.github.client;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;

/**
 * A GitHub App installation: a JWT signed with the App's key is exchanged for an installation token (valid one
 * hour), which is renewed 5 minutes before it expires or when GitHub rejects it.
 */
final class AppAuth implements Auth {

    static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private final String appId;
    private final long installationId;
    private final PrivateKey key;
    private final Path keyFile;
    private String token;
    private Instant expiresAt;

    AppAuth(String appId, long installationId, PrivateKey key, Path keyFile) {
        this.appId = appId;
        this.installationId = installationId;
        this.key = key;
        this.keyFile = keyFile;
    }

    @Override
    public synchronized String authorization(GithubApi api, Instant now) throws ApiUnavailable {
        if (token == null || !now.isBefore(expiresAt.minus(RENEW_BEFORE))) {
            GithubApi.InstallationToken fresh = api.installationToken(installationId,
                    AppJwt.sign(appId, key, now));
            token = fresh.token();
            expiresAt = fresh.expiresAt();
        }
        return "Bearer " + token;
    }

    @Override
    public synchronized void rejected() {
        token = null;
    }

    @Override
    public String describe() {
        return "GitHub App " + appId + ", installation " + installationId + " (key " + keyFile + ")";
    }

    @Override
    public String toString() {
        return "AppAuth[" + describe() + "]";
    }
}
