package dev.runnermetrics.dashboards.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of Grafana's dashboard JSON model (schemaVersion 39) this project uses, shaped like the Grafana
 * Foundation SDK's types so that moving to the SDK is a dependency swap. Built only through the builders.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"uid", "title", "description", "tags", "links", "timezone", "editable", "graphTooltip", "refresh",
    "schemaVersion", "version", "time", "templating", "annotations", "panels"})
public final class Dashboard {

    public String uid;
    public String title;
    public String description;
    public List<String> tags = new ArrayList<>();
    /** Null when the dashboard links nowhere, so a dashboard without links keeps its JSON. */
    public List<Link> links;
    public String timezone = "browser";
    public boolean editable = true;
    /** Shared crosshair across panels. */
    public int graphTooltip = 1;
    public String refresh;
    public int schemaVersion = 39;
    public int version = 1;
    public TimeRange time;
    public Templating templating = new Templating();
    public Map<String, Object> annotations;
    public List<Panel> panels = new ArrayList<>();

    /**
     * A dashboard link (the SDK's {@code dashboard.DashboardLink}): type {@code dashboards} lists the dashboards that
     * carry {@code tags}; {@code includeVars} and {@code keepTime} carry the variables and time range across.
     */
    @JsonPropertyOrder({"title", "type", "icon", "tooltip", "url", "tags", "asDropdown", "targetBlank",
        "includeVars", "keepTime"})
    public record Link(String title, String type, String icon, String tooltip, String url, List<String> tags,
            boolean asDropdown, boolean targetBlank, boolean includeVars, boolean keepTime) {
        public Link {
            tags = List.copyOf(tags);
        }
    }

    /** Default time range. */
    public record TimeRange(String from, String to) {
    }

    public static final class Templating {
        public List<Variable> list = new ArrayList<>();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DataSourceRef(String type, String uid) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GridPos(int h, int w, int x, int y) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "type", "title", "description", "gridPos", "datasource", "interval", "targets", "fieldConfig",
        "options", "transformations", "collapsed", "panels"})
    public static final class Panel {
        public int id;
        public String type;
        public String title;
        public String description;
        public GridPos gridPos;
        public DataSourceRef datasource;
        /** Grafana's "Min interval": the least $__interval (step) the panel's queries get. */
        public String interval;
        public List<Target> targets;
        public FieldConfig fieldConfig;
        public Map<String, Object> options;
        public List<Map<String, Object>> transformations;
        public Boolean collapsed;
        public List<Panel> panels;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"refId", "datasource", "expr", "legendFormat", "instant", "range", "format", "editorMode"})
    public static final class Target {
        public String refId;
        public DataSourceRef datasource;
        public String expr;
        public String legendFormat;
        public Boolean instant;
        public Boolean range;
        public String format;
        public String editorMode = "code";
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class FieldConfig {
        public FieldDefaults defaults = new FieldDefaults();
        public List<Override> overrides = new ArrayList<>();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class FieldDefaults {
        public String unit;
        public Integer decimals;
        public Double min;
        public Double max;
        public Map<String, Object> color;
        public Thresholds thresholds;
        public List<Map<String, Object>> mappings;
        public Map<String, Object> custom;
    }

    public record Thresholds(String mode, List<Step> steps) {
    }

    /** A threshold step; the first has a null value (the base colour). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Step(String color, Double value) {
    }

    public record Override(Map<String, Object> matcher, List<Map<String, Object>> properties) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "name", "label", "description", "datasource", "query", "definition", "regex",
        "multi", "includeAll", "allValue", "current", "refresh", "sort", "hide", "options"})
    public static final class Variable {
        public String type;
        public String name;
        public String label;
        public String description;
        public DataSourceRef datasource;
        /** A string for datasource variables, an object for query variables. */
        public Object query;
        public String definition;
        public String regex;
        public Boolean multi;
        public Boolean includeAll;
        public String allValue;
        public Map<String, Object> current;
        public Integer refresh;
        public Integer sort;
        public Integer hide;
        public List<Object> options = new ArrayList<>();
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
