package dev.runnermetrics.exporter.github.api;

import dev.runnermetrics.exporter.config.Check;
import dev.runnermetrics.exporter.config.InvalidConfigException;
import dev.runnermetrics.exporter.config.RunnerMetricsConfig;
import dev.runnermetrics.exporter.config.Setting;
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
import java.util.stream.Collectors;

/**
 * The REST API client's checked settings. Errors name the setting and never quote a token or key.
 *
 * @param fleetPath the runners listing to poll, null when fleet status is off
 */
public record GithubApiSettings(boolean enabled, URI baseUrl, String fleetPath, Auth auth, Duration pollInterval,
        boolean queueTime, int queueTimeCapacity, Duration queueTimeMaxAge, int maxRunnerNames) {

    private static final Setting ENABLED = Setting.API_ENABLED;
    private static final Setting BASE_URL = Setting.API_BASE_URL;
    private static final Setting ORG = Setting.API_ORG;
    private static final Setting REPOSITORY = Setting.API_REPOSITORY;
    private static final Setting TOKEN = Setting.API_TOKEN;
    private static final Setting TOKEN_FILE = Setting.API_TOKEN_FILE;
    private static final Setting APP_ID = Setting.API_APP_ID;
    private static final Setting APP_INSTALLATION_ID = Setting.API_APP_INSTALLATION_ID;
    private static final Setting APP_PRIVATE_KEY_FILE = Setting.API_APP_PRIVATE_KEY_FILE;
    private static final Setting QUEUE_TIME = Setting.API_QUEUE_TIME;
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
    public static GithubApiSettings resolve(RunnerMetricsConfig.GithubApi c, boolean webhooksOn, FileSystem fs) {
        if (!c.enabled()) {
            List<Setting> set = new ArrayList<>();
            c.org().filter(v -> !v.isBlank()).ifPresent(v -> set.add(ORG));
            c.repository().filter(v -> !v.isBlank()).ifPresent(v -> set.add(REPOSITORY));
            c.tokenFile().filter(v -> !v.isBlank()).ifPresent(v -> set.add(TOKEN_FILE));
            c.appId().filter(v -> !v.isBlank()).ifPresent(v -> set.add(APP_ID));
            c.appInstallationId().ifPresent(v -> set.add(APP_INSTALLATION_ID));
            c.appPrivateKeyFile().filter(v -> !v.isBlank()).ifPresent(v -> set.add(APP_PRIVATE_KEY_FILE));
            c.queueTime().filter(Boolean::booleanValue).ifPresent(v -> set.add(QUEUE_TIME));
            if (!set.isEmpty()) {
                throw new InvalidConfigException(set.stream().map(Setting::toString).collect(Collectors.joining(", "))
                        + " set but the GitHub API client is off: set " + on());
            }
            return off();
        }
        URI base = baseUrl(c.baseUrl());
        Optional<String> org = c.org().map(String::strip).filter(v -> !v.isEmpty());
        Optional<String> repository = c.repository().map(String::strip).filter(v -> !v.isEmpty());
        if (org.isPresent() && repository.isPresent()) {
            throw Check.invalid(ORG, "and " + REPOSITORY + " are both set; set one (the fleet is an "
                    + "organisation's runners or a repository's)");
        }
        if (org.isPresent() && !ORG_NAME.matcher(org.get()).matches()) {
            throw Check.invalid(ORG, "is not an organisation name: '" + org.get() + "'");
        }
        if (repository.isPresent() && !REPOSITORY_NAME.matcher(repository.get()).matches()) {
            throw Check.invalid(REPOSITORY, "must be owner/name, was '" + repository.get() + "'");
        }
        Check.atLeast(Setting.API_POLL_INTERVAL, c.pollInterval(), MIN_POLL_INTERVAL);
        Check.atLeast(Setting.API_QUEUE_TIME_CAPACITY, c.queueTimeCapacity(), 1);
        Check.positive(Setting.API_QUEUE_TIME_MAX_AGE, c.queueTimeMaxAge());
        Check.atLeast(Setting.API_MAX_RUNNER_NAMES, c.maxRunnerNames(), 1);
        if (webhooksOn && c.queueTime().orElse(false)) {
            throw Check.invalid(QUEUE_TIME, "is true and the webhook receiver is on: the webhooks give queue "
                    + "time for every job already; unset it (one source per figure)");
        }
        boolean queueTime = c.queueTime().orElse(!webhooksOn);
        String fleetPath = org.isPresent() || repository.isPresent()
                ? FleetStatus.path(org.orElse(null), repository.orElse(null)) : null;
        if (fleetPath == null && !queueTime) {
            throw Check.invalid(ENABLED, "is true but there is nothing to do: set " + ORG + " or "
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
            throw Check.invalid(BASE_URL, "must be an http(s) URL such as https://api.github.com or "
                    + "https://HOST/api/v3, was '" + text + "'");
        }
    }

    private static Auth auth(RunnerMetricsConfig.GithubApi c, FileSystem fs) {
        Optional<String> token = c.token().filter(v -> !v.isBlank());
        Optional<String> tokenFile = c.tokenFile().map(String::strip).filter(v -> !v.isEmpty());
        boolean app = c.appId().filter(v -> !v.isBlank()).isPresent() || c.appInstallationId().isPresent()
                || c.appPrivateKeyFile().filter(v -> !v.isBlank()).isPresent();
        List<String> kinds = new ArrayList<>();
        token.ifPresent(v -> kinds.add(TOKEN.toString()));
        tokenFile.ifPresent(v -> kinds.add(TOKEN_FILE.toString()));
        if (app) {
            kinds.add("the GitHub App (" + Setting.PREFIX + ".github-api.app-*)");
        }
        if (kinds.isEmpty()) {
            throw Check.invalid(ENABLED, "is true but no credentials: set " + TOKEN + ", "
                    + TOKEN_FILE + ", or " + APP_ID + ", " + APP_INSTALLATION_ID + " and " + APP_PRIVATE_KEY_FILE);
        }
        if (kinds.size() > 1) {
            throw new InvalidConfigException(String.join(" and ", kinds) + " are both set; set one");
        }
        if (token.isPresent()) {
            return Auth.token(token.get().strip(), TOKEN.toString());
        }
        if (tokenFile.isPresent()) {
            Path file = fs.getPath(tokenFile.get());
            try {
                Auth.readTokenFile(file);
            } catch (IOException e) {
                throw Check.invalid(TOKEN_FILE, ": cannot read " + file + " ("
                        + (e.getMessage() != null && e.getMessage().endsWith("is empty") ? "empty"
                                : e.getClass().getSimpleName()) + ")");
            }
            return Auth.tokenFile(file);
        }
        String appId = c.appId().map(String::strip).filter(v -> !v.isEmpty())
                .orElseThrow(() -> Check.invalid(APP_ID, "is missing (the GitHub App's id or client "
                        + "id), needed with " + APP_INSTALLATION_ID + " and " + APP_PRIVATE_KEY_FILE));
        if (!appId.matches("[A-Za-z0-9._-]+")) {
            throw Check.invalid(APP_ID, "must be the App's numeric id or client id");
        }
        long installation = c.appInstallationId().orElseThrow(() -> Check.invalid(APP_INSTALLATION_ID,
                "is missing (the number at the end of the installation's settings URL)"));
        if (installation < 1) {
            throw Check.invalid(APP_INSTALLATION_ID, "must be positive, was " + installation);
        }
        Path keyFile = fs.getPath(c.appPrivateKeyFile().map(String::strip).filter(v -> !v.isEmpty())
                .orElseThrow(() -> Check.invalid(APP_PRIVATE_KEY_FILE, "is missing (the .pem file "
                        + "GitHub generated for the App)")));
        try {
            return Auth.app(appId, installation, Files.readString(keyFile, StandardCharsets.US_ASCII), keyFile);
        } catch (IOException e) {
            throw Check.invalid(APP_PRIVATE_KEY_FILE, ": cannot read " + keyFile + " ("
                    + e.getClass().getSimpleName() + ")");
        } catch (IllegalArgumentException e) {
            throw Check.invalid(APP_PRIVATE_KEY_FILE, ": " + keyFile + ": " + e.getMessage());
        }
    }

    /** How to switch the client on, for messages. */
    private static String on() {
        return ENABLED.property() + "=true (" + ENABLED.env() + "=true)";
    }

    /** Never shows a secret: the credentials are described by where they come from. */
    @Override
    public String toString() {
        return "GithubApiSettings[enabled=" + enabled + ", baseUrl=" + baseUrl + ", fleetPath=" + fleetPath
                + ", auth=" + (auth == null ? "none" : auth.describe()) + ", pollInterval=" + pollInterval
                + ", queueTime=" + queueTime + "]";
    }
}
