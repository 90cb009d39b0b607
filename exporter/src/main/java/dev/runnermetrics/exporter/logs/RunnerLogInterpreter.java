package dev.runnermetrics.exporter.logs;

import dev.runnermetrics.exporter.logs.LogEvent.Authority;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the listener's {@code Runner_*.log}: runner state, job assignment and results. */
public final class RunnerLogInterpreter extends FileInterpreter {

    private static final Pattern JOB_RECEIVED =
            Pattern.compile("^Job request \\S+ for plan \\S+ job (\\S+) received\\.");
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

    public RunnerLogInterpreter(long startOffset) {
        super(startOffset);
    }

    @Override
    protected void interpret(DiagLine line, List<LogEvent> out) {
        String msg = line.message();
        Matcher m;
        if ((m = JOB_RECEIVED.matcher(msg)).find()) {
            out.add(new LogEvent.JobReceived(line.time(), m.group(1)));
        } else if ((m = JOB_STATE.matcher(msg)).find()) {
            out.add(new LogEvent.JobStateChanged(line.time(), "Busy".equalsIgnoreCase(m.group(1))));
        } else if ((m = WORKER_FINISHED.matcher(msg)).find()) {
            TaskResult result = TaskResult.fromReturnCode(Integer.parseInt(m.group(2)));
            out.add(new LogEvent.JobFinished(line.time(), m.group(1), null, result, Authority.LISTENER));
        } else if ((m = FINISH_REQUEST.matcher(msg)).find()) {
            String jobId = m.group(1);
            TaskResult.parse(m.group(2)).ifPresent(r ->
                    out.add(new LogEvent.JobFinished(line.time(), jobId, null, r, Authority.LISTENER)));
        } else if ("Terminal".equals(line.component()) && (m = CONSOLE.matcher(msg)).matches()) {
            console(line, m.group(1).stripTrailing(), out);
        } else if (msg.startsWith("Session created.")) {
            out.add(new LogEvent.Online(line.time()));
        } else if ("Listener".equals(line.component()) && (m = VERSION.matcher(msg)).find()) {
            out.add(new LogEvent.ListenerStarted(line.time()));
            out.add(new LogEvent.RunnerVersion(line.time(), m.group(1)));
        } else if (msg.startsWith("Message '")) {
            out.add(new LogEvent.Online(line.time())); // a message arrived, so the session is up
        } else if ((m = BUILT_FOR.matcher(msg)).find()) {
            out.add(new LogEvent.RunnerPlatform(line.time(), m.group(1), m.group(2)));
        } else if (isConnectionLoss(msg)) {
            out.add(new LogEvent.Offline(line.time()));
        } else if (isStop(msg)) {
            out.add(new LogEvent.ListenerStopped(line.time()));
        }
    }

    private static void console(DiagLine line, String text, List<LogEvent> out) {
        Matcher m;
        if ((m = RUNNING_JOB.matcher(text)).matches()) {
            out.add(new LogEvent.JobNamed(line.time(), m.group(1)));
        } else if ((m = JOB_COMPLETED.matcher(text)).matches()) {
            String name = m.group(1);
            TaskResult.parse(m.group(2)).ifPresent(r ->
                    out.add(new LogEvent.JobFinished(line.time(), null, name, r, Authority.CONSOLE)));
        } else if (text.startsWith("Listening for Jobs") || text.startsWith("Runner reconnected.")) {
            out.add(new LogEvent.Online(line.time()));
        } else if (text.startsWith("Runner connect error:")) {
            out.add(new LogEvent.Offline(line.time()));
        } else if ((m = CURRENT_VERSION.matcher(text)).find()) {
            out.add(new LogEvent.RunnerVersion(line.time(), m.group(1)));
        }
    }

    /** Logged while the listener cannot reach GitHub; the console's "Runner connect error" is handled above. */
    private static boolean isConnectionLoss(String msg) {
        return msg.startsWith("Catch exception during create session.");
    }

    private static boolean isStop(String msg) {
        return msg.startsWith("Runner will be shutdown for ")
                || msg.startsWith("Runner execution has finished with return code")
                || msg.startsWith("Runner execution been cancelled.");
    }
}
