package dev.runnermetrics.exporter.app;

import io.quarkus.arc.DefaultBean;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.time.Clock;

/** Time and file system as beans, so tests can replace them. */
@Singleton
public class Platform {

    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @DefaultBean
    @Singleton
    FileSystem fileSystem() {
        return FileSystems.getDefault();
    }
}
