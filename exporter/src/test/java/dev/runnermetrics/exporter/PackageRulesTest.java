package dev.runnermetrics.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/ARCHITECTURE.md, read from the sources' imports: the parsers and the model know no
 * feature, the one road to /metrics knows no source, the state file no feature, and no package cycle appears.
 */
class PackageRulesTest {

    private static final Path MAIN = Path.of("src/main/java/dev/runnermetrics/exporter");
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?dev\\.runnermetrics\\.exporter\\.([a-z]+)\\.", Pattern.MULTILINE);


    /** Top-level package → the top-level packages it imports. */
    static Map<String, Set<String>> imports() throws IOException {
        Map<String, Set<String>> imports = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = MAIN.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue;
                }
                String pkg = relative.getName(0).toString();
                Set<String> used = imports.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        return imports;
    }

    @Test
    void parsersModelAndMetricsImportNoFeature() throws IOException {
        Map<String, Set<String>> imports = imports();
        assertEquals(Set.of("json"), imports.get("logs"),
                "logs (pure parsers) imports nothing of the exporter but the JSON reader");
        assertEquals(Set.of(), imports.get("json"), "the JSON reader knows nothing of the exporter");
        assertEquals(Set.of("logs", "metrics"), imports.get("model"),
                "the runner model knows only the parsers' events and the one histogram and series key");
        assertEquals(Set.of(), imports.get("metrics"), "the road to /metrics knows no source");
        assertEquals(Set.of("logs"), imports.get("tail"), "the tailer feeds parsers and knows nothing else");
        assertEquals(Set.of("logs", "metrics", "model"), imports.get("feature"),
                "a job feature sees jobs, keeps a state and exposes samples: nothing more");
        assertEquals(Set.of(), intersection(imports.get("state"), Set.of("github", "feature")),
                "the state file knows no feature (their parts are JSON)");
    }

    /** The GitHub feature packages ({@code github.client}, {@code github.jobs} …) → the ones each imports. */
    static Map<String, Set<String>> githubImports() throws IOException {
        Path github = MAIN.resolve("github");
        Pattern importGithub = Pattern.compile(
                "^import (?:static )?dev\\.runnermetrics\\.exporter\\.github\\.([a-z]+)\\.", Pattern.MULTILINE);
        Map<String, Set<String>> imports = new TreeMap<>();
        try (Stream<Path> files = Files.walk(github)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = github.relativize(file).getName(0).toString();
                Set<String> used = imports.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = importGithub.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        return imports;
    }

    @Test
    void githubIsCutByFeatureWithTheClientAtTheBottom() throws IOException {
        Map<String, Set<String>> imports = githubImports();
        assertEquals(Set.of(), imports.get("client"), "the REST client (HTTP, auth, JSON) knows no GitHub feature");
        assertEquals(Set.of("client"), imports.get("fleet"), "fleet status needs only the client");
        assertEquals(Set.of(), intersection(imports.get("jobs"), Set.of("dora", "fleet", "webhook", "api")),
                "workflow jobs and queue time know no deployment, fleet or receiver");
        assertEquals(Set.of(), intersection(imports.get("dora"), Set.of("fleet", "webhook", "api")),
                "DORA builds on jobs only");
        assertEquals(List.of(), cycles(imports), "cycles between github packages (imports: " + imports + ")");
    }

    private static List<String> cycles(Map<String, Set<String>> imports) {
        List<String> cycles = new ArrayList<>();
        for (Map.Entry<String, Set<String>> a : imports.entrySet()) {
            for (String b : a.getValue()) {
                if (a.getKey().compareTo(b) < 0 && reaches(imports, b, a.getKey(), new TreeSet<>())) {
                    cycles.add(a.getKey() + " <-> " + b);
                }
            }
        }
        return cycles;
    }

    @Test
    void theTailerTalksToInterpretersThroughTheirInterfaceOnly() throws IOException {
        Pattern askedType = Pattern.compile("instanceof\\s+\\w*Interpreter\\b");
        List<String> asking = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (askedType.matcher(Files.readString(file)).find()) {
                    asking.add(MAIN.relativize(file).toString());
                }
            }
        }
        assertEquals(List.of(), asking, "what a file's interpreter tells is a method of LogFileInterpreter");
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
        Set<String> both = new TreeSet<>(a);
        both.retainAll(b);
        return both;
    }

    @Test
    void noPackageCycleBeyondTheKnownOnes() throws IOException {
        Map<String, Set<String>> imports = imports();
        assertEquals(List.of(), cycles(imports), "package cycles (imports: " + imports + ")");
    }

    private static boolean reaches(Map<String, Set<String>> imports, String from, String to, Set<String> seen) {
        if (from.equals(to)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        for (String next : imports.getOrDefault(from, Set.of())) {
            if (reaches(imports, next, to, seen)) {
                return true;
            }
        }
        return false;
    }
}
