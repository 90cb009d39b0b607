package dev.runnermetrics.exporter.github.api;

import dev.runnermetrics.exporter.config.InvalidConfigException;
import dev.runnermetrics.exporter.github.client.Auth;
import dev.runnermetrics.exporter.github.fleet.FleetStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The REST API client's checked settings. Errors name the setting and never quote a token or key.
 *
 * @param fleetPath the runners listing to poll, null when fleet status is off
 */
public record GithubApiSettings(boolean enabled, URI baseUrl, String fleetPath, Auth auth, Duration pollInterval,
        boolean queueTime, int queueTimeCapacity, Duration queueTimeMaxAge, int maxRunnerNames) {

    static final String P = "runner-metrics.github-api.";
    public static final String ENABLED = P + "enabled";
    public static final String BASE_URL = P + "base-url";
    public static final String ORG = P + "org";
    public static final String REPOSITORY = P + "repository";
    public static final String TOKEN = P + "token";
    public static final String TOKEN_FILE = P + "token-file";
    public static final String APP_ID = P + "app-id";
    public static final String APP_INSTALLATION_ID = P + "app-installation-id";
    public static final String APP_PRIVATE_KEY_FILE = P + "app-private-key-file";
    public static final String POLL_INTERVAL = P + "poll-interval";
    public static final String QUEUE_TIME = P + "queue-time";
    public static final String QUEUE_TIME_CAPACITY = P + "queue-time-capacity";
    public static final String QUEUE_TIME_MAX_AGE = P + "queue-time-max-age";
    public static final String MAX_RUNNER_NAMES = P + "max-runner-names";
    static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(10);

    private static final Pattern ORG_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern REPOSITORY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+");

    static GithubApiSettings off() {
        return new GithubApiSettings(false, null, null, null, null, false, 0, null, 0);
    }

    /**
     * @param webhooksOn whether the webhook receiver is on: it gives queue time itself, so the API's is off by
     *                   default there, and asking for both is refused (one source per figure)
     * @throws InvalidConfigException naming the wrong setting
     */
    public static GithubApiSettings resolve(GithubApiConfig c, boolean webhooksOn, FileSystem fs) {
        if (!c.enabled()) {
            List<String> set = new ArrayList<>();
            c.org().filter(v -> !v.isBlank()).ifPresent(v -> set.add(ORG));
            c.repository().filter(v -> !v.isBlank()).ifPresent(v -> set.add(REPOSITORY));
            c.tokenFile().filter(v -> !v.isBlank()).ifPresent(v -> set.add(TOKEN_FILE));
            c.appId().filter(v -> !v.isBlank()).ifPresent(v -> set.add(APP_ID));
            c.appInstallationId().ifPresent(v -> set.add(APP_INSTALLATION_ID));
            c.appPrivateKeyFile().filter(v -> !v.isBlank()).ifPresent(v -> set.add(APP_PRIVATE_KEY_FILE));
            c.queueTime().filter(Boolean::booleanValue).ifPresent(v -> set.add(QUEUE_TIME));
            if (!set.isEmpty()) {
                throw new InvalidConfigException(String.join(", ", set) + " set but the GitHub API client is off: "
                        + "set " + ENABLED + "=true (RUNNER_METRICS_GITHUB_API_ENABLED)");
            }
            return off();
        }
        URI base = baseUrl(c.baseUrl());
        Optional<String> org = c.org().map(String::strip).filter(v -> !v.isEmpty());
        Optional<String> repository = c.repository().map(String::strip).filter(v -> !v.isEmpty());
        if (org.isPresent() && repository.isPresent()) {
            throw new InvalidConfigException(ORG + " and " + REPOSITORY + " are both set; set one (the fleet is an "
                    + "organisation's runners or a repository's)");
        }
        if (org.isPresent() && !ORG_NAME.matcher(org.get()).matches()) {
            throw new InvalidConfigException(ORG + " is not an organisation name: '" + org.get() + "'");
        }
        if (repository.isPresent() && !REPOSITORY_NAME.matcher(repository.get()).matches()) {
            throw new InvalidConfigException(REPOSITORY + " must be owner/name, was '" + repository.get() + "'");
        }
        if (c.pollInterval().compareTo(MIN_POLL_INTERVAL) < 0) {
            throw new InvalidConfigException(POLL_INTERVAL + " must be at least 10s, was " + c.pollInterval());
        }
        if (c.queueTimeCapacity() < 1) {
            throw new InvalidConfigException(QUEUE_TIME_CAPACITY + " must be at least 1, was "
                    + c.queueTimeCapacity());
        }
        if (c.queueTimeMaxAge().isNegative() || c.queueTimeMaxAge().isZero()) {
            throw new InvalidConfigException(QUEUE_TIME_MAX_AGE + " must be positive, was " + c.queueTimeMaxAge());
        }
        if (c.maxRunnerNames() < 1) {
            throw new InvalidConfigException(MAX_RUNNER_NAMES + " must be at least 1, was " + c.maxRunnerNames());
        }
        if (webhooksOn && c.queueTime().orElse(false)) {
            throw new InvalidConfigException(QUEUE_TIME + "=true and the webhook receiver is on: the webhooks give "
                    + "queue time for every job already; unset " + QUEUE_TIME + " (one source per figure)");
        }
        boolean queueTime = c.queueTime().orElse(!webhooksOn);
        String fleetPath = org.isPresent() || repository.isPresent()
                ? FleetStatus.path(org.orElse(null), repository.orElse(null)) : null;
        if (fleetPath == null && !queueTime) {
            throw new InvalidConfigException(ENABLED + "=true but there is nothing to do: set " + ORG + " or "
                    + REPOSITORY + " for the fleet's runner status"
                    + (webhooksOn ? "" : ", or leave " + QUEUE_TIME + " on"));
        }
        return new GithubApiSettings(true, base, fleetPath, auth(c, fs), c.pollInterval(), queueTime,
                c.queueTimeCapacity(), c.queueTimeMaxAge(), c.maxRunnerNames());
    }

    private static URI baseUrl(String text) {
        String trimmed = text.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new URISyntaxException(trimmed, "not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidConfigException(BASE_URL + " must be an http(s) URL such as https://api.github.com or "
                    + "https://HOST/api/v3, was '" + text + "'");
        }
    }

    private static Auth auth(GithubApiConfig c, FileSystem fs) {
        Optional<String> token = c.token().filter(v -> !v.isBlank());
        Optional<String> tokenFile = c.tokenFile().map(String::strip).filter(v -> !v.isEmpty());
        boolean app = c.appId().filter(v -> !v.isBlank()).isPresent() || c.appInstallationId().isPresent()
                || c.appPrivateKeyFile().filter(v -> !v.isBlank()).isPresent();
        List<String> kinds = new ArrayList<>();
        token.ifPresent(v -> kinds.add(TOKEN + " (GITHUB_TOKEN)"));
        tokenFile.ifPresent(v -> kinds.add(TOKEN_FILE));
        if (app) {
            kinds.add("the GitHub App (" + P + "app-*)");
        }
        if (kinds.isEmpty()) {
            throw new InvalidConfigException(ENABLED + "=true but no credentials: set " + TOKEN + " (GITHUB_TOKEN), "
                    + TOKEN_FILE + ", or " + APP_ID + ", " + APP_INSTALLATION_ID + " and " + APP_PRIVATE_KEY_FILE);
        }
        if (kinds.size() > 1) {
            throw new InvalidConfigException(String.join(" and ", kinds) + " are both set; set one");
        }
        if (token.isPresent()) {
            return Auth.token(token.get().strip(), TOKEN + " (GITHUB_TOKEN)");
        }
        if (tokenFile.isPresent()) {
            Path file = fs.getPath(tokenFile.get());
            try {
                Auth.readTokenFile(file);
            } catch (IOException e) {
                throw new InvalidConfigException(TOKEN_FILE + ": cannot read " + file + " ("
                        + (e.getMessage() != null && e.getMessage().endsWith("is empty") ? "empty"
                                : e.getClass().getSimpleName()) + ")");
            }
            return Auth.tokenFile(file);
        }
        String appId = c.appId().map(String::strip).filter(v -> !v.isEmpty())
                .orElseThrow(() -> new InvalidConfigException(APP_ID + " is missing (the GitHub App's id or client "
                        + "id), needed with " + APP_INSTALLATION_ID + " and " + APP_PRIVATE_KEY_FILE));
        if (!appId.matches("[A-Za-z0-9._-]+")) {
            throw new InvalidConfigException(APP_ID + " must be the App's numeric id or client id");
        }
        long installation = c.appInstallationId().orElseThrow(() -> new InvalidConfigException(APP_INSTALLATION_ID
                + " is missing (the number at the end of the installation's settings URL)"));
        if (installation < 1) {
            throw new InvalidConfigException(APP_INSTALLATION_ID + " must be positive, was " + installation);
        }
        Path keyFile = fs.getPath(c.appPrivateKeyFile().map(String::strip).filter(v -> !v.isEmpty())
                .orElseThrow(() -> new InvalidConfigException(APP_PRIVATE_KEY_FILE + " is missing (the .pem file "
                        + "GitHub generated for the App)")));
        try {
            return Auth.app(appId, installation, Files.readString(keyFile, StandardCharsets.US_ASCII), keyFile);
        } catch (IOException e) {
            throw new InvalidConfigException(APP_PRIVATE_KEY_FILE + ": cannot read " + keyFile + " ("
                    + e.getClass().getSimpleName() + ")");
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(APP_PRIVATE_KEY_FILE + ": " + keyFile + ": " + e.getMessage());
        }
    }

    /** Never shows a secret: the credentials are described by where they come from. */
    @Override
    public String toString() {
        return "GithubApiSettings[enabled=" + enabled + ", baseUrl=" + baseUrl + ", fleetPath=" + fleetPath
                + ", auth=" + (auth == null ? "none" : auth.describe()) + ", pollInterval=" + pollInterval
                + ", queueTime=" + queueTime + "]";
    }
}
