package io.hetumind.nodes.ftp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** One open connection to an FTP or SFTP server, as the FTP node uses it. */
interface RemoteFiles extends AutoCloseable {

    /** The entries of directory {@code path} (without "." and ".."), in n8n's shape for the protocol. */
    List<Entry> list(String path) throws IOException;

    byte[] read(String path, long maxBytes) throws IOException;

    /**
     * The file at {@code path} read in chunks of {@code chunkSize} bytes, {@code readers} at a time (n8n's SFTP
     * fastGet); a protocol without such reads reads it in one stream.
     */
    default byte[] readConcurrently(String path, long maxBytes, int readers, int chunkSize) throws IOException {
        return read(path, maxBytes);
    }

    /** Writes {@code data} to {@code path}, creating the parent directories. */
    void write(String path, InputStream data) throws IOException;

    void delete(String path) throws IOException;

    /** Removes directory {@code path}; its content too when {@code recursive}. */
    void rmdir(String path, boolean recursive) throws IOException;

    void rename(String from, String to, boolean createDirectories) throws IOException;

    @Override
    void close();

    /** A listed entry: n8n's JSON for it, and whether it is a directory to descend into. */
    record Entry(String name, boolean directory, ObjectNode json) {}
}
