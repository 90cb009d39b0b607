package dev.runnermetrics.exporter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The one list of settings is the configuration tree, and every setting is documented for users. */
class SettingTest {

    @Test
    void everyPropertyOfTheTreeIsNamedOnceInSettingAndNothingElseIs() {
        Set<String> tree = new TreeSet<>();
        walk(RunnerMetricsConfig.class, Setting.PREFIX, tree);
        Set<String> named = Arrays.stream(Setting.values()).map(Setting::property)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(tree, named);
    }

    @Test
    void messagesNameThePropertyAndTheVariableUsersSet() {
        assertEquals("runner-metrics.runner-dir (RUNNER_DIR)", Setting.RUNNER_DIR.toString());
        assertEquals("runner-metrics.webhook.port (WEBHOOK_PORT)", Setting.WEBHOOK_PORT.toString());
        assertEquals("runner-metrics.github-api.app-installation-id (RUNNER_METRICS_GITHUB_API_APP_INSTALLATION_ID)",
                Setting.API_APP_INSTALLATION_ID.toString());
    }

    @Test
    void theShortRunnerVariablesAreRelocatedOntoTheirProperties() {
        assertEquals(Set.of("runner-metrics.runner-dir", "runner-metrics.runner-name", "runner-metrics.runner-type",
                "runner-metrics.runners", "runner-metrics.state-dir"), EnvAliases.ALIASES.keySet());
        EnvAliases.ALIASES.forEach((property, env) -> assertEquals(property, Arrays.stream(Setting.values())
                .filter(s -> s.alias().orElse("").equals(env)).findFirst().orElseThrow().property()));
    }

    @Test
    void everySettingIsDocumented() throws IOException {
        StringBuilder docs = new StringBuilder();
        try (Stream<Path> files = Files.list(Path.of("..", "docs"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".md")).toList()) {
                docs.append(Files.readString(file));
            }
        }
        // The guide's first table lists the core settings without the prefix.
        List<String> missing = Arrays.stream(Setting.values())
                .filter(s -> !docs.toString().contains(s.property()) && !docs.toString().contains(s.env())
                        && !docs.toString().contains("`" + s.property().substring(Setting.PREFIX.length() + 1) + "`"))
                .map(Setting::property).toList();
        assertTrue(missing.isEmpty(), "not in docs/*.md: " + missing);
    }

    /** Properties as SmallRye maps them: kebab-case method names, a nested interface is a group. */
    private static void walk(Class<?> group, String prefix, Set<String> out) {
        for (Method m : group.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.isDefault()) {
                continue;
            }
            String name = prefix + "." + m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            if (m.getReturnType().isInterface() && m.getReturnType().getEnclosingClass() == RunnerMetricsConfig.class) {
                walk(m.getReturnType(), name, out);
            } else {
                out.add(name);
            }
        }
    }
}
