package dev.runnermetrics.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One metric family, declared once. {@code name} is the family name as client libraries take it: counters without
 * their {@code _total} suffix, histograms without {@code _bucket/_sum/_count}. Use {@link #series()} and friends
 * for the names that appear in PromQL.
 *
 * @param perRunner      whether every series carries {@link Catalogue#RUNNER_LABELS} (repository-level figures
 *                       such as deployments do not belong to one runner)
 * @param labels         labels every series of the family carries (after the runner labels)
 * @param optionalLabels labels present only when the user opts in (bounded by an allowlist and a cap)
 * @param buckets        upper bounds for histograms, ascending, without +Inf; empty for other types
 */
public record MetricSpec(
        String name,
        MetricType type,
        String unit,
        String help,
        boolean perRunner,
        List<String> labels,
        List<String> optionalLabels,
        List<Double> buckets) {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    public MetricSpec {
        Objects.requireNonNull(type, "type");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name is not snake_case: " + name);
        }
        if (type == MetricType.COUNTER && name.endsWith("_total")) {
            throw new IllegalArgumentException("declare counters without _total: " + name);
        }
        if (type != MetricType.COUNTER && name.endsWith("_total")) {
            throw new IllegalArgumentException("_total is for counters only: " + name);
        }
        if (!unit.isEmpty() && !name.endsWith("_" + unit)) {
            throw new IllegalArgumentException(name + " must end with its unit _" + unit);
        }
        if (help == null || help.isBlank()) {
            throw new IllegalArgumentException(name + " needs a HELP text");
        }
        if ((type == MetricType.HISTOGRAM) == buckets.isEmpty()) {
            throw new IllegalArgumentException(name + ": buckets are required for histograms and only for them");
        }
        for (int i = 1; i < buckets.size(); i++) {
            if (buckets.get(i) <= buckets.get(i - 1)) {
                throw new IllegalArgumentException(name + ": buckets must be strictly ascending");
            }
        }
        labels = List.copyOf(labels);
        optionalLabels = List.copyOf(optionalLabels);
        buckets = List.copyOf(buckets);
    }

    /** Every label a series of this family may carry, runner labels (and node mode's) first. */
    public List<String> allLabels() {
        List<String> all = new ArrayList<>(perRunner ? Catalogue.RUNNER_LABELS : List.of());
        all.addAll(perRunner ? Catalogue.NODE_LABELS : List.of());
        all.addAll(labels);
        all.addAll(optionalLabels);
        return all;
    }

    /** The sample name to query: {@code x_total} for counters, the family name for gauges. */
    public String series() {
        return switch (type) {
            case COUNTER -> name + "_total";
            case GAUGE -> name;
            case HISTOGRAM -> throw new IllegalStateException(name + " is a histogram: use bucket(), sum() or count()");
        };
    }

    public String bucket() {
        requireHistogram();
        return name + "_bucket";
    }

    public String sum() {
        requireHistogram();
        return name + "_sum";
    }

    public String count() {
        requireHistogram();
        return name + "_count";
    }

    /** Every sample name this family produces, for checking that a query names only declared metrics. */
    public List<String> sampleNames() {
        return switch (type) {
            case COUNTER -> List.of(name + "_total");
            case GAUGE -> List.of(name);
            case HISTOGRAM -> List.of(bucket(), sum(), count());
        };
    }

    private void requireHistogram() {
        if (type != MetricType.HISTOGRAM) {
            throw new IllegalStateException(name + " is not a histogram");
        }
    }
}
