package dev.runnermetrics.exporter.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Listener problems are counted once per failure, named by the most specific reason any of its lines shows. The
 * bursts below follow the shapes the runner's sources write (docs/RUNNER-LOG-LINES.md); the exception texts are from
 * public reports quoted there.
 */
class ListenerProblemsTest {

    /** A session-conflict attempt as MessageListener.CreateSessionAsync writes it (actions/runner#3526, #3441). */
    private static List<String> sessionConflict(String at) {
        return List.of(
                "[" + at + " ERR  GitHubActionsService] POST request to https://pipelines.actions.githubusercontent.com/x/_apis/distributedtask/pools/1/sessions failed. HTTP Status: Conflict",
                "[" + at + " ERR  MessageListener] Catch exception during create session.",
                "[" + at + " ERR  MessageListener] GitHub.DistributedTask.WebApi.TaskAgentSessionConflictException: The actions runner Production Server already has an active session.",
                "   at GitHub.Services.WebApi.VssHttpClientBase.HandleResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)",
                "[" + at + " INFO MessageListener] The session for this runner already exists.",
                "[" + at + " ERR  Terminal] WRITE ERROR: A session for this runner already exists.",
                "[" + at + " INFO MessageListener] The session conflict exception haven't reached retry limit.",
                "[" + at + " INFO MessageListener] Sleeping for 30 seconds before retrying.");
    }

    /**
     * Reads the lines as the tailer would: in polls of the given sizes, a poll of 0 lines finding the file idle, and
     * an idle poll after the last.
     */
    private static List<String> read(List<String> lines, int... polls) {
        RunnerLogInterpreter interpreter = new RunnerLogInterpreter(0);
        List<LogEvent> events = new ArrayList<>();
        int next = 0;
        long offset = 0;
        for (int poll : polls) {
            for (int i = next; i < next + poll; i++) {
                offset += lines.get(i).getBytes(StandardCharsets.UTF_8).length + 1;
                interpreter.accept(lines.get(i), offset, events, reason -> { });
            }
            next += poll;
            if (poll == 0) {
                interpreter.idle(events);
            }
        }
        interpreter.idle(events);
        return events.stream().filter(e -> e instanceof LogEvent.ListenerProblem)
                .map(e -> ((LogEvent.ListenerProblem) e).reason().label()).toList();
    }

    @Test
    void eachRetryOfAFailureIsOneProblemNamedByItsException() {
        List<String> lines = new ArrayList<>(sessionConflict("2024-11-21 14:05:48Z"));
        lines.addAll(sessionConflict("2024-11-21 14:06:18Z"));
        lines.addAll(sessionConflict("2024-11-21 14:06:48Z"));
        assertEquals(List.of("session_conflict", "session_conflict", "session_conflict"), read(lines, lines.size()));
    }

    @Test
    void aFailureReadInTwoPollsIsStillOneProblem() {
        List<String> lines = sessionConflict("2024-11-21 14:05:48Z");
        assertEquals(List.of("session_conflict"), read(lines, 1, lines.size() - 1));
    }

    @Test
    void aFailureIsCompleteOnlyWhenTheFileHasBeenIdleForAPoll() {
        List<String> lines = sessionConflict("2024-11-21 14:05:48Z");
        // A runner that stops writing for a whole poll (250 ms) in the middle of a failure: the part read counts.
        assertEquals(List.of("connection", "session_conflict"), read(lines, 1, 0, lines.size() - 1));
    }

    @Test
    void theBrokersInnerRetriesAndTheNoiseAfterEveryJobAreNoProblem() {
        // actions/runner#4644: after every job the broker client's cancelled poll is logged as an error.
        List<String> lines = List.of(
                "[2026-08-06 16:26:35Z INFO BrokerMessageListener] Received job status event. JobState: Online",
                "[2026-08-06 16:26:35Z ERR  BrokerServer] Catch exception during request",
                "[2026-08-06 16:26:35Z ERR  BrokerServer] System.Threading.Tasks.TaskCanceledException: A task was canceled.",
                "[2026-08-06 16:26:35Z WARN BrokerServer] Back off 8.64 seconds before next retry. 4 attempt left.",
                "[2026-08-06 16:26:35Z INFO BrokerMessageListener] Get messages has been cancelled using local token source. Continue to get messages with new status.");
        assertEquals(List.of(), read(lines, lines.size()));
    }

    @Test
    void aDeprecatedVersionCountsItsCauseAndTheListenersExit() {
        List<String> lines = List.of(
                "[2025-03-25 20:39:45Z ERR  Terminal] WRITE ERROR: An error occured: Runner version v2.321.0 is deprecated and cannot receive messages.",
                "[2025-03-25 20:39:45Z ERR  Listener] GitHub.DistributedTask.WebApi.AccessDeniedException: Runner version v2.321.0 is deprecated and cannot receive messages.",
                "   at GitHub.Runner.Listener.BrokerMessageListener.GetNextMessageAsync(CancellationToken token)");
        assertEquals(List.of("version_deprecated", "listener_exit"), read(lines, lines.size()));
    }

    @Test
    void anErrorExitCodeIsAListenerExitAndAnUpdateIsNot() {
        List<String> lines = List.of(
                "[2024-04-11 13:23:58Z ERR  Terminal] WRITE ERROR: Failed to create a session. The runner registration has been deleted from the server, please re-configure. Runner registrations are automatically deleted for runners that have not connected to the service recently.",
                "[2024-04-11 13:23:58Z INFO Listener] Runner execution has finished with return code 1",
                "[2024-04-12 09:00:00Z INFO Terminal] WRITE LINE: Runner update in progress, do not shutdown runner.",
                "[2024-04-12 09:00:05Z INFO Listener] Runner execution has finished with return code 3");
        assertEquals(List.of("listener_exit", "runner_not_found", "self_update"), read(lines, lines.size()),
                "the exit line is read while the failure it ends is held; both count");
    }

    @Test
    void errorsThatShowNoKnownReasonCountAsOther() {
        List<String> lines = List.of(
                "[2026-01-05 10:00:00Z ERR  JobDispatcher] Worker Dispatch failed with an exception for job request 5c6ded40-5d0a-567d-b3cc-38faeb055c98.",
                "[2026-01-05 10:00:00Z ERR  JobDispatcher] System.InvalidOperationException: something new");
        assertEquals(List.of("other"), read(lines, lines.size()));
    }
}
