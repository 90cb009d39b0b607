package dev.runnermetrics.exporter.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runnermetrics.exporter.logs.LineSplitter;
import dev.runnermetrics.exporter.model.RunnerState;
import dev.runnermetrics.exporter.state.PersistedState;
import dev.runnermetrics.exporter.state.StateStore;
import dev.runnermetrics.exporter.steps.CacheRecogniser;
import dev.runnermetrics.exporter.steps.CacheType;
import dev.runnermetrics.exporter.steps.CacheTypeFile;
import dev.runnermetrics.exporter.steps.StepState;
import dev.runnermetrics.exporter.steps.StepStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Step output lines (runner time stamps, ANSI colours, step headers with inputs, BuildKit progress) against the
 * shipped cache types: no line makes the recogniser throw; every restore it settles names a shipped type; a stream's
 * open requests stay unique and bounded (1024 per type, CacheRecogniser.MAX_PENDING) however many requests never
 * settle, and it keeps no step input but the types' key inputs; and saving the stream in the state file after any line and
 * continuing from the copy (a restart) settles exactly the same restores, hit, partial or miss. Input: byte 0 where
 * the restart happens, then the step output.
 */
class CacheRecogniserFuzzTest {

    private static final List<CacheType> TYPES = CacheTypeFile.shipped();
    private static final int MAX_PENDING = 1024;
    private static final Set<String> KEY_INPUTS = Set.of("key");

    static Stream<Arguments> fixtures() {
        return Seeds.files(b -> Seeds.prefixed(b, 0x80), "runner-logs/step-output", "constructed/step-output");
    }

    @MethodSource("fixtures")
    @FuzzTest
    void restoresAreSettledOnceAndSurviveARestart(byte[] input) throws IOException {
        if (input.length < 1) {
            return;
        }
        byte[] output = Arrays.copyOfRange(input, 1, input.length);
        List<String> lines = new ArrayList<>();
        LineSplitter.split(output, output.length, 0, false, 1 << 20).lines().forEach(l -> lines.add(l.text()));
        Set<String> names = new HashSet<>();
        TYPES.forEach(t -> names.add(t.name()));
        CacheRecogniser recogniser = new CacheRecogniser(TYPES);

        List<CacheRecogniser.Outcome> whole = new ArrayList<>();
        StepStream stream = new StepStream("pages", null);
        for (String line : lines) {
            CacheRecogniser.Outcome o = recogniser.accept(line, stream);
            if (o != null) {
                assertTrue(names.contains(o.type()), o.type());
                whole.add(o);
            }
            assertTrue(KEY_INPUTS.containsAll(stream.inputs().keySet()), "keeps inputs " + stream.inputs().keySet());
            stream.pending().forEach((type, ids) -> {
                assertTrue(ids.size() <= MAX_PENDING, type + " holds " + ids.size() + " open requests");
                assertEquals(new HashSet<>(ids).size(), ids.size(), "duplicate open request");
            });
        }

        int stop = (input[0] & 0xFF) * (lines.size() + 1) / 256;
        List<CacheRecogniser.Outcome> restarted = new ArrayList<>();
        StepStream before = new StepStream("pages", null);
        for (String line : lines.subList(0, stop)) {
            add(restarted, recogniser.accept(line, before));
        }
        StepStream after = restarted(before);
        for (String line : lines.subList(stop, lines.size())) {
            add(restarted, recogniser.accept(line, after));
        }
        assertEquals(whole, restarted);
    }

    private static void add(List<CacheRecogniser.Outcome> outcomes, CacheRecogniser.Outcome o) {
        if (o != null) {
            outcomes.add(o);
        }
    }

    /** The stream as the next start reads it from the state file. */
    private static StepStream restarted(StepStream stream) throws IOException {
        StepState steps = new StepState(new TreeMap<>(), new LinkedHashMap<>(Map.of("T_R", stream)), 0, 0, 0,
                new TreeMap<>());
        PersistedState saved = new PersistedState();
        saved.putRunner("r", new PersistedState.Runner(Map.of(), new RunnerState(), steps));
        return StateStore.decode(StateStore.encode(saved)).runners().get("r").steps().streams().get("T_R");
    }
}
