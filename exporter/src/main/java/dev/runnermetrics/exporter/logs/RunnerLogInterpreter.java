package dev.runnermetrics.exporter.logs;

import dev.runnermetrics.exporter.logs.EntryJoiner.Entry;
import dev.runnermetrics.exporter.logs.LogEvent.Authority;
import dev.runnermetrics.exporter.logs.LogEvent.StartMark;
import dev.runnermetrics.exporter.logs.LogEvent.VersionSource;
import dev.runnermetrics.catalogue.ListenerErrorReason;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the listener's {@code Runner_*.log}: runner state, version, job lifecycle lines and the listener's problems.
 * Every line it takes is in docs/RUNNER-LOG-LINES.md with the runner versions that write it.
 */
public final class RunnerLogInterpreter implements LogFileInterpreter {

    private static final Pattern JOB_RECEIVED =
            Pattern.compile("^Job request \\S+ for plan \\S+ job (\\S+) received\\.");
    private static final Pattern JOB_RENEW = Pattern.compile("^Start renew job request \\S+ for job (\\S+)\\.$");
    /** The lease renewal every minute: {@code … job request R, job is valid till …}, or {@code … job J, …}. */
    private static final Pattern JOB_RENEWED =
            Pattern.compile("^Successfully renew job (?:request \\S+|(\\S+)), job is valid till ");
    private static final Pattern JOB_DISPATCHED =
            Pattern.compile("^Send job request message to worker for job (\\S+)\\.$");
    private static final Pattern JOB_STATE = Pattern.compile("^Received job status event\\. JobState: (\\w+)");
    private static final Pattern WORKER_FINISHED =
            Pattern.compile("^Worker finished for job (\\S+)\\. Code: (-?\\d+)");
    private static final Pattern FINISH_REQUEST =
            Pattern.compile("^finish job request for job (\\S+) with result: (\\w+)");
    /** What the listener printed on its console, traced by Terminal; most lines start with {@code {UtcNow:u}: }. */
    private static final Pattern CONSOLE =
            Pattern.compile("^WRITE (?:LINE|ERROR): (?:\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ: )?(.*)$");
    private static final Pattern RUNNING_JOB = Pattern.compile("^Running job: (.+)$");
    private static final Pattern JOB_COMPLETED = Pattern.compile("^Job (.+) completed with result: (\\w+)$");
    private static final Pattern CURRENT_VERSION = Pattern.compile("^Current runner version: '([^']+)'");
    private static final Pattern VERSION = Pattern.compile("^Version: (\\S+)$");
    private static final Pattern BUILT_FOR = Pattern.compile("^Runner is built for (\\w+) \\((\\w+)\\)");
    private static final Pattern RETURN_CODE = Pattern.compile("^Runner execution has finished with return code (-?\\d+)");
    /** Exit codes of a listener that stops as asked (0) or to update itself (3, 4: counted as the update). */
    private static final Set<Integer> NO_PROBLEM_EXITS = Set.of(0, 3, 4);

    private final ListenerProblems problems = new ListenerProblems();
    private final EntryJoiner entries;

    public RunnerLogInterpreter(long startOffset) {
        this(startOffset, 0);
    }

    /** @param replayUntil where the last run stopped reading: what lies before it was taken then */
    public RunnerLogInterpreter(long startOffset, long replayUntil) {
        entries = new EntryJoiner(startOffset, replayUntil, EntryJoiner.NO_PAYLOAD, this::entry);
    }

    @Override
    public void accept(String text, long endOffset, List<LogEvent> out, ParseErrors errors) {
        entries.accept(text, endOffset, out, errors);
    }

    @Override
    public long safeOffset() {
        return entries.safeOffset();
    }

    @Override
    public void idle(List<LogEvent> out) {
        endProblem(out);
    }

    @Override
    public void caughtUp(List<LogEvent> out) {
        // a read of the listener's log tells nothing as a whole
    }

    @Override
    public String jobKey() {
        return null; // the listener's log spans many jobs
    }

    @Override
    public boolean finished() {
        return false; // followed for as long as it is listed
    }

    private void entry(Entry entry, List<LogEvent> out, ParseErrors errors) {
        if (entry instanceof Entry.Header h) {
            VersionHints.add(h.line(), h.text(), out);
            interpret(h.line(), out);
        } else if (entry instanceof Entry.Continuation c && problems.pending()) {
            problems.text(c.text());
        }
    }

    private void interpret(DiagLine line, List<LogEvent> out) {
        if (problems.over(line.time())) {
            endProblem(out);
        }
        if (line.level().equals("ERR")) {
            entries.hold(); // a problem's lines are read again after a restart until it is out
            problems.error(line);
        }
        String msg = line.message();
        Matcher m;
        if ((m = JOB_RECEIVED.matcher(msg)).find()) {
            out.add(new LogEvent.JobStarted(line.time(), m.group(1), null, StartMark.RECEIVED));
        } else if ((m = JOB_RENEW.matcher(msg)).find()) {
            out.add(new LogEvent.JobStarted(line.time(), m.group(1), null, StartMark.RENEWED));
        } else if ((m = JOB_RENEWED.matcher(msg)).find()) {
            out.add(new LogEvent.JobActivity(line.time(), m.group(1)));
        } else if ((m = JOB_DISPATCHED.matcher(msg)).find()) {
            out.add(new LogEvent.JobStarted(line.time(), m.group(1), null, StartMark.DISPATCHED));
        } else if ("JobNotification".equals(line.component()) && msg.equals("Entering JobStarted Notification")) {
            out.add(new LogEvent.JobStarted(line.time(), null, null, StartMark.NOTIFIED));
        } else if ((m = JOB_STATE.matcher(msg)).find()) {
            if ("Busy".equalsIgnoreCase(m.group(1))) {
                out.add(new LogEvent.JobStarted(line.time(), null, null, StartMark.BUSY));
            } else {
                out.add(new LogEvent.RunnerIdle(line.time()));
            }
        } else if ((m = WORKER_FINISHED.matcher(msg)).find()) {
            TaskResult result = TaskResult.fromReturnCode(Integer.parseInt(m.group(2)));
            out.add(new LogEvent.JobFinished(line.time(), m.group(1), null, result, Authority.LISTENER));
        } else if ((m = FINISH_REQUEST.matcher(msg)).find()) {
            String jobId = m.group(1);
            TaskResult.parse(m.group(2)).ifPresent(r ->
                    out.add(new LogEvent.JobFinished(line.time(), jobId, null, r, Authority.LISTENER)));
        } else if ("Terminal".equals(line.component()) && ListenerProblems.FATAL.matcher(msg).find()) {
            out.add(new LogEvent.ListenerStopped(line.time())); // the catch-all of the listener's Main: it exits
        } else if ("Terminal".equals(line.component()) && (m = CONSOLE.matcher(msg)).matches()) {
            console(line, m.group(1).stripTrailing(), out);
        } else if (msg.startsWith("Session created.")) {
            out.add(new LogEvent.Online(line.time()));
        } else if ("Listener".equals(line.component()) && (m = VERSION.matcher(msg)).find()) {
            out.add(new LogEvent.ListenerStarted(line.time()));
            out.add(new LogEvent.RunnerVersion(line.time(), m.group(1), VersionSource.LISTENER));
        } else if (msg.startsWith("Message '")) {
            out.add(new LogEvent.Online(line.time())); // a message arrived, so the session is up
        } else if ((m = BUILT_FOR.matcher(msg)).find()) {
            out.add(new LogEvent.RunnerPlatform(line.time(), m.group(1), m.group(2)));
        } else if (isConnectionLoss(msg)) {
            out.add(new LogEvent.Offline(line.time()));
        } else if (msg.startsWith("Runner will be shutdown for ")) {
            out.add(new LogEvent.ListenerStopping(line.time()));
        } else if (isStop(msg)) {
            out.add(new LogEvent.ListenerStopped(line.time()));
            if ((m = RETURN_CODE.matcher(msg)).find() && !NO_PROBLEM_EXITS.contains(Integer.parseInt(m.group(1)))) {
                out.add(new LogEvent.ListenerProblem(line.time(), ListenerErrorReason.LISTENER_EXIT));
            }
        }
    }

    private void endProblem(List<LogEvent> out) {
        if (problems.pending()) {
            problems.flush(out);
            entries.release();
        }
    }

    private static void console(DiagLine line, String text, List<LogEvent> out) {
        Matcher m;
        if ((m = RUNNING_JOB.matcher(text)).matches()) {
            out.add(new LogEvent.JobStarted(line.time(), null, m.group(1), StartMark.ECHOED));
        } else if ((m = JOB_COMPLETED.matcher(text)).matches()) {
            String name = m.group(1);
            TaskResult.parse(m.group(2)).ifPresent(r ->
                    out.add(new LogEvent.JobFinished(line.time(), null, name, r, Authority.CONSOLE)));
        } else if (text.startsWith("Listening for Jobs") || text.startsWith("Runner reconnected.")) {
            out.add(new LogEvent.Online(line.time()));
        } else if (text.startsWith("Runner connect error:")) {
            out.add(new LogEvent.Offline(line.time()));
        } else if (text.startsWith("Runner update in progress")) {
            out.add(new LogEvent.ListenerProblem(line.time(), ListenerErrorReason.SELF_UPDATE));
        } else if ((m = CURRENT_VERSION.matcher(text)).find()) {
            out.add(new LogEvent.RunnerVersion(line.time(), m.group(1), VersionSource.LISTENER));
        }
    }

    /** Logged while the listener cannot reach GitHub; the console's "Runner connect error" is handled above. */
    private static boolean isConnectionLoss(String msg) {
        return msg.startsWith("Catch exception during create session.");
    }

    private static boolean isStop(String msg) {
        return msg.startsWith("Runner execution has finished with return code")
                || msg.startsWith("Runner execution been cancelled.");
    }
}
