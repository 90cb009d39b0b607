package dev.runnermetrics.exporter.github.api;

import dev.runnermetrics.exporter.config.RunnerMetricsConfig;
import java.time.Duration;
import java.util.Optional;

/** The REST API client's configuration group with the declared defaults, changed field by field. */
final class TestConfig implements RunnerMetricsConfig.GithubApi {

    boolean enabled = true;
    String baseUrl = "https://api.github.com";
    String org;
    String repository;
    String token;
    String tokenFile;
    String appId;
    Long appInstallationId;
    String appPrivateKeyFile;
    Duration pollInterval = Duration.ofSeconds(60);
    Boolean queueTime;
    int queueTimeCapacity = 100;
    Duration queueTimeMaxAge = Duration.ofHours(1);
    int maxRunnerNames = 1000;

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public Optional<String> org() {
        return Optional.ofNullable(org);
    }

    @Override
    public Optional<String> repository() {
        return Optional.ofNullable(repository);
    }

    @Override
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    @Override
    public Optional<String> tokenFile() {
        return Optional.ofNullable(tokenFile);
    }

    @Override
    public Optional<String> appId() {
        return Optional.ofNullable(appId);
    }

    @Override
    public Optional<Long> appInstallationId() {
        return Optional.ofNullable(appInstallationId);
    }

    @Override
    public Optional<String> appPrivateKeyFile() {
        return Optional.ofNullable(appPrivateKeyFile);
    }

    @Override
    public Duration pollInterval() {
        return pollInterval;
    }

    @Override
    public Optional<Boolean> queueTime() {
        return Optional.ofNullable(queueTime);
    }

    @Override
    public int queueTimeCapacity() {
        return queueTimeCapacity;
    }

    @Override
    public Duration queueTimeMaxAge() {
        return queueTimeMaxAge;
    }

    @Override
    public int maxRunnerNames() {
        return maxRunnerNames;
    }
}
