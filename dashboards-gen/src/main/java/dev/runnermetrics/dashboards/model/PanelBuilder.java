package dev.runnermetrics.dashboards.model;

import dev.runnermetrics.dashboards.model.Dashboard.FieldConfig;
import dev.runnermetrics.dashboards.model.Dashboard.Panel;
import dev.runnermetrics.dashboards.model.Dashboard.Step;
import dev.runnermetrics.dashboards.model.Dashboard.Thresholds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A panel of any visualisation type. The SDK has one builder per type (stat, gauge, timeseries, ...); one builder
 * with {@link #type} covers the few options we set.
 */
public final class PanelBuilder {

    private final Panel panel = new Panel();
    private final List<DataqueryBuilder> targets = new ArrayList<>();
    private int width = 6;
    private int height = 8;

    public PanelBuilder(String type) {
        panel.type = type;
        panel.fieldConfig = new FieldConfig();
        panel.options = new LinkedHashMap<>();
    }

    public PanelBuilder title(String title) {
        panel.title = title;
        return this;
    }

    public PanelBuilder description(String description) {
        panel.description = description;
        return this;
    }

    /** Grid size in Grafana's 24-column grid; the dashboard builder places it. */
    public PanelBuilder size(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    public PanelBuilder unit(String unit) {
        panel.fieldConfig.defaults.unit = unit;
        return this;
    }

    public PanelBuilder decimals(int decimals) {
        panel.fieldConfig.defaults.decimals = decimals;
        return this;
    }

    public PanelBuilder min(double min) {
        panel.fieldConfig.defaults.min = min;
        return this;
    }

    public PanelBuilder max(double max) {
        panel.fieldConfig.defaults.max = max;
        return this;
    }

    /** Absolute thresholds: a base colour, then (value, colour) pairs in ascending order. */
    public PanelBuilder thresholds(String baseColor, Object... valueColorPairs) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(baseColor, null));
        for (int i = 0; i < valueColorPairs.length; i += 2) {
            steps.add(new Step((String) valueColorPairs[i + 1], ((Number) valueColorPairs[i]).doubleValue()));
        }
        panel.fieldConfig.defaults.thresholds = new Thresholds("absolute", steps);
        return this;
    }

    public PanelBuilder colorMode(String mode) {
        panel.fieldConfig.defaults.color = Map.of("mode", mode);
        return this;
    }

    public PanelBuilder mapping(Map<String, Object> mapping) {
        if (panel.fieldConfig.defaults.mappings == null) {
            panel.fieldConfig.defaults.mappings = new ArrayList<>();
        }
        panel.fieldConfig.defaults.mappings.add(mapping);
        return this;
    }

    public PanelBuilder custom(String key, Object value) {
        if (panel.fieldConfig.defaults.custom == null) {
            panel.fieldConfig.defaults.custom = new LinkedHashMap<>();
        }
        panel.fieldConfig.defaults.custom.put(key, value);
        return this;
    }

    public PanelBuilder override(Map<String, Object> matcher, List<Map<String, Object>> properties) {
        panel.fieldConfig.overrides.add(new Dashboard.Override(matcher, properties));
        return this;
    }

    public PanelBuilder option(String key, Object value) {
        panel.options.put(key, value);
        return this;
    }

    public PanelBuilder transformation(String id, Map<String, Object> options) {
        if (panel.transformations == null) {
            panel.transformations = new ArrayList<>();
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", id);
        t.put("options", options);
        panel.transformations.add(t);
        return this;
    }

    /** The least step ($__interval) Grafana gives the panel's queries, a Prometheus duration such as {@code 5m}. */
    public PanelBuilder minInterval(String interval) {
        panel.interval = interval;
        return this;
    }

    public PanelBuilder withTarget(DataqueryBuilder target) {
        targets.add(target);
        return this;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** The panel with its targets; refIds are A, B, C... unless set. */
    public Panel build() {
        Panel p = new Panel();
        p.type = panel.type;
        p.title = panel.title;
        p.description = panel.description;
        p.interval = panel.interval;
        p.fieldConfig = panel.fieldConfig;
        p.options = panel.options;
        p.transformations = panel.transformations;
        p.targets = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Dashboard.Target t = targets.get(i).build();
            if (t.refId == null) {
                t.refId = String.valueOf((char) ('A' + i));
            }
            p.targets.add(t);
        }
        return p;
    }
}
