package dev.runnermetrics.exporter.tail;

/**
 * Where reading of one log file stands. {@code fileKey} (inode) and the CRC of the file's first
 * {@code headLength} bytes tell a recreated file from the old one of the same name, even when the file system reuses
 * the inode; {@code jobKey} is the job a Worker log belongs to once its job message has been read. {@code offset} is
 * where a restart resumes (before an entry still held), {@code readOffset} how far the counts saved with it go: the
 * lines between the two are read again only to rebuild what was held (0 in files from before it was kept).
 */
public record FileCursor(String fileKey, long headLength, long headCrc, long offset, boolean skipping,
        String jobKey, long readOffset) {
}
