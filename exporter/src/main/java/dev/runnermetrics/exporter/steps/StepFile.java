package dev.runnermetrics.exporter.steps;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file of step output, named as actions/runner's PagingLogger names it: {@code pages/TIMELINE_RECORD_N.log}
 * (8 MB pages, uploaded and deleted when full or when the step ends) and {@code blocks/TIMELINE_RECORD.N} (2 MB blocks
 * for the results service, same lines). TIMELINE is the job's timeline, RECORD the step's record, N counts from 1.
 */
record StepFile(Kind kind, String name, String timeline, String record, int number) {

    /** The two folders; pages are read in preference to blocks. */
    enum Kind {
        PAGES("pages", Pattern.compile("([0-9a-fA-F-]{36})_([0-9a-fA-F-]{36})_(\\d{1,9})\\.log")),
        BLOCKS("blocks", Pattern.compile("([0-9a-fA-F-]{36})_([0-9a-fA-F-]{36})\\.(\\d{1,9})"));

        final String folder;
        private final Pattern name;

        Kind(String folder, Pattern name) {
            this.folder = folder;
            this.name = name;
        }
    }

    static Optional<StepFile> of(Kind kind, String name) {
        Matcher m = kind.name.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new StepFile(kind, name, m.group(1), m.group(2), Integer.parseInt(m.group(3))));
    }

    /** The key of this file's cursor in the state file. */
    String key() {
        return kind.folder + "/" + name;
    }

    /** The timeline record whose output this file holds. */
    String stream() {
        return timeline + "_" + record;
    }
}
