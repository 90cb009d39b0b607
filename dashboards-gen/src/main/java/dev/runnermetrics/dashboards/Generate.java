package dev.runnermetrics.dashboards;

import dev.runnermetrics.dashboards.docs.MetricsDoc;
import dev.runnermetrics.dashboards.model.Dashboard;
import dev.runnermetrics.dashboards.output.Artifact;
import dev.runnermetrics.dashboards.output.GrafanaArtifacts;
import dev.runnermetrics.dashboards.output.KubernetesArtifacts;
import dev.runnermetrics.dashboards.output.LayoutPicture;
import dev.runnermetrics.dashboards.panels.Suite;
import dev.runnermetrics.dashboards.prometheus.PrometheusArtifacts;
import dev.runnermetrics.dashboards.validate.CatalogueCheck;
import dev.runnermetrics.dashboards.validate.DashboardLint;
import dev.runnermetrics.dashboards.validate.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds, validates and writes everything; any violation fails the build before a file is written. */
public final class Generate {

    private Generate() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: Generate OUTPUT_DIR");
        }
        List<Artifact> artifacts = artifacts();
        Path out = Path.of(args[0]);
        for (Artifact a : artifacts) {
            Path file = out.resolve(a.path());
            Files.createDirectories(file.getParent());
            Files.writeString(file, a.content(), StandardCharsets.UTF_8);
        }
        System.out.println("dashboards-gen: wrote " + artifacts.size() + " files to " + out);
    }

    /** Everything the generator writes, after validation. */
    public static List<Artifact> artifacts() {
        return artifacts(Suite.dashboards());
    }

    /** The files for one dashboard alone; throws listing every violation if it or the rules break a rule. */
    public static List<Artifact> artifacts(Dashboard dashboard) {
        return artifacts(List.of(dashboard));
    }

    /** The files for these dashboards; throws listing every violation if one of them or the rules break a rule. */
    public static List<Artifact> artifacts(List<Dashboard> dashboards) {
        List<Violation> violations = new ArrayList<>();
        Set<String> uids = new HashSet<>();
        for (Dashboard dashboard : dashboards) {
            for (Violation v : validate(dashboard)) {
                violations.add(new Violation(v.rule(), dashboard.uid + ": " + v.where(), v.message()));
            }
            if (!uids.add(dashboard.uid)) {
                violations.add(new Violation("dashboard-unique-uid", dashboard.uid, "two dashboards share the uid"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidOutputException(violations);
        }
        List<Artifact> artifacts = new ArrayList<>(GrafanaArtifacts.all(dashboards));
        artifacts.addAll(PrometheusArtifacts.all());
        artifacts.addAll(KubernetesArtifacts.all(dashboards));
        artifacts.addAll(LayoutPicture.artifacts(dashboards));
        artifacts.add(MetricsDoc.artifact());
        for (Artifact a : artifacts) {
            if (a.path().startsWith("grafana/dashboards/") && a.content().contains("${DS_")) {
                throw new InvalidOutputException(List.of(new Violation("provisioning-no-input-placeholder",
                        a.path(), "file provisioning cannot resolve ${DS_...} placeholders")));
            }
        }
        return artifacts;
    }

    public static List<Violation> validate(Dashboard dashboard) {
        CatalogueCheck catalogue = new CatalogueCheck(PrometheusArtifacts.recordedNames());
        List<Violation> violations = new ArrayList<>(new DashboardLint(catalogue).check(dashboard));
        for (Map.Entry<String, String> rule : PrometheusArtifacts.expressions().entrySet()) {
            catalogue.check("rule " + rule.getKey(), rule.getValue(), violations);
        }
        return violations;
    }

    /** The build fails with every violation listed. */
    public static final class InvalidOutputException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public InvalidOutputException(List<Violation> violations) {
            super("generated files break " + violations.size() + " rule(s):\n  "
                    + String.join("\n  ", violations.stream().map(Violation::toString).toList()));
        }
    }
}
