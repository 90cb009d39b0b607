package dev.runnermetrics.exporter.github.api;

import java.time.Instant;

/** How requests to GitHub are authorised. Implementations never expose the secret in toString or messages. */
interface Auth {

    /** The Authorization header value for a request now. */
    String authorization(GithubApi api, Instant now) throws ApiUnavailable;

    /** GitHub answered 401: forget whatever token is cached, so the next request gets a fresh one. */
    void rejected();

    /** Where the credentials come from, for the start-up line. */
    String describe();
}
