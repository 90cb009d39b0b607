package dev.runnermetrics.exporter.app;

import static dev.runnermetrics.catalogue.Catalogue.PROCESS_CPU;
import static dev.runnermetrics.catalogue.Catalogue.PROCESS_MAX_FDS;
import static dev.runnermetrics.catalogue.Catalogue.PROCESS_OPEN_FDS;
import static dev.runnermetrics.catalogue.Catalogue.PROCESS_RESIDENT_MEMORY;
import static dev.runnermetrics.catalogue.Catalogue.PROCESS_START_TIME;

import dev.runnermetrics.exporter.metrics.SampleSource;
import dev.runnermetrics.exporter.metrics.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The exporter process's own CPU time, memory and open files, read from Linux's /proc at each scrape, as the
 * Prometheus client libraries' process collectors do. Read from files rather than the JVM's management beans, which
 * load some 300 classes (about 3 MiB) for figures no panel uses. A file that is missing or unreadable leaves its
 * figures absent.
 */
final class ProcessSamples implements SampleSource {

    /** USER_HZ, the unit of the CPU times in /proc: 100 on every architecture Linux serves to user space. */
    private static final double TICKS_PER_SECOND = 100;

    private final Path self;
    private final Path systemStat;

    /** @param proc the procfs root, {@code /proc} */
    ProcessSamples(Path proc) {
        this.self = proc.resolve("self");
        this.systemStat = proc.resolve("stat");
    }

    @Override
    public void expose(Samples samples) {
        String stat = read(self.resolve("stat"));
        if (stat != null) {
            cpuSeconds(stat).ifPresent(v -> samples.value(PROCESS_CPU, Map.of(), v));
            String system = read(systemStat);
            if (system != null) {
                startTime(stat, system).ifPresent(v -> samples.value(PROCESS_START_TIME, Map.of(), v));
            }
        }
        String status = read(self.resolve("status"));
        if (status != null) {
            residentBytes(status).ifPresent(v -> samples.value(PROCESS_RESIDENT_MEMORY, Map.of(), v));
        }
        openFds(self.resolve("fd")).ifPresent(v -> samples.value(PROCESS_OPEN_FDS, Map.of(), v));
        String limits = read(self.resolve("limits"));
        if (limits != null) {
            maxFds(limits).ifPresent(v -> samples.value(PROCESS_MAX_FDS, Map.of(), v));
        }
    }

    /** utime + stime (fields 14 and 15 of /proc/PID/stat) in seconds. */
    static OptionalDouble cpuSeconds(String stat) {
        String[] f = fieldsAfterName(stat);
        if (f.length < 13) {
            return OptionalDouble.empty();
        }
        try {
            // After the name, field 3 (state) is f[0]: utime is field 14, f[11]; stime field 15, f[12].
            return OptionalDouble.of((Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND);
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** Boot time ({@code btime} of /proc/stat) plus starttime (field 22 of /proc/PID/stat, ticks since boot). */
    static OptionalDouble startTime(String stat, String systemStat) {
        String[] f = fieldsAfterName(stat);
        if (f.length < 20) {
            return OptionalDouble.empty();
        }
        try {
            long ticks = Long.parseLong(f[19]);
            for (String line : systemStat.split("\n")) {
                if (line.startsWith("btime ")) {
                    return OptionalDouble.of(Long.parseLong(line.substring(6).trim()) + ticks / TICKS_PER_SECOND);
                }
            }
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.empty();
    }

    /** VmRSS of /proc/PID/status, which the kernel writes in kB (KiB). */
    static OptionalDouble residentBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String value = line.substring(6).trim();
                if (value.endsWith(" kB")) {
                    try {
                        return OptionalDouble.of(Long.parseLong(value.substring(0, value.length() - 3).trim()) * 1024.0);
                    } catch (NumberFormatException e) {
                        return OptionalDouble.empty();
                    }
                }
            }
        }
        return OptionalDouble.empty();
    }

    /** The soft limit of "Max open files" in /proc/PID/limits; absent when unlimited. */
    static OptionalDouble maxFds(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                try {
                    return OptionalDouble.of(Long.parseLong(f[0]));
                } catch (NumberFormatException e) {
                    return OptionalDouble.empty();
                }
            }
        }
        return OptionalDouble.empty();
    }

    private static OptionalDouble openFds(Path fdDir) {
        int n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path ignored : fds) {
                n++;
            }
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(n); // with the listing's own, as other process collectors count
    }

    /** The fields after the process name, which is in parentheses and may itself hold spaces or parentheses. */
    private static String[] fieldsAfterName(String stat) {
        int close = stat.lastIndexOf(')');
        return close < 0 ? new String[0] : stat.substring(close + 1).trim().split("\\s+");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
