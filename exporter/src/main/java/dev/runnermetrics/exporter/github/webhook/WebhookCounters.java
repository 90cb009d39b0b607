package dev.runnermetrics.exporter.github.webhook;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.catalogue.MetricSpec;
import io.prometheus.client.Collector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The receiver's self-metrics, declared in the catalogue ({@link Catalogue#WEBHOOK_DELIVERIES},
 * {@link Catalogue#WEBHOOK_PROCESSING_FAILURES}) and emitted at scrape time. The event label takes only the events
 * the receiver knows and {@code other}, so nobody can grow series by sending made-up event names.
 */
public final class WebhookCounters extends Collector {

    /** Events handed to the sink; push carries the commit times that lead time needs. */
    public static final Set<String> USED_EVENTS = Set.of("workflow_job", "workflow_run", "deployment",
            "deployment_status", "push");
    static final String PING = "ping";
    static final String OTHER = "other";

    /** Outcomes, as the {@code outcome} label. */
    public enum Outcome {
        ACCEPTED, DUPLICATE, IGNORED, REJECTED_SIGNATURE, TOO_LARGE, MALFORMED, QUEUE_FULL;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private record Key(String event, Outcome outcome) {
    }

    private final Map<Key, LongAdder> deliveries = new ConcurrentHashMap<>();
    private final LongAdder processingFailures = new LongAdder();

    public WebhookCounters() {
        // Known zeros, so increase() sees the first accepted delivery of each event the receiver uses.
        USED_EVENTS.forEach(e -> deliveries.put(new Key(e, Outcome.ACCEPTED), new LongAdder()));
    }

    /** The bounded event label for a header value (null when the header is missing). */
    public static String eventLabel(String event) {
        return event != null && (USED_EVENTS.contains(event) || PING.equals(event)) ? event : OTHER;
    }

    public void count(String event, Outcome outcome) {
        deliveries.computeIfAbsent(new Key(eventLabel(event), outcome), k -> new LongAdder()).increment();
    }

    public void processingFailed() {
        processingFailures.increment();
    }

    public long deliveries(String event, Outcome outcome) {
        LongAdder n = deliveries.get(new Key(eventLabel(event), outcome));
        return n == null ? 0 : n.sum();
    }

    @Override
    public List<MetricFamilySamples> collect() {
        MetricSpec spec = Catalogue.WEBHOOK_DELIVERIES;
        List<MetricFamilySamples.Sample> samples = new ArrayList<>();
        Map<String, Long> sorted = new TreeMap<>();
        deliveries.forEach((k, n) -> sorted.put(k.event() + "\u0000" + k.outcome().label(), n.sum()));
        sorted.forEach((k, n) -> {
            String[] parts = k.split("\u0000", 2);
            samples.add(new MetricFamilySamples.Sample(spec.series(), spec.allLabels(), List.of(parts[0], parts[1]),
                    n));
        });
        MetricSpec failures = Catalogue.WEBHOOK_PROCESSING_FAILURES;
        return List.of(
                new MetricFamilySamples(spec.name(), spec.unit(), Type.COUNTER, spec.help(), samples),
                new MetricFamilySamples(failures.name(), failures.unit(), Type.COUNTER, failures.help(),
                        List.of(new MetricFamilySamples.Sample(failures.series(), List.of(), List.of(),
                                processingFailures.sum()))));
    }
}
