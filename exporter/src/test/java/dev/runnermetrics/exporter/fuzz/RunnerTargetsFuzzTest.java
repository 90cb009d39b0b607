package dev.runnermetrics.exporter.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runnermetrics.exporter.config.RunnerMetricsConfig;
import dev.runnermetrics.exporter.config.InvalidConfigException;
import dev.runnermetrics.exporter.config.RunnerTarget;
import dev.runnermetrics.exporter.config.RunnerTargets;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runner settings (RUNNERS {@code DIR[;type=TYPE][;name=NAME],...}, or RUNNER_DIR, RUNNER_NAME, RUNNER_TYPE)
 * with arbitrary text: start-up either gets its runners or fails with an InvalidConfigException naming the setting,
 * never another exception. Every runner it gets has a non-blank unique name and type, an absolute normalised root
 * and the {@code _diag} folder inside it, and RUNNERS yields one runner per non-blank entry. Input: byte 0 bit 0
 * chooses RUNNERS, else RUNNER_DIR, RUNNER_NAME and RUNNER_TYPE separated by U+0001; then UTF-8 text.
 */
class RunnerTargetsFuzzTest {

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Seeds.seed("runners", Seeds.prefixed(
                        "/runners/a;type=chrome, /runners/b/_diag;name=b-1;type=go,,".getBytes(StandardCharsets.UTF_8),
                        1)),
                Seeds.seed("runner-dir", Seeds.prefixed("/runner/_diag\u0001gpu-7\u0001standard"
                        .getBytes(StandardCharsets.UTF_8), 0)));
    }

    @MethodSource("fixtures")
    @FuzzTest
    void resolvesRunnersOrNamesTheWrongSetting(byte[] input) {
        if (input.length < 1) {
            return;
        }
        String text = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        boolean list = (input[0] & 1) == 1;
        String[] single = Arrays.copyOf(text.split("\u0001", -1), 3);
        RunnerMetricsConfig config = config(list ? "/runner" : single[0], list ? null : single[1],
                list || single[2] == null ? "standard" : single[2], list ? text : null);
        List<RunnerTarget> targets;
        try {
            targets = RunnerTargets.resolve(config, FileSystems.getDefault(), () -> "fuzz-host");
        } catch (InvalidConfigException e) {
            assertTrue(e.getMessage().contains("runner-metrics."), "no setting named: " + e.getMessage());
            return;
        }
        Set<String> names = new HashSet<>();
        for (RunnerTarget t : targets) {
            assertTrue(!t.name().isBlank() && names.add(t.name()), "name " + t.name());
            assertTrue(!t.type().isBlank(), "type " + t.type());
            assertTrue(t.root().isAbsolute() && t.root().equals(t.root().normalize()), "root " + t.root());
            assertEquals(t.root().resolve("_diag"), t.diagDir());
        }
        if (list && !text.isBlank()) {
            assertEquals(Arrays.stream(text.split(",")).filter(e -> !e.isBlank()).count(), targets.size());
        } else {
            assertEquals(1, targets.size());
        }
    }

    /** Only what RunnerTargets reads; a proxy, so settings added to RunnerMetricsConfig later need no change here. */
    private static RunnerMetricsConfig config(String runnerDir, String runnerName, String runnerType, String runners) {
        return (RunnerMetricsConfig) Proxy.newProxyInstance(RunnerMetricsConfig.class.getClassLoader(),
                new Class<?>[] {RunnerMetricsConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "runnerDir" -> runnerDir;
                    case "runnerName" -> Optional.ofNullable(runnerName);
                    case "runnerType" -> runnerType;
                    case "runners" -> Optional.ofNullable(runners);
                    case "toString" -> "fuzz config";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
