package dev.runnermetrics.exporter.metrics;

import dev.runnermetrics.catalogue.MetricSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labels of one series: an immutable value, in the order its family declares them in the catalogue whatever
 * order they were given in, and only labels the family declares (anything else is refused, so the exposition cannot
 * drift from what the dashboards are built on).
 */
public final class Labels {

    private final List<String> names;
    private final List<String> values;

    private Labels(List<String> names, List<String> values) {
        this.names = Collections.unmodifiableList(names);
        this.values = Collections.unmodifiableList(values);
    }

    /** The labels of a series of this family; values for every label it declares and sets, none other. */
    public static Labels of(MetricSpec family, Map<String, String> labels) {
        List<String> declared = family.allLabels();
        for (String name : labels.keySet()) {
            if (!declared.contains(name)) {
                throw new IllegalArgumentException(family.name() + " does not declare label " + name);
            }
        }
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (String name : declared) {
            String value = labels.get(name);
            if (value != null) {
                names.add(name);
                values.add(value);
            }
        }
        return new Labels(names, values);
    }

    /** Starts the labels of a series of this family. */
    public static Builder on(MetricSpec family) {
        return new Builder(family);
    }

    public List<String> names() {
        return names;
    }

    public List<String> values() {
        return values;
    }

    /** The labels by name, in order. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            map.put(names.get(i), values.get(i));
        }
        return map;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Labels l && names.equals(l.names) && values.equals(l.values);
    }

    @Override
    public int hashCode() {
        return 31 * names.hashCode() + values.hashCode();
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    /** Collects label values for one family; {@link #build()} orders and checks them. */
    public static final class Builder {
        private final MetricSpec family;
        private final Map<String, String> labels = new LinkedHashMap<>();

        private Builder(MetricSpec family) {
            this.family = family;
        }

        public Builder with(String name, String value) {
            labels.put(name, value);
            return this;
        }

        public Builder with(Map<String, String> more) {
            labels.putAll(more);
            return this;
        }

        public Labels build() {
            return Labels.of(family, labels);
        }
    }
}
