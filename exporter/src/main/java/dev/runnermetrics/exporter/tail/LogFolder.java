package dev.runnermetrics.exporter.tail;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The one way the exporter lists and opens the files of a folder it reads ({@code _diag}, {@code pages},
 * {@code blocks}): no symbolic link is followed out of it. The folder's own path is followed up to its parent (the
 * runner root as configured, resolved at start); the folder itself, its sub-folders and its files are taken only as
 * what they are, never through a link: a link is {@link NotRegularFileException}, so a {@code Runner_x.log} linked to
 * {@code /etc/shadow} is not read. Where the file system offers a {@link SecureDirectoryStream} (Linux), every file is
 * opened and looked at relative to the open folder with {@code O_NOFOLLOW}, so an entry or the folder itself swapped
 * for a link after it was checked is not followed either. Elsewhere the last component is opened with
 * {@code NOFOLLOW_LINKS}. Hard links cannot be told from the file by its path and are not caught. Not thread-safe;
 * open one per read and close it after.
 */
public final class LogFolder implements Closeable {

    /** An entry that is a symbolic link, or no regular file (folder) at all: not read. */
    public static final class NotRegularFileException extends FileSystemException {
        private static final long serialVersionUID = 1L;

        NotRegularFileException(Path path) {
            super(path.toString(), null, "a symbolic link or no regular file: not read");
        }
    }

    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private final Path path;
    private final DirectoryStream<Path> stream;
    /** Null when the file system has no secure stream: then paths are used, the last component not followed. */
    private final SecureDirectoryStream<Path> secure;

    private LogFolder(Path path, DirectoryStream<Path> stream) {
        this.path = path;
        this.stream = stream;
        this.secure = stream instanceof SecureDirectoryStream<Path> s ? s : null;
    }

    /**
     * Opens the folder at {@code path}, following its parents but not the folder itself.
     *
     * @throws NoSuchFileException when it does not exist
     * @throws NotRegularFileException when it is a symbolic link or no folder
     */
    public static LogFolder open(Path path) throws IOException {
        BasicFileAttributes before = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
        if (!before.isDirectory()) {
            throw new NotRegularFileException(path);
        }
        DirectoryStream<Path> stream;
        try {
            stream = Files.newDirectoryStream(path);
        } catch (NotDirectoryException e) {
            throw new NotRegularFileException(path);
        }
        LogFolder folder = new LogFolder(path, stream);
        // Swapped for a link between the check and the open: the folder opened is not the one checked.
        if (folder.secure != null && before.fileKey() != null && !before.fileKey().equals(
                folder.secure.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey())) {
            folder.close();
            throw new NotRegularFileException(path);
        }
        return folder;
    }

    public Path path() {
        return path;
    }

    /** The path of an entry, for messages and for callers that keep a name. */
    public Path resolve(String name) {
        return path.resolve(name);
    }

    /**
     * The names of the folder's entries, whatever they are (use {@link #regularFile} before reading one). Call once:
     * the folder's listing cannot be read twice.
     */
    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        try {
            for (Path entry : stream) {
                names.add(entry.getFileName().toString());
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        return names;
    }

    /** The entry's own attributes; a link's are its own, not its target's. */
    public BasicFileAttributes attributes(String name) throws IOException {
        if (secure != null) {
            return secure.getFileAttributeView(relative(name), BasicFileAttributeView.class, NOFOLLOW)
                    .readAttributes();
        }
        return Files.readAttributes(path.resolve(name), BasicFileAttributes.class, NOFOLLOW);
    }

    /**
     * The entry's attributes when it is a regular file.
     *
     * @throws NotRegularFileException when it is a symbolic link or no regular file
     */
    public BasicFileAttributes regularFile(String name) throws IOException {
        BasicFileAttributes attributes = attributes(name);
        if (!attributes.isRegularFile()) {
            throw new NotRegularFileException(path.resolve(name));
        }
        return attributes;
    }

    /**
     * Opens a regular file of the folder for reading, never through a link (one swapped in after a check fails
     * here). The channel stays valid after the folder is closed.
     *
     * @throws NotRegularFileException when it is a symbolic link or no regular file
     */
    public FileChannel open(String name) throws IOException {
        regularFile(name); // a FIFO would block the open: only regular files are opened
        try {
            if (secure != null) {
                SeekableByteChannel channel = secure.newByteChannel(relative(name), READ);
                if (channel instanceof FileChannel file) {
                    return file;
                }
                channel.close();
                throw new IOException("no file channel for " + path.resolve(name));
            }
            return FileChannel.open(path.resolve(name), READ);
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw e;
        } catch (FileSystemException e) {
            // O_NOFOLLOW on a link fails with ELOOP: swapped for a link since the check.
            if (!attributes(name).isRegularFile()) {
                throw new NotRegularFileException(path.resolve(name));
            }
            throw e;
        }
    }

    /**
     * Opens a sub-folder, never through a link.
     *
     * @throws NoSuchFileException when it does not exist
     * @throws NotRegularFileException when it is a symbolic link or no folder
     */
    public LogFolder folder(String name) throws IOException {
        if (secure == null) {
            return open(path.resolve(name));
        }
        if (!attributes(name).isDirectory()) {
            throw new NotRegularFileException(path.resolve(name));
        }
        try {
            return new LogFolder(path.resolve(name), secure.newDirectoryStream(relative(name), NOFOLLOW));
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw e;
        } catch (FileSystemException e) {
            throw new NotRegularFileException(path.resolve(name)); // ELOOP or ENOTDIR: swapped since the check
        }
    }

    private Path relative(String name) {
        Path relative = path.getFileSystem().getPath(name);
        // Only a name of this folder: never a path that leads out of it.
        if (relative.isAbsolute() || relative.getNameCount() != 1 || Objects.equals(name, "..")) {
            throw new IllegalArgumentException("not a file name: " + name);
        }
        return relative;
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
