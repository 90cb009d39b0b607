package dev.runnermetrics.dashboards.prometheus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A complete prometheus.yml for the Compose stack: 15 s scrapes and rule evaluation, our two rule files as mounted in
 * the Prometheus container, an optional Alertmanager, the static job for the three example exporters and the job of the
 * optional webhook hub.
 */
public final class ServerConfig {

    /** Where the rule files are mounted in the Prometheus container. */
    public static final String CONTAINER_RULES_DIR = "/etc/prometheus/rules/";
    /** Alertmanager's Compose service and default port; without it Prometheus still evaluates and shows alerts. */
    public static final String ALERTMANAGER = "alertmanager:9093";
    public static final String EVALUATION_INTERVAL = "15s";

    private ServerConfig() {
    }

    /** @param ruleFiles the rule files' names, mounted below {@link #CONTAINER_RULES_DIR} */
    public static Map<String, Object> prometheusYml(List<String> ruleFiles) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("global", global());
        config.put("rule_files", ruleFiles.stream().map(f -> CONTAINER_RULES_DIR + f).toList());
        config.put("alerting", alerting());
        config.put("scrape_configs", List.of(ScrapeConfigs.staticJob(), ScrapeConfigs.hubJob()));
        return config;
    }

    private static Map<String, Object> global() {
        Map<String, Object> global = new LinkedHashMap<>();
        global.put("scrape_interval", ScrapeConfigs.SCRAPE_INTERVAL);
        global.put("evaluation_interval", EVALUATION_INTERVAL);
        return global;
    }

    private static Map<String, Object> alerting() {
        return Map.of("alertmanagers", List.of(Map.of("static_configs", List.of(
                Map.of("targets", List.of(ALERTMANAGER))))));
    }
}
