package dev.runnermetrics.dashboards.model;

import dev.runnermetrics.dashboards.model.Dashboard.Target;

/** A Prometheus query of a panel, like the SDK's {@code prometheus.DataqueryBuilder}. */
public final class DataqueryBuilder {

    private final Target target = new Target();

    public DataqueryBuilder expr(String expr) {
        target.expr = expr;
        return this;
    }

    public DataqueryBuilder legendFormat(String legend) {
        target.legendFormat = legend;
        return this;
    }

    public DataqueryBuilder refId(String refId) {
        target.refId = refId;
        return this;
    }

    /** One value per series at the end of the range (stats, gauges, tables). */
    public DataqueryBuilder instant() {
        target.instant = true;
        target.range = false;
        return this;
    }

    public DataqueryBuilder range() {
        target.instant = false;
        target.range = true;
        return this;
    }

    public DataqueryBuilder format(String format) {
        target.format = format;
        return this;
    }

    public Target build() {
        Target copy = new Target();
        copy.refId = target.refId;
        copy.expr = target.expr;
        copy.legendFormat = target.legendFormat;
        copy.instant = target.instant;
        copy.range = target.range;
        copy.format = target.format;
        return copy;
    }
}
