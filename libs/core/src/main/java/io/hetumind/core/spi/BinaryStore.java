package io.hetumind.core.spi;

import io.hetumind.core.model.BinaryRef;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where binary attachments live, so items carry only a {@link BinaryRef}. Nodes reach it with
 * {@code ctx.service(BinaryStore.class)}. Implementations: filesystem here, S3 in the cloud.
 */
public interface BinaryStore {

    /** Stores {@code data} for an execution and returns its reference with metadata filled in. */
    BinaryRef put(String executionId, InputStream data, String mimeType, String fileName) throws IOException;

    /** Opens stored bytes; the caller closes the stream. */
    InputStream open(BinaryRef ref) throws IOException;

    default byte[] read(BinaryRef ref) throws IOException {
        try (InputStream in = open(ref)) {
            return in.readAllBytes();
        }
    }

    /** Deletes everything stored for an execution. */
    void deleteExecution(String executionId) throws IOException;
}
