package io.hetumind.studio.testsupport;

import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.spi.BinaryStore;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * TEST-ONLY stand-in for the executions area's binary store until it is merged: files in a temporary directory. A
 * {@code @DefaultBean}, replaced by the real producer.
 */
@ApplicationScoped
public class StandInBinaryStore {
    @Produces
    @DefaultBean
    @ApplicationScoped
    BinaryStore binaries() {
        try {
            return new FileBinaryStore(Files.createTempDirectory("hetumind-test-binaries"), 16 * 1024 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
