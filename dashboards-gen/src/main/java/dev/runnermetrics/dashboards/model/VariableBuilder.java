package dev.runnermetrics.dashboards.model;

import dev.runnermetrics.dashboards.model.Dashboard.Variable;
import java.util.LinkedHashMap;
import java.util.Map;

/** Dashboard template variables: the datasource picker and label-value queries. */
public final class VariableBuilder {

    private final Variable variable = new Variable();

    private VariableBuilder(String type, String name) {
        variable.type = type;
        variable.name = name;
    }

    /** A datasource picker limited to one plugin type. */
    public static VariableBuilder datasource(String name, String pluginId) {
        VariableBuilder b = new VariableBuilder("datasource", name);
        b.variable.query = pluginId;
        b.variable.refresh = 1;
        b.variable.hide = 0;
        return b;
    }

    /** Values of a label, refreshed when the time range changes, multi-select with All. */
    public static VariableBuilder labelValues(String name, Dashboard.DataSourceRef datasource, String metricSelector,
            String label) {
        VariableBuilder b = new VariableBuilder("query", name);
        String definition = "label_values(" + metricSelector + ", " + label + ")";
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("qryType", 1);
        query.put("query", definition);
        query.put("refId", "PrometheusVariableQueryEditor-VariableQuery");
        b.variable.datasource = datasource;
        b.variable.query = query;
        b.variable.definition = definition;
        b.variable.multi = true;
        b.variable.includeAll = true;
        b.variable.allValue = ".*";
        b.variable.refresh = 2;
        b.variable.sort = 1;
        b.variable.hide = 0;
        b.variable.current = new LinkedHashMap<>(Map.of("text", "All", "value", "$__all"));
        return b;
    }

    public VariableBuilder label(String label) {
        variable.label = label;
        return this;
    }

    public VariableBuilder description(String description) {
        variable.description = description;
        return this;
    }

    public Variable build() {
        return variable;
    }
}
