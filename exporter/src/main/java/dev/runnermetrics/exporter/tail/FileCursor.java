package dev.runnermetrics.exporter.tail;

/**
 * Where reading of one log file stands. {@code fileKey} (inode) and the CRC of the file's first
 * {@code headLength} bytes tell a recreated file from the old one of the same name, even when the file system reuses
 * the inode; {@code jobKey} is the job a Worker log belongs to once its job message has been read.
 */
public record FileCursor(String fileKey, long headLength, long headCrc, long offset, boolean skipping,
        String jobKey) {
}
