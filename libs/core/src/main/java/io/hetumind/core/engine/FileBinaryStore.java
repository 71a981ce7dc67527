package io.hetumind.core.engine;

import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.spi.BinaryStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** Binary attachments as files under {@code root/<executionId>/<uuid>}; ids cannot escape the root. */
public final class FileBinaryStore implements BinaryStore {

    private final Path root;
    private final long maxBytes;

    /** {@code maxBytes} bounds one attachment (a larger one is refused, nothing is kept). */
    public FileBinaryStore(Path root, long maxBytes) {
        this.root = root.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
    }

    @Override
    public BinaryRef put(String executionId, InputStream data, String mimeType, String fileName) throws IOException {
        Path dir = root.resolve(safe(executionId));
        Files.createDirectories(dir);
        String name = UUID.randomUUID().toString();
        Path tmp = dir.resolve(name + ".part");
        long size;
        try (var out = Files.newOutputStream(tmp)) {
            size = copyBounded(data, out);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return BinaryRef.stored(executionId + "/" + name, mimeType, fileName, size);
    }

    private long copyBounded(InputStream in, java.io.OutputStream out) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > maxBytes) {
                throw new IOException("binary data larger than the limit of " + maxBytes + " bytes");
            }
            out.write(buf, 0, n);
        }
        return total;
    }

    @Override
    public InputStream open(BinaryRef ref) throws IOException {
        String[] parts = ref.id() == null ? new String[0] : ref.id().split("/");
        if (parts.length != 2) {
            throw new IOException("invalid binary reference '" + ref.id() + "'");
        }
        return Files.newInputStream(root.resolve(safe(parts[0])).resolve(safe(parts[1])));
    }

    /** A hard link when the file system allows one (no bytes copied; deleting either side keeps the other). */
    @Override
    public BinaryRef copyTo(String executionId, BinaryRef ref) throws IOException {
        String[] parts = ref.id() == null ? new String[0] : ref.id().split("/");
        if (parts.length != 2) {
            throw new IOException("invalid binary reference '" + ref.id() + "'");
        }
        Path source = root.resolve(safe(parts[0])).resolve(safe(parts[1]));
        Path dir = root.resolve(safe(executionId));
        Files.createDirectories(dir);
        String name = UUID.randomUUID().toString();
        try {
            Files.createLink(dir.resolve(name), source);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException notHere) {
            if (!Files.exists(source)) {
                throw new java.nio.file.NoSuchFileException(ref.id(), null, "binary data is no longer stored");
            }
            Path tmp = dir.resolve(name + ".part");
            Files.copy(source, tmp);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }
        return ref.withId(executionId + "/" + name);
    }

    @Override
    public void deleteExecution(String executionId) throws IOException {
        Path dir = root.resolve(safe(executionId));
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Each namespace's directory, with when a file was last added to or removed from it. */
    @Override
    public List<Namespace> namespaces() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Namespace> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (BinaryRef.ID_PART.matcher(name).matches() && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        out.add(new Namespace(
                                name,
                                Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS)
                                        .toInstant()));
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // deleted meanwhile
                    }
                }
            }
        }
        return out;
    }

    private static String safe(String part) throws IOException {
        if (part == null || !BinaryRef.ID_PART.matcher(part).matches()) {
            throw new IOException("invalid binary id part '" + part + "'");
        }
        return part;
    }
}
