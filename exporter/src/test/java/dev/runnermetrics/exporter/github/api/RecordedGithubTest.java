package dev.runnermetrics.exporter.github.api;

import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test against a recorded GitHub served over real HTTP, with a token client configuration pointed at it. */
abstract class RecordedGithubTest {

    static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");

    RecordedGithub github;
    final TestClock clock = new TestClock(T0);
    final TestConfig config = new TestConfig();

    @BeforeEach
    void startRecordedGithub() throws IOException {
        github = new RecordedGithub();
        config.baseUrl = github.base().toString();
        config.token = "ghp_testtoken0123456789";
    }

    @AfterEach
    void stopRecordedGithub() {
        github.close();
    }
}
