package dev.runnermetrics.exporter.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runnermetrics.exporter.logs.LineSplitter;
import dev.runnermetrics.exporter.logs.LogEvent;
import dev.runnermetrics.exporter.logs.LogFileInterpreter;
import dev.runnermetrics.exporter.logs.RunnerLogInterpreter;
import dev.runnermetrics.exporter.logs.WorkerLogInterpreter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Runner and Worker log interpreters (trace lines, multi-line job message JSON) on any file: they never throw,
 * their safe offset never moves back nor past the last line, and a Worker log's is the line end whenever no payload is
 * buffered. And the property the state file relies on: stopping after any line and restarting a new interpreter at
 * the safe offset (with the job key and the read offset the cursor keeps) yields exactly the events and parse errors
 * of one uninterrupted read, none lost, none twice (a job's liveness reminder aside). Input: byte 0 bit 0 chooses a Worker log, byte 1 where the restart happens, then the file.
 */
class LogInterpretersFuzzTest {

    private static final String FILE = "Worker_20260101-000000-utc.log";
    private static final int MAX_LINE = 1 << 20;

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Seeds.files(b -> Seeds.prefixed(b, 0, 0x80), "runner-logs/runner-diag"),
                Seeds.files(b -> Seeds.prefixed(b, 1, 0x80), "runner-logs/worker-diag"),
                Seeds.files(b -> Seeds.prefixed(b, 1, 0x10), "fixture-runner/_diag"))
                .flatMap(s -> s);
    }

    @MethodSource("fixtures")
    @FuzzTest
    void restartAtTheSafeOffsetLosesAndRepeatsNothing(byte[] input) {
        if (input.length < 2) {
            return;
        }
        boolean worker = (input[0] & 1) == 1;
        byte[] file = Arrays.copyOfRange(input, 2, input.length);
        List<LineSplitter.Line> lines = LineSplitter.split(file, file.length, 0, false, MAX_LINE).lines();

        Read whole = new Read(worker, 0, 0, null);
        whole.feed(lines, 0, lines.size());
        whole.interpreter.idle(whole.events);

        int stop = (input[1] & 0xFF) * (lines.size() + 1) / 256;
        Read before = new Read(worker, 0, 0, null);
        before.feed(lines, 0, stop);
        long safe = before.interpreter.safeOffset();
        int resume = 0;
        while (resume < lines.size() && (resume == 0 ? 0 : lines.get(resume - 1).endOffset()) < safe) {
            resume++;
        }
        assertEquals(safe, resume == 0 ? 0 : lines.get(resume - 1).endOffset(), "safe offset is a line end");
        long read = stop == 0 ? 0 : lines.get(stop - 1).endOffset();
        Read after = new Read(worker, safe, read, before.jobKey());
        after.feed(lines, resume, lines.size());
        after.interpreter.idle(after.events);

        List<LogEvent> events = new ArrayList<>(before.events);
        events.addAll(after.events);
        assertEquals(counted(whole.events), counted(events));
        Map<String, Integer> errors = new TreeMap<>(before.errors);
        after.errors.forEach((reason, n) -> errors.merge(reason, n, Integer::sum));
        assertEquals(whole.errors, errors);
    }

    /**
     * The events that change figures. A Worker log's reminders that its job is alive (once a minute of log time) may
     * come once more after a restart: taking one twice changes nothing.
     */
    private static List<LogEvent> counted(List<LogEvent> events) {
        return events.stream().filter(e -> !(e instanceof LogEvent.JobActivity)).toList();
    }

    /** One interpreter and what it produced, checking its safe offset after every line. */
    private static final class Read {
        final LogFileInterpreter interpreter;
        final boolean worker;
        final List<LogEvent> events = new ArrayList<>();
        final Map<String, Integer> errors = new TreeMap<>();

        Read(boolean worker, long start, long replayUntil, String jobKey) {
            this.worker = worker;
            interpreter = worker ? new WorkerLogInterpreter(start, replayUntil, jobKey, FILE)
                    : new RunnerLogInterpreter(start, replayUntil);
        }

        String jobKey() {
            return interpreter.jobKey();
        }

        void feed(List<LineSplitter.Line> lines, int from, int to) {
            for (int i = from; i < to; i++) {
                LineSplitter.Line line = lines.get(i);
                long safeBefore = interpreter.safeOffset();
                int eventsBefore = events.size();
                interpreter.accept(line.text(), line.endOffset(), events,
                        reason -> errors.merge(reason, 1, Integer::sum));
                long safe = interpreter.safeOffset();
                assertTrue(safe >= safeBefore && safe <= line.endOffset(),
                        "safe offset " + safe + " after " + safeBefore + ", line end " + line.endOffset());
                if (safe < line.endOffset() && worker) {
                    assertEquals(eventsBefore, events.size(), "no event while a payload is buffered");
                }
                for (LogEvent e : events.subList(eventsBefore, events.size())) {
                    assertTrue(e.time() != null, "event without time: " + e);
                }
            }
        }
    }
}
