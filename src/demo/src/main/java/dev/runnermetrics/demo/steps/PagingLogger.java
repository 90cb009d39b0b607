package dev.runnermetrics.demo.steps;

import java.nio.charset.StandardCharsets;

/** One timeline record's PagingLogger. */
public final class PagingLogger {
    final JobPages owner;
    final String record;
    final PagingLogger parent; // the job's logger, for a step's (ExecutionContext.Write writes to both)
    BufferedFile page, block;
    int pageCount, blockCount;
    long pageBytes, blockBytes;

    PagingLogger(JobPages owner, String record, PagingLogger parent) {
        this.owner = owner;
        this.record = record;
        this.parent = parent;
    }

    void write(String message) {
        if (page == null) newPage(); // lazily, on the first line
        if (block == null) newBlock();
        String line = StepOutput.ROUND_TRIP.format(owner.clock.now()) + " " + message;
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8); // WriteLine: "\n" on Linux
        page.append(bytes);
        block.append(bytes);
        int count = bytes.length - 1;
        pageBytes += count;
        blockBytes += count;
        if (pageBytes >= StepOutput.PAGE_SIZE) newPage();
        if (blockBytes >= StepOutput.BLOCK_SIZE) newBlock();
    }

    void end() {
        endPage();
        endBlock();
    }

    private void newPage() {
        endPage();
        pageBytes = 0;
        page = new BufferedFile(owner.pagesDir.resolve(owner.job.timelineId + "_" + record + "_" + (++pageCount) + ".log"));
        owner.pages++;
    }

    private void endPage() {
        if (page != null) {
            page.close();
            owner.queueUpload(page.path);
            page = null;
        }
    }

    private void newBlock() {
        endBlock();
        blockBytes = 0;
        block = new BufferedFile(owner.blocksDir.resolve(owner.job.timelineId + "_" + record + "." + (++blockCount)));
        owner.blocks++;
    }

    private void endBlock() {
        if (block != null) {
            block.close();
            BufferedFile.delete(block.path); // QueueResultsUpload without a results client: deleted at once
            block = null;
        }
    }
}
