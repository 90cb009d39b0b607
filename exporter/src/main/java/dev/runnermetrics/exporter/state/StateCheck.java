package dev.runnermetrics.exporter.state;

import dev.runnermetrics.catalogue.Catalogue;
import dev.runnermetrics.exporter.steps.PageCursor;
import dev.runnermetrics.exporter.tail.FileCursor;
import java.io.IOException;
import java.util.Map;

/**
 * Rejects a state file that parses but is not whole (hand edits, a file from another version): such a file is set
 * aside like an unparseable one instead of failing the start or every poll.
 */
final class StateCheck {

    private StateCheck() {
    }

    static void requireComplete(SavedState state) throws IOException {
        for (Map.Entry<String, SavedState.SavedRunner> entry : state.runners.entrySet()) {
            String where = "runner " + entry.getKey();
            SavedState.SavedRunner runner = present(entry.getValue(), where);
            for (Map.Entry<String, FileCursor> cursor : present(runner.cursors, where + " cursors").entrySet()) {
                FileCursor c = present(cursor.getValue(), where + " cursor " + cursor.getKey());
                present(c.fileKey(), where + " cursor " + cursor.getKey() + " fileKey");
                if (c.offset() < 0 || c.headLength() < 0) {
                    throw new IOException(where + " cursor " + cursor.getKey() + " has a negative offset");
                }
            }
            SavedState.SavedRunnerState s = present(runner.state, where + " state");
            present(s.finished, where + " finished jobs").values().forEach(v -> present(v, where + " finished job"));
            present(s.labelValues, where + " label values");
            present(s.labelOverflow, where + " label overflow");
            for (SavedState.SavedOpenJob job : present(s.open, where + " open jobs").values()) {
                present(job, where + " open job");
            }
            for (Map.Entry<?, SavedState.SavedSeries> series : present(s.series, where + " series").entrySet()) {
                SavedState.SavedSeries js = present(series.getValue(), where + " series " + series.getKey());
                long[] buckets = present(js.bucketCounts, where + " series buckets");
                if (buckets.length != Catalogue.JOB_DURATION_BUCKETS.size() + 1) {
                    throw new IOException(where + " series " + series.getKey() + " has " + buckets.length
                            + " buckets, the catalogue " + (Catalogue.JOB_DURATION_BUCKETS.size() + 1));
                }
            }
            requireComplete(present(runner.steps, where + " steps"), where);
        }
        for (SavedState.SavedTotal total : present(state.gone, "gone runners' totals")) {
            SavedState.SavedTotal t = present(total, "gone runners' total");
            present(t.family, "gone runners' total family");
            present(t.labels, "gone runners' total labels " + t.family);
        }
        for (Map.Entry<String, ?> part : present(state.features, "feature parts").entrySet()) {
            present(part.getValue(), "feature part " + part.getKey());
        }
    }

    private static void requireComplete(SavedState.SavedSteps steps, String where) throws IOException {
        for (Map.Entry<String, PageCursor> file : present(steps.files, where + " step files").entrySet()) {
            if (present(file.getValue(), where + " step file " + file.getKey()).offset() < 0) {
                throw new IOException(where + " step file " + file.getKey() + " has a negative offset");
            }
        }
        for (Map.Entry<String, SavedState.SavedStream> stream
                : present(steps.streams, where + " step streams").entrySet()) {
            SavedState.SavedStream s = present(stream.getValue(), where + " step stream " + stream.getKey());
            if (!"pages".equals(s.kind) && !"blocks".equals(s.kind)) {
                throw new IOException(where + " step stream " + stream.getKey() + " has kind " + s.kind);
            }
            present(s.pending, where + " step stream " + stream.getKey() + " pending").values()
                    .forEach(ids -> present(ids, where + " pending ids"));
            present(s.inputs, where + " step stream " + stream.getKey() + " inputs");
        }
        present(steps.cacheRequests, where + " cache requests").values()
                .forEach(c -> present(c, where + " cache count"));
    }

    private static <T> T present(T value, String what) {
        if (value == null) {
            throw new IllegalStateException(what + " is missing");
        }
        return value;
    }
}
