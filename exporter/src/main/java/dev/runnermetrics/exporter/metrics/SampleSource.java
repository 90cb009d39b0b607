package dev.runnermetrics.exporter.metrics;

/** Something that knows figures: it writes them at each scrape, what it does not know it leaves out (absent, not 0). */
@FunctionalInterface
public interface SampleSource {

    void expose(Samples samples);
}
