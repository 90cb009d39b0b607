package dev.runnermetrics.exporter.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.RelocateConfigSourceInterceptor;
import jakarta.annotation.Priority;
import java.util.Map;

/**
 * Lets the short environment variable names of runner images set our properties. The relocation picks whichever of
 * the two names comes from the stronger config source, so an explicit system property still wins over the
 * environment and @WithDefault still applies when neither is set.
 */
@Priority(3000)
public final class EnvAliases implements ConfigSourceInterceptor {

    static final Map<String, String> ALIASES = Map.of(
            "runner-metrics.runner-dir", "RUNNER_DIR",
            "runner-metrics.runner-name", "RUNNER_NAME",
            "runner-metrics.runner-type", "RUNNER_TYPE",
            "runner-metrics.runners", "RUNNERS",
            "runner-metrics.state-dir", "STATE_DIR");

    private static final long serialVersionUID = 1L;

    private final RelocateConfigSourceInterceptor relocate =
            new RelocateConfigSourceInterceptor(name -> ALIASES.getOrDefault(name, name));

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        return relocate.getValue(context, name);
    }
}
