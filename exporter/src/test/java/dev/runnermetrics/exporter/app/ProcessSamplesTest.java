package dev.runnermetrics.exporter.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.MetricSpec;
import dev.runnermetrics.exporter.metrics.Labels;
import dev.runnermetrics.exporter.metrics.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporter process's own figures, from real /proc files (test resources `proc/`) and from the live /proc. */
class ProcessSamplesTest {

    @TempDir
    Path tmp;

    @Test
    void realProcFilesGiveTheProcessCpuMemoryStartAndDescriptors() throws IOException {
        Path proc = copyOfCapturedProc();
        Files.createDirectories(proc.resolve("self/fd"));
        for (int i = 0; i < 4; i++) {
            Files.createFile(proc.resolve("self/fd/" + i));
        }

        Map<MetricSpec, Double> got = expose(proc);

        // utime 88 + stime 161 ticks; VmRSS 31352 kB; btime 1796638164 + starttime 3778926 ticks; soft limit 20000.
        Map<MetricSpec, Double> expected = new LinkedHashMap<>();
        expected.put(Catalogue.PROCESS_CPU, 2.49);
        expected.put(Catalogue.PROCESS_START_TIME, 1796638164 + 37789.26);
        expected.put(Catalogue.PROCESS_RESIDENT_MEMORY, 31352 * 1024.0);
        expected.put(Catalogue.PROCESS_OPEN_FDS, 4.0);
        expected.put(Catalogue.PROCESS_MAX_FDS, 20000.0);
        assertEquals(expected.keySet(), got.keySet());
        expected.forEach((spec, value) -> assertEquals(value, got.get(spec), 1e-6, spec.name()));
    }

    @Test
    void aProcessNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String stat = "7 (a) b (c)) S 1 7 7 0 -1 4194304 1 0 0 0 250 50 0 0 20 0 1 0 500 1 1 0";
        assertEquals(3.0, ProcessSamples.cpuSeconds(stat).orElseThrow(), 1e-9);
        assertEquals(1005.0, ProcessSamples.startTime(stat, "cpu 1 2 3\nbtime 1000\n").orElseThrow(), 1e-9);
    }

    @Test
    void withoutProcEveryFigureIsAbsentNotZero() {
        assertEquals(Map.of(), expose(tmp.resolve("no-proc")));
    }

    @Test
    void truncatedOrUnlimitedFiguresAreAbsent() {
        assertTrue(ProcessSamples.cpuSeconds("12 (java) S 1 2").isEmpty());
        assertTrue(ProcessSamples.startTime("12 (java) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20", "cpu 1\n")
                .isEmpty(), "no btime in /proc/stat");
        assertTrue(ProcessSamples.residentBytes("Name:\tjava\nVmRSS:\t12 MB\n").isEmpty(), "not in kB");
        assertTrue(ProcessSamples.maxFds("Max open files            unlimited            unlimited            files")
                .isEmpty());
    }

    @Test
    void theLiveProcessHasCpuMemoryAStartInThePastAndOpenDescriptors() {
        Path proc = Paths.get("/proc");
        if (!Files.isDirectory(proc.resolve("self"))) {
            return; // not Linux: nothing to compare with
        }
        Map<MetricSpec, Double> got = expose(proc);
        double now = System.currentTimeMillis() / 1000.0;
        assertTrue(got.get(Catalogue.PROCESS_CPU) > 0, "a JVM running tests has used CPU: " + got);
        assertTrue(got.get(Catalogue.PROCESS_RESIDENT_MEMORY) > 16 * 1024 * 1024, "a JVM holds > 16 MiB: " + got);
        double start = got.get(Catalogue.PROCESS_START_TIME);
        long jvmStart = ProcessHandle.current().info().startInstant().orElseThrow().getEpochSecond();
        assertTrue(Math.abs(start - jvmStart) <= 2, "start " + start + " against the JDK's " + jvmStart);
        assertTrue(start < now, "started in the past");
        assertTrue(got.get(Catalogue.PROCESS_OPEN_FDS) >= 3, "stdin, stdout, stderr at least: " + got);
        assertTrue(got.get(Catalogue.PROCESS_MAX_FDS) >= got.get(Catalogue.PROCESS_OPEN_FDS), got.toString());
    }

    private static Map<MetricSpec, Double> expose(Path proc) {
        Map<MetricSpec, Double> got = new LinkedHashMap<>();
        new ProcessSamples(proc).expose(new Samples() {
            @Override
            public void value(MetricSpec family, Labels labels, double value) {
                assertTrue(labels.names().isEmpty(), "no labels on " + family.name());
                assertEquals(null, got.put(family, value), "written once: " + family.name());
            }

            @Override
            public void histogram(MetricSpec family, Labels labels, long[] bucketCounts, double sum, long count) {
                throw new AssertionError("no histograms");
            }
        });
        return got;
    }

    private Path copyOfCapturedProc() throws IOException {
        Path from = Paths.get("src/test/resources/proc");
        Path to = tmp.resolve("proc");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }
}
