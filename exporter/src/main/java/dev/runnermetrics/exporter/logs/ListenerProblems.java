package dev.runnermetrics.exporter.logs;

import dev.runnermetrics.catalogue.ListenerErrorReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Groups the listener's error entries into problems, one per failure, and names each by its reason. The runner
 * writes one failure as a few error entries within the same second or two (the HTTP failure, {@code Catch exception
 * during create session.}, the exception with its stack, the console's {@code WRITE ERROR}, with a few INFO lines
 * between them); it retries after 5 s at the soonest. So error entries less than {@link #SAME_FAILURE} apart (and
 * the lines that continue them) are one problem, and its reason is the most specific one any of them shows. Rules
 * from actions/runner's listener sources (docs/RUNNER-LOG-LINES.md):
 *
 * <ul>
 *   <li>A group made only of the broker client's inner retries ({@code BrokerServer}) is not a problem of its own:
 *       the listener's own failure line follows when the retries are used up, and the same lines follow every job
 *       when the listener cancels its own poll (actions/runner#4644). Nor is one made only of {@code JobNotification}
 *       lines: the local monitor socket of hosted images, refused on self-hosted machines at every start
 *       (actions/runner#2580), harmless.</li>
 *   <li>The fatal {@code WRITE ERROR: An error occurred: …} (the listener exits through its catch-all) also counts
 *       {@link ListenerErrorReason#LISTENER_EXIT}, as does {@code Runner execution has finished with return code N}
 *       for an error code.</li>
 * </ul>
 */
final class ListenerProblems {

    static final Duration SAME_FAILURE = Duration.ofSeconds(2);

    /** Reasons by the text that shows them, most specific first: the first that any line of a group shows wins. */
    private static final List<Hint> HINTS = List.of(
            new Hint(ListenerErrorReason.VERSION_DEPRECATED, "is deprecated and cannot receive messages"),
            new Hint(ListenerErrorReason.RUNNER_NOT_FOUND, "registration has been deleted|Registration \\S* ?was not "
                    + "found|not medium trust|TaskAgentNotFoundException|RunnerNotFoundException"
                    + "|TaskAgentPoolNotFoundException|runner no longer exists on the server|Runner not found"),
            new Hint(ListenerErrorReason.SESSION_CONFLICT, "SessionConflictException|session for this runner already "
                    + "exists|already has an active session"),
            new Hint(ListenerErrorReason.AUTH_FAILED, "VssUnauthorizedException|AccessDeniedException|Access denied"
                    + "|/oauth2/token\\S* failed"
                    + "|HTTP Status: (?:Unauthorized|Forbidden)|is not authorized|VssOAuthTokenRequestException"
                    + "|failed to retrieve a token|TaskAgentSessionExpiredException|token has been revoked"),
            new Hint(ListenerErrorReason.CONNECTION, "HttpRequestException|SocketException|TimeoutException"
                    + "|TaskCanceledException|transport connection|timed out|Runner connect error|HTTP Status: "
                    + "|Failed to get job message|Failed to create broker session|Catch exception during "
                    + "(?:get next message|create session|request|connect|renew)|acquiring job message"
                    + "|acknowledge failed|Name or service not known|Connection refused"));

    static final Pattern FATAL = Pattern.compile("^WRITE ERROR: An error occur+ed: ");
    /** Components whose errors alone are no listener problem (see above). */
    private static final Set<String> NOT_ALONE = Set.of("BrokerServer", "JobNotification");

    private record Hint(ListenerErrorReason reason, Pattern text) {
        Hint(ListenerErrorReason reason, String regex) {
            this(reason, Pattern.compile(regex));
        }
    }

    private Instant start;
    private Instant end;
    private int hint = HINTS.size();
    private boolean onlyRetries;
    private boolean fatal;

    boolean pending() {
        return start != null;
    }

    /** Whether a line at this time comes after the pending problem's last error entry by more than one failure's span. */
    boolean over(Instant time) {
        return start != null && time.isAfter(end.plus(SAME_FAILURE));
    }

    /** An error entry of the listener. */
    void error(DiagLine line) {
        if (start == null) {
            start = line.time();
            hint = HINTS.size();
            onlyRetries = true;
            fatal = false;
        }
        end = line.time();
        onlyRetries &= NOT_ALONE.contains(line.component());
        fatal |= "Terminal".equals(line.component()) && FATAL.matcher(line.message()).find();
        text(line.message());
    }

    /** A line that continues the last error entry (an exception's message, its stack). */
    void text(String text) {
        for (int i = 0; i < hint; i++) {
            if (HINTS.get(i).text().matcher(text).find()) {
                hint = i;
                return;
            }
        }
    }

    /** Ends the group: the problem it makes, if any, goes out. */
    void flush(List<LogEvent> out) {
        if (start == null) {
            return;
        }
        ListenerErrorReason reason = hint < HINTS.size() ? HINTS.get(hint).reason() : ListenerErrorReason.OTHER;
        if (!onlyRetries && !(fatal && reason == ListenerErrorReason.OTHER)) {
            out.add(new LogEvent.ListenerProblem(start, reason));
        }
        if (fatal) {
            out.add(new LogEvent.ListenerProblem(start, ListenerErrorReason.LISTENER_EXIT));
        }
        start = null;
    }
}
