package dev.runnermetrics.exporter.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The file descriptors this process holds, as Linux's {@code /proc/self/fd} lists them. */
public final class OpenFiles {

    private OpenFiles() {
    }

    /** Descriptors this process holds on files under {@code dir}, deleted ones included. */
    public static long under(Path dir) throws IOException {
        String prefix = dir.toRealPath().toString();
        long n = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith(prefix)) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed since the listing (the listing's own descriptor)
                }
            }
        }
        return n;
    }
}
