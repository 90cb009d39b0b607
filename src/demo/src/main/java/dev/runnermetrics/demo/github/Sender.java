package dev.runnermetrics.demo.github;

/** Where the demo's deliveries go: the exporter's receiver over HTTP, or a list in a test. */
public interface Sender extends AutoCloseable {

    /** Queues one delivery; deliveries go out in the order they were queued. */
    void send(String event, String body);

    @Override
    void close();
}
