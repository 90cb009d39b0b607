package dev.runnermetrics.exporter.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Samples of a text-format scrape, for the fault tests' exact comparisons. */
final class Exposition {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private Exposition() {
    }

    static List<Sample> samples(String scrape) {
        List<Sample> out = new ArrayList<>();
        for (String line : scrape.split("\n")) {
            Matcher m = SAMPLE.matcher(line.strip());
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return out;
    }

    /** The series of this family, as {@code label=value,... -> value} lines in a stable order. */
    static List<String> series(String scrape, String name) {
        return samples(scrape).stream().filter(s -> s.name().equals(name))
                .map(s -> s.labels() + " " + s.value()).sorted().toList();
    }

    /** The value of the one series of this family that carries these labels (among others); null when absent. */
    static Double value(String scrape, String name, Map<String, String> labels) {
        List<Sample> matching = samples(scrape).stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
        if (matching.size() > 1) {
            throw new AssertionError("more than one series of " + name + " with " + labels + ": " + matching);
        }
        return matching.isEmpty() ? null : matching.get(0).value();
    }
}
