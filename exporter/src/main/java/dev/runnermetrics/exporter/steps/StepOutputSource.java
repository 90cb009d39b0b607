package dev.runnermetrics.exporter.steps;

/** Where the lines of job step output come from. Not thread-safe: the caller serialises access. */
public interface StepOutputSource extends AutoCloseable {

    /** Receives each complete line with the stream it belongs to, in the order the runner wrote them. */
    @FunctionalInterface
    interface LineSink {
        void accept(StepStream stream, String line);
    }

    /**
     * Reads whatever is new.
     *
     * @return whether anything changed that the state file keeps (lines read, files found or gone)
     */
    boolean poll(JobView jobs, LineSink sink);

    /** Whether the runner has step output folders at all; until then nothing about step output is known. */
    boolean known();

    /** Lets go of open files. */
    @Override
    void close();
}
