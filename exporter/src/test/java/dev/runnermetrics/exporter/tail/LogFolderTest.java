package dev.runnermetrics.exporter.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real folders, files and links: what the one lister and opener of the logs refuses, also when swapped late. */
class LogFolderTest {

    private static final String LOG = "Runner_20261101-100000-utc.log";

    @TempDir
    Path tmp;

    private Path folder(String name, String content) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve(LOG), content, StandardCharsets.UTF_8);
        return dir;
    }

    private static String read(FileChannel channel) throws IOException {
        try (channel) {
            ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read fully
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        }
    }

    private boolean secureStreams() throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(tmp)) {
            return stream instanceof SecureDirectoryStream;
        }
    }

    @Test
    void aRegularFileIsListedAndRead() throws IOException {
        try (LogFolder folder = LogFolder.open(folder("_diag", "mine\n"))) {
            assertEquals(List.of(LOG), folder.names());
            assertEquals("mine\n", read(folder.open(LOG)));
        }
    }

    @Test
    void aLinkIsListedButNeitherReadNorTakenForARegularFile() throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret"), "shadow\n");
        Path diag = Files.createDirectories(tmp.resolve("_diag"));
        Files.createSymbolicLink(diag.resolve(LOG), secret);
        try (LogFolder folder = LogFolder.open(diag)) {
            assertEquals(List.of(LOG), folder.names());
            assertEquals(true, folder.attributes(LOG).isSymbolicLink(), "the link's own attributes");
            assertThrows(LogFolder.NotRegularFileException.class, () -> folder.regularFile(LOG));
            assertThrows(LogFolder.NotRegularFileException.class, () -> folder.open(LOG));
        }
    }

    @Test
    void aFileSwappedForALinkAfterTheListingIsNotOpened() throws IOException {
        Path diag = folder("_diag", "mine\n");
        Path secret = Files.writeString(tmp.resolve("secret"), "shadow\n");
        try (LogFolder folder = LogFolder.open(diag)) {
            assertEquals(List.of(LOG), folder.names());
            Files.delete(diag.resolve(LOG));
            Files.createSymbolicLink(diag.resolve(LOG), secret);
            assertThrows(LogFolder.NotRegularFileException.class, () -> folder.open(LOG));
        }
    }

    @Test
    void aFolderThatIsALinkIsNotOpenedButItsParentsAreFollowed() throws IOException {
        Path real = folder("real", "mine\n");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        assertThrows(LogFolder.NotRegularFileException.class, () -> LogFolder.open(link));
        Path parentLink = Files.createSymbolicLink(tmp.resolve("root"), tmp);
        try (LogFolder folder = LogFolder.open(parentLink.resolve("real"))) {
            assertEquals("mine\n", read(folder.open(LOG)), "a link above the folder (the configured root) is followed");
        }
    }

    @Test
    void aSubFolderThatIsALinkIsNotOpened() throws IOException {
        Path diag = folder("_diag", "mine\n");
        Path outside = folder("outside", "shadow\n");
        Files.createSymbolicLink(diag.resolve("pages"), outside);
        try (LogFolder folder = LogFolder.open(diag)) {
            assertThrows(LogFolder.NotRegularFileException.class, () -> folder.folder("pages"));
        }
    }

    @Test
    void aFolderSwappedForALinkAfterItWasOpenedIsStillTheOneRead() throws IOException {
        assumeTrue(secureStreams(), "files are opened relative to the open folder only where the OS allows it");
        Path diag = folder("_diag", "mine\n");
        Path outside = folder("outside", "shadow\n");
        try (LogFolder folder = LogFolder.open(diag)) {
            Files.move(diag, tmp.resolve("moved-aside"));
            Files.createSymbolicLink(diag, outside);
            assertEquals("mine\n", read(folder.open(LOG)));
        }
        try (LogFolder folder = LogFolder.open(Files.createDirectories(tmp.resolve("d2")))) {
            Files.createDirectories(tmp.resolve("d2/pages"));
            Files.move(tmp.resolve("d2/pages"), tmp.resolve("pages-aside"));
            Files.createSymbolicLink(tmp.resolve("d2/pages"), outside);
            assertThrows(LogFolder.NotRegularFileException.class, () -> folder.folder("pages"));
        }
    }

    @Test
    void aFifoNamedLikeALogIsNotOpened() throws IOException, InterruptedException {
        Path diag = Files.createDirectories(tmp.resolve("_diag"));
        Process mkfifo = new ProcessBuilder("mkfifo", diag.resolve(LOG).toString()).start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");
        try (LogFolder folder = LogFolder.open(diag)) {
            // Opening a FIFO for reading would block until a writer comes: it is refused before.
            assertThrows(LogFolder.NotRegularFileException.class, () -> folder.open(LOG));
        }
    }
}
