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

    /**
     * Makes {@code ref}'s bytes the execution's too: a reference under {@code executionId} with the same metadata, which
     * stays when what first held the bytes is deleted (a sub-workflow's or a retry's input, a listener's attachments).
     * This default reads and stores them again; a store that can share bytes does so.
     */
    default BinaryRef copyTo(String executionId, BinaryRef ref) throws IOException {
        BinaryRef copy;
        try (InputStream in = open(ref)) {
            copy = put(executionId, in, ref.mimeType(), ref.fileName());
        }
        return ref.withId(copy.id());
    }

    /** Deletes everything stored for an execution. */
    void deleteExecution(String executionId) throws IOException;

    /** A namespace (what {@link #put} was given as the execution id) and when it last changed. */
    record Namespace(String name, java.time.Instant modified) {}

    /**
     * The namespaces kept here, so a host can sweep those whose execution is gone; empty for a store that cannot list
     * them (one whose objects expire by themselves).
     */
    default java.util.List<Namespace> namespaces() throws IOException {
        return java.util.List.of();
    }
}
