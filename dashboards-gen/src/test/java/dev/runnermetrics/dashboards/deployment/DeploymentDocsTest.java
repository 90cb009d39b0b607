package dev.runnermetrics.dashboards.deployment;

import static dev.runnermetrics.dashboards.deployment.Yaml.REPOSITORY;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.MetricType;
import dev.runnermetrics.dashboards.prometheus.PrometheusArtifacts;
import dev.runnermetrics.dashboards.prometheus.ScrapeConfigs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/DEPLOYMENT.md and docs/TROUBLESHOOTING.md name real things: metrics from the catalogue, recorded series from
 * the rules, the exporter's real readiness and log messages, files that exist, and anchors that exist.
 */
class DeploymentDocsTest {

    private static final List<String> DOCS = List.of("docs/DEPLOYMENT.md", "docs/TROUBLESHOOTING.md",
            "docs/GITHUB.md");
    private static final Pattern METRIC = Pattern.compile(
            "(?<![:\\w])((?:github_|runner_metrics_)[a-z0-9_]*[a-z0-9])\\b"); // not inside a recorded name
    private static final Pattern RECORDED =
            Pattern.compile("\\b([a-z_]+:(?:github|runner_metrics)_[a-z_]+:[a-z0-9]+)\\b");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]*)(#[^)\\s]*)?\\)");

    @Test
    void metricNamesAreDeclaredInTheCatalogue() throws IOException {
        for (String doc : DOCS) {
            Matcher m = METRIC.matcher(read(doc));
            while (m.find()) {
                String name = m.group(1);
                if (name.equals("github_runner") || name.equals("github_runners")
                        || name.startsWith("github_runners_")) {
                    continue; // a prefix (grep ^github_runner), job and file names: not metrics
                }
                // A histogram is named by its family in prose; its samples are _bucket, _sum and _count.
                boolean histogram = Catalogue.ALL.stream()
                        .anyMatch(f -> f.name().equals(name) && f.type() == MetricType.HISTOGRAM);
                assertTrue(histogram || Catalogue.bySampleName(name).isPresent(), doc + " names " + name
                        + ", which is not a series of the catalogue");
            }
            Matcher r = RECORDED.matcher(read(doc));
            while (r.find()) {
                assertTrue(PrometheusArtifacts.recordedNames().contains(r.group(1)),
                        doc + " names recorded series " + r.group(1) + ", which no recording rule produces");
            }
        }
    }

    @Test
    void troubleshootingQuotesTheExportersOwnMessages() throws IOException {
        String doc = read("docs/TROUBLESHOOTING.md");
        String engine = javaStrings("exporter/src/main/java/dev/runnermetrics/exporter/app/ExporterEngine.java");
        String readiness = javaStrings(
                "exporter/src/main/java/dev/runnermetrics/exporter/health/RunnerLogsReadiness.java");
        String lifecycle = javaStrings("exporter/src/main/java/dev/runnermetrics/exporter/app/ExporterLifecycle.java");
        String steps = javaStrings("exporter/src/main/java/dev/runnermetrics/exporter/steps/PageWatcher.java");
        // What the doc quotes, and the source that must still say it.
        List<String[]> quotes = List.of(
                new String[] {" is not readable yet (missing, not mounted, or no permission); first pass over its "
                        + "logs not done", engine},
                new String[] {": cannot read ", engine},
                new String[] {"Cannot write state to ", engine},
                new String[] {"starting", readiness},
                new String[] {"Invalid configuration, not starting: ", lifecycle},
                new String[] {"Watching runner ", lifecycle},
                new String[] {"Cannot read step output ", steps});
        for (String[] q : quotes) {
            assertTrue(doc.contains(q[0].strip()), "TROUBLESHOOTING.md should quote '" + q[0] + "'");
            assertTrue(q[1].contains(q[0]), "the exporter no longer says '" + q[0] + "'; update TROUBLESHOOTING.md");
        }
    }

    /** A Java source with {@code "a" + "b"} joined, so that messages split over lines read as one. */
    private static String javaStrings(String path) throws IOException {
        return read(path).replaceAll("\"\\s*\\+\\s*\"", "");
    }

    @Test
    void linksPointAtFilesAndHeadingsThatExist() throws IOException {
        List<String> docs = new ArrayList<>(DOCS);
        docs.add("README.md");
        docs.add("docs/METRICS.md");
        for (String doc : docs) {
            Path from = REPOSITORY.resolve(doc).getParent();
            Matcher m = LINK.matcher(read(doc));
            while (m.find()) {
                String target = m.group(1);
                String anchor = m.group(2);
                if (target.startsWith("http")) {
                    continue;
                }
                Path file = target.isEmpty() ? REPOSITORY.resolve(doc) : from.resolve(target).normalize();
                if (!DOCS.contains(doc) && !docs.contains(REPOSITORY.relativize(file).toString())) {
                    continue; // README's links to files this work did not add are checked elsewhere
                }
                assertTrue(Files.exists(file), doc + " links to " + target + ", which does not exist");
                if (anchor != null && file.toString().endsWith(".md")) {
                    assertTrue(anchors(Files.readString(file, StandardCharsets.UTF_8)).contains(anchor.substring(1)),
                            doc + " links to " + target + anchor + ", which has no such heading");
                }
            }
        }
    }

    @Test
    void readmeLinksTheOperatorDocs() throws IOException {
        String readme = read("README.md");
        for (String doc : List.of("docs/DEPLOYMENT.md", "docs/TROUBLESHOOTING.md", "docs/METRICS.md")) {
            assertTrue(readme.contains("](" + doc + ")"), "README.md must link " + doc);
        }
    }

    private static List<String> anchors(String markdown) {
        List<String> anchors = new ArrayList<>();
        Matcher h = Pattern.compile("(?m)^#{1,6} (.+)$").matcher(markdown);
        while (h.find()) {
            anchors.add(h.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-'));
        }
        return anchors;
    }

    private static String read(String path) throws IOException {
        Path file = REPOSITORY.resolve(path);
        assertTrue(Files.exists(file), path + " is missing");
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void theDocsNameTheThreeRunnerTypesAndTheirPorts() throws IOException {
        String doc = read("docs/DEPLOYMENT.md");
        for (String target : ScrapeConfigs.composeTargets()) {
            assertTrue(doc.contains(target), "DEPLOYMENT.md names target " + target);
        }
        assertTrue(doc.contains("CHROME_GO_EXPORTER_HOST_PORT"), "how to move the chrome-go host port");
    }
}
