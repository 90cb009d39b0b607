package dev.runnermetrics.exporter.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Seed inputs taken from the committed fixtures (real runner logs, recorded webhook deliveries), so the fuzzer starts
 * from real input and the regression run checks every fixture against the fuzz properties too. Seeds named after
 * their file show up as the test case names.
 */
final class Seeds {

    private Seeds() {
    }

    /** Every file below these test resource folders, sorted, each as one seed. */
    static Stream<Arguments> files(String... folders) {
        return files(bytes -> bytes, folders);
    }

    /** Like {@link #files(String...)}, each file's bytes shaped into the target's input format. */
    static Stream<Arguments> files(java.util.function.UnaryOperator<byte[]> shape, String... folders) {
        List<Arguments> seeds = new ArrayList<>();
        for (String folder : folders) {
            for (Path file : list(folder)) {
                seeds.add(seed(folder + "/" + file.getFileName(), shape.apply(read(file))));
            }
        }
        return seeds.stream();
    }

    static Arguments seed(String name, byte[] input) {
        return Arguments.of(Named.of(name, input));
    }

    static List<Path> list(String folder) {
        URL url = Seeds.class.getClassLoader().getResource(folder);
        if (url == null) {
            throw new IllegalStateException("test resource folder " + folder + " is missing");
        }
        try (Stream<Path> walk = Files.walk(Path.of(url.toURI()))) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] resource(String name) {
        URL url = Seeds.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " is missing");
        }
        try {
            return read(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code prefix} followed by {@code bytes}: seeds for targets that read parameters from their first bytes. */
    static byte[] prefixed(byte[] bytes, int... prefix) {
        byte[] out = Arrays.copyOf(toBytes(prefix), prefix.length + bytes.length);
        System.arraycopy(bytes, 0, out, prefix.length, bytes.length);
        return out;
    }

    private static byte[] toBytes(int[] values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
