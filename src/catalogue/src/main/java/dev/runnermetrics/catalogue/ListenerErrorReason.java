package dev.runnermetrics.catalogue;

import java.util.Locale;

/**
 * The {@code reason} label of {@link Catalogue#LISTENER_ERRORS}: the problems the runner listener reports in its own
 * log, as its source distinguishes them (docs/RUNNER-LOG-LINES.md). A problem the exporter cannot place is
 * {@link #OTHER}, never dropped.
 */
public enum ListenerErrorReason {
    /** "Runner version vX is deprecated and cannot receive messages": the runner can take no job until updated. */
    VERSION_DEPRECATED,
    /** GitHub refused the runner's credentials (401, OAuth token refused, registration not valid). */
    AUTH_FAILED,
    /** "A session for this runner already exists": another listener runs with the same registration. */
    SESSION_CONFLICT,
    /** The runner's registration was deleted or not found: it has been removed on GitHub. */
    RUNNER_NOT_FOUND,
    /** GitHub or its broker could not be reached or answered with an error; the listener retries. */
    CONNECTION,
    /** The listener process exited with an error code (and is restarted by its service or script). */
    LISTENER_EXIT,
    /** The runner updated itself (the listener exits and comes back with the new version). */
    SELF_UPDATE,
    /** An error the exporter does not recognise. */
    OTHER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
