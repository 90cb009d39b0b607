package dev.runnermetrics.dashboards.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.runnermetrics.dashboards.Generate;
import dev.runnermetrics.dashboards.panels.Suite;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every generated dashboard, in both forms, conforms to the JSON schemas the Grafana Foundation SDK publishes
 * (src/test/resources/grafana-jsonschema, with their source): the dashboard and every panel, row, variable and link
 * (dashboard.jsonschema.json), each panel's options and custom field config (the schema of its panel type), and
 * each query (prometheus.jsonschema.json).
 *
 * <p>Two readings of the schemas, both as Grafana itself behaves. A required option that the schema gives a default
 * may be left out (Grafana's panel loader fills in the plugin's defaults; the SDK's builders write them). And where
 * Grafana's CUE source says "any value" ({@code _}, {@code {...}}), the SDK's schema generator wrote "an object" (of
 * objects): an override's {@code value} (Grafana writes {@code "s"} for a unit, an array for mappings), a field
 * matcher's {@code options} ({@code "Status"} for byName) and a query variable's {@code query} object (Prometheus'
 * {@code {qryType: 1, query: "label_values(...)", refId: ...}}, what Grafana's variable editor saves). Those three
 * accept any value here ({@link #ANY_VALUE}). Every other rule of the schemas holds as published.
 */
class GrafanaSchemaTest {

    private static final String DIR = "/grafana-jsonschema/";
    /** The panel types the generator may use: a new one needs its schema file copied next to the others. */
    private static final Set<String> PANEL_TYPES =
            Set.of("bargauge", "gauge", "heatmap", "piechart", "stat", "table", "timeseries");

    /** Where the SDK's schemas say "object" for Grafana's "any value" (see the class comment). */
    static final List<String> ANY_VALUE = List.of("/definitions/DynamicConfigValue/properties/value",
            "/definitions/MatcherConfig/properties/options",
            "/definitions/VariableModel/properties/query/oneOf/1/additionalProperties");

    private final Map<String, Schema> schemas = new HashMap<>();

    @Test
    void everyDashboardInBothFormsConformsToGrafanasSchemas() {
        List<Artifact> artifacts = Generate.artifacts();
        List<String> errors = new ArrayList<>();
        int checked = 0;
        for (Artifact a : artifacts) {
            boolean provisioned = a.path().startsWith(GrafanaArtifacts.PROVISIONED_DIR);
            boolean importable = a.path().startsWith(GrafanaArtifacts.IMPORTABLE_DIR);
            if (!provisioned && !importable) {
                continue;
            }
            ObjectNode dashboard = (ObjectNode) read(a.content());
            if (importable) {
                // grafana.com's import wrapper: the import dialog reads and drops these before the dashboard model.
                assertTrue(dashboard.has("__inputs") && dashboard.has("__requires"), a.path());
                dashboard.remove(List.of("__inputs", "__requires"));
            }
            errors.addAll(check(a.path(), dashboard));
            checked++;
        }
        assertEquals(2 * Suite.dashboards().size(), checked, "dashboard files checked");
        assertEquals(List.of(), errors);
    }

    @Test
    void theCheckFindsWhatBreaksTheSchemas() {
        ObjectNode dashboard = (ObjectNode) read(GrafanaArtifacts.all(Suite.dashboards().get(0)).get(0).content());
        ObjectNode stat = firstPanel(dashboard, "stat");
        ((ObjectNode) stat.get("options")).put("colorMode", "rainbow");
        ((ObjectNode) stat.get("options")).remove("orientation");
        ((ObjectNode) stat.get("targets").get(0)).put("format", "csv");
        ObjectNode timeseries = firstPanel(dashboard, "timeseries");
        ((ObjectNode) timeseries.at("/fieldConfig/defaults/custom")).put("drawStyle", "squiggle");
        dashboard.put("refreshRate", "30s");
        List<String> errors = check("broken", dashboard);
        String all = String.join("\n", errors);
        for (String expected : List.of("refreshRate", "colorMode", "orientation", "format", "drawStyle")) {
            assertTrue(all.contains(expected), "no error about " + expected + " in:\n" + all);
        }
    }

    private List<String> check(String file, ObjectNode dashboard) {
        List<String> errors = new ArrayList<>();
        errors.addAll(validate("dashboard", "Dashboard", dashboard, file));
        for (JsonNode panel : panels(dashboard)) {
            String type = panel.path("type").asText();
            String where = file + " panel '" + panel.path("title").asText() + "'";
            if ("row".equals(type)) {
                continue;
            }
            if (!PANEL_TYPES.contains(type)) {
                errors.add(where + ": panel type " + type + " has no schema here");
                continue;
            }
            ObjectNode options = withDefaults(type, (ObjectNode) panel.get("options").deepCopy());
            errors.addAll(validate(type, "Options", options, where + " options"));
            JsonNode custom = panel.at("/fieldConfig/defaults/custom");
            if (!custom.isMissingNode()) {
                assertTrue(definitions(type).has("FieldConfig"), where + ": " + type + " has no custom field config");
                errors.addAll(validate(type, "FieldConfig", custom, where + " fieldConfig.defaults.custom"));
            }
            for (JsonNode target : panel.path("targets")) {
                errors.addAll(validate("prometheus", "Dataquery", target,
                        where + " target " + target.path("refId").asText()));
            }
        }
        return errors;
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            out.add(p);
            p.path("panels").forEach(out::add); // a collapsed row's panels
        }
        return out;
    }

    private static ObjectNode firstPanel(JsonNode dashboard, String type) {
        for (JsonNode p : panels(dashboard)) {
            if (type.equals(p.path("type").asText())) {
                return (ObjectNode) p;
            }
        }
        throw new AssertionError("no " + type + " panel");
    }

    /** Fills in the required options the panel leaves out and the schema gives a default, as Grafana does. */
    private ObjectNode withDefaults(String type, ObjectNode options) {
        JsonNode def = definitions(type).path("Options");
        for (JsonNode required : def.path("required")) {
            JsonNode property = def.path("properties").path(required.asText());
            if (!options.has(required.asText()) && property.has("default")) {
                options.set(required.asText(), property.get("default"));
            }
        }
        return options;
    }

    private List<String> validate(String file, String definition, JsonNode instance, String where) {
        Schema schema = schemas.computeIfAbsent(file + "#" + definition, k -> schema(file, definition));
        List<String> out = new ArrayList<>();
        schema.validate(instance).forEach(e -> out.add(where + ": " + e.getInstanceLocation() + " " + e.getMessage()));
        return out;
    }

    private static Schema schema(String file, String definition) {
        ObjectNode root = (ObjectNode) load(file);
        root.put("$ref", "#/definitions/" + definition);
        for (String pointer : ANY_VALUE) {
            if (root.at(pointer) instanceof ObjectNode value) {
                value.removeAll(); // any JSON value, as Grafana reads it (see the class comment)
            }
        }
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(root.toString());
    }

    private static JsonNode definitions(String file) {
        return load(file).path("definitions");
    }

    private static JsonNode load(String file) {
        try (InputStream in = GrafanaSchemaTest.class.getResourceAsStream(DIR + file + ".jsonschema.json")) {
            assertFalse(in == null, "no schema " + file + " under src/test/resources" + DIR);
            return Json.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return Json.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
