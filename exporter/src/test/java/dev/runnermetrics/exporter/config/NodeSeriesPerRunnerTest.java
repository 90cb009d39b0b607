package dev.runnermetrics.exporter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runnermetrics.exporter.testing.Configs;
import java.nio.file.FileSystems;
import org.junit.jupiter.api.Test;

/** node-series-per-runner: off by default, a cap of pods in node mode, refused by name where it means nothing. */
class NodeSeriesPerRunnerTest {

    private static ExporterSettings resolve(String... keyValues) {
        return ExporterSettings.resolve(Configs.of(keyValues), FileSystems.getDefault());
    }

    @Test
    void byDefaultNoPodIsWrittenPerPod() {
        assertEquals(0, resolve().nodeSeriesPerRunner());
    }

    @Test
    void aCapIsTakenInNodeMode() {
        ExporterSettings settings = resolve("node-series-per-runner", "50");
        settings.checkNodeMode(true);
        assertEquals(50, settings.nodeSeriesPerRunner());
    }

    @Test
    void aNegativeCapIsRefusedByName() {
        String message = assertThrows(InvalidConfigException.class, () -> resolve("node-series-per-runner", "-1"))
                .getMessage();
        assertEquals(true, message.startsWith("runner-metrics.node-series-per-runner (NODE_SERIES_PER_RUNNER)"),
                message);
    }

    @Test
    void outsideNodeModeItIsRefusedByName() {
        ExporterSettings settings = resolve("node-series-per-runner", "5");
        String message = assertThrows(InvalidConfigException.class, () -> settings.checkNodeMode(false))
                .getMessage();
        assertEquals("runner-metrics.node-series-per-runner (NODE_SERIES_PER_RUNNER) is 5, but only node mode "
                + "(runner-metrics.runner-discovery (RUNNER_DISCOVERY)=kubelet) writes counters per runner type; "
                + "outside it they are per runner already", message);
        resolve().checkNodeMode(false);
    }
}
