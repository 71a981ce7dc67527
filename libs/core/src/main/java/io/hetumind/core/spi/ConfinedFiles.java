package io.hetumind.core.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * File access kept inside declared roots: what a node gets through {@code ctx.service(ConfinedFiles.class)} when its
 * host confines it (node plugins get one holding the roots they declare). Paths are resolved against the first root
 * of the kind when relative, normalized, and checked with symbolic links followed (the real path of the file, or of
 * its nearest existing parent), so {@code ..} and a link pointing out of a root are refused. A write root may also be
 * read.
 */
public final class ConfinedFiles {

    /** Reading or writing. */
    public enum Access {
        READ,
        WRITE
    }

    private final List<Path> readRoots;
    private final List<Path> writeRoots;
    private final String who;

    private ConfinedFiles(List<Path> readRoots, List<Path> writeRoots, String who) {
        this.readRoots = readRoots;
        this.writeRoots = writeRoots;
        this.who = who;
    }

    /**
     * Files under {@code readRoots} (read) and {@code writeRoots} (read and write); {@code who} names the party in
     * refusals (e.g. "plugin acme-report@1.0.0").
     */
    public static ConfinedFiles of(List<Path> readRoots, List<Path> writeRoots, String who) {
        List<Path> write = writeRoots.stream().map(ConfinedFiles::root).toList();
        List<Path> read =
                new ArrayList<>(readRoots.stream().map(ConfinedFiles::root).toList());
        read.addAll(write);
        return new ConfinedFiles(List.copyOf(read), write, who);
    }

    /** The checked, absolute path of {@code path} for {@code access}. */
    public Path path(String path, Access access) {
        List<Path> roots = access == Access.READ ? readRoots : writeRoots;
        if (path == null || path.isBlank() || roots.isEmpty()) {
            throw refused(path, access);
        }
        Path p = Path.of(path);
        Path abs = (p.isAbsolute() ? p : roots.getFirst().resolve(p)).normalize();
        Path real = real(abs);
        for (Path root : roots) {
            if (real != null && real.startsWith(root)) {
                return real;
            }
        }
        throw refused(path, access);
    }

    public byte[] read(String path) throws IOException {
        return Files.readAllBytes(path(path, Access.READ));
    }

    public InputStream newInputStream(String path) throws IOException {
        return Files.newInputStream(path(path, Access.READ));
    }

    /** Writes {@code data}, creating missing parent folders inside the root, replacing an existing file. */
    public void write(String path, byte[] data) throws IOException {
        Path p = path(path, Access.WRITE);
        Files.createDirectories(p.getParent());
        Files.write(p, data);
    }

    public OutputStream newOutputStream(String path) throws IOException {
        Path p = path(path, Access.WRITE);
        Files.createDirectories(p.getParent());
        return Files.newOutputStream(p);
    }

    /** The names in folder {@code path}, sorted. */
    public List<String> list(String path) throws IOException {
        try (Stream<Path> s = Files.list(path(path, Access.READ))) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    public boolean exists(String path) {
        return Files.exists(path(path, Access.READ));
    }

    private NodeException refused(String path, Access access) {
        List<Path> roots = access == Access.READ ? readRoots : writeRoots;
        return NodeException.user("refused to " + (access == Access.READ ? "read " : "write ") + path + " — " + who
                + " may only " + (access == Access.READ ? "read" : "write") + " files under the roots it declares ("
                + (roots.isEmpty()
                        ? "none"
                        : String.join(", ", roots.stream().map(Path::toString).toList())) + ")");
    }

    private static Path root(Path p) {
        Path real = real(p);
        return real == null ? p.toAbsolutePath().normalize() : real;
    }

    /** The real path of {@code p}: that of its nearest existing ancestor with the rest appended. */
    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return null; // a dangling link or an unreadable folder: refused, never guessed
        }
    }

    @Override
    public String toString() {
        return "ConfinedFiles[read " + readRoots + ", write " + writeRoots + "]";
    }
}
