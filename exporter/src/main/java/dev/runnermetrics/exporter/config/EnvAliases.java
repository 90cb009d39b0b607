package dev.runnermetrics.exporter.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.RelocateConfigSourceInterceptor;
import jakarta.annotation.Priority;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Lets the short environment variable names of runner images set our properties. The relocation picks whichever of
 * the two names comes from the stronger config source, so an explicit system property still wins over the
 * environment and @WithDefault still applies when neither is set.
 */
@Priority(3000)
public final class EnvAliases implements ConfigSourceInterceptor {

    /** The runner's own settings; the GitHub ones' aliases are expressions in application.properties instead. */
    static final Map<String, String> ALIASES = Stream.of(Setting.RUNNER_DIR, Setting.RUNNER_NAME,
            Setting.RUNNER_TYPE, Setting.RUNNERS, Setting.STATE_DIR)
            .collect(Collectors.toUnmodifiableMap(Setting::property, s -> s.alias().orElseThrow()));
    /** Node mode's settings (the names a DaemonSet sets). */
    static final Map<String, String> NODE_ALIASES = Stream.of(Setting.RUNNER_DISCOVERY, Setting.KUBELET_PODS_DIR,
            Setting.RUNNER_DIAG_VOLUME, Setting.KUBERNETES_API, Setting.NODE_NAME, Setting.KUBERNETES_API_URL,
            Setting.NODE_SERIES_PER_RUNNER)
            .collect(Collectors.toUnmodifiableMap(Setting::property, s -> s.alias().orElseThrow()));

    private static final long serialVersionUID = 1L;

    private final RelocateConfigSourceInterceptor relocate =
            new RelocateConfigSourceInterceptor(
            name -> ALIASES.getOrDefault(name, NODE_ALIASES.getOrDefault(name, name)));

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        return relocate.getValue(context, name);
    }
}
