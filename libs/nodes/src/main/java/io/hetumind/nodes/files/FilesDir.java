package io.hetumind.nodes.files;

import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResources;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one local directory that file nodes may read, set by the host: a {@code FilesDir} service
 * on the engine, else system property {@code hetumind.files.dir}, else environment variable
 * {@code HETUMIND_FILES_DIR}. Unset means no local file access at all.
 */
public record FilesDir(Path base) {

    public static final String PROPERTY = "hetumind.files.dir";
    public static final String ENV = "HETUMIND_FILES_DIR";

    /** The directory for this run, or a user error saying how to configure one. */
    static FilesDir resolve(NodeResources ctx) {
        return resolve(ctx.service(FilesDir.class));
    }

    /** The directory a host registered, else the configured one, or a user error saying how to configure one. */
    static FilesDir resolve(java.util.Optional<FilesDir> registered) {
        return registered.orElseGet(() -> {
            String dir = System.getProperty(PROPERTY, System.getenv(ENV));
            if (dir == null || dir.isBlank()) {
                throw NodeException.user("reading local files is disabled on this host: set " + ENV
                        + " (or system property " + PROPERTY + ") to the directory workflows may read");
            }
            return new FilesDir(Path.of(dir));
        });
    }

    /**
     * The regular files matching glob {@code selector} (absolute, or relative to the base), sorted.
     * Every match must lie inside the base after resolving symbolic links; anything else is refused.
     */
    List<Path> glob(String selector) throws IOException {
        Path root = realBase();
        Path pattern;
        try {
            pattern = root.resolve(selector).normalize();
        } catch (InvalidPathException e) {
            throw NodeException.user("parameter 'fileSelector': '" + selector + "' is not a valid path");
        }
        if (!pattern.startsWith(root)) {
            throw outside(selector);
        }
        Path start = fixedPrefix(root, pattern);
        if (!Files.isDirectory(start) && !Files.isRegularFile(start)) {
            return List.of();
        }
        if (!start.toRealPath().startsWith(root)) {
            throw outside(selector);
        }
        String rel = root.relativize(pattern).toString();
        String glob = root.toString().replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1") + (rel.isEmpty() ? "" : "/" + rel);
        List<PathMatcher> matchers =
                new ArrayList<>(List.of(FileSystems.getDefault().getPathMatcher("glob:" + glob)));
        if (glob.contains("/**/")) {
            // fast-glob's "**/" also matches no directory at all; Java's glob needs one
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.replace("/**/", "/")));
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(start)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)
                        && !hidden(start, p)
                        && matchers.stream().anyMatch(m -> m.matches(p))) {
                    if (!p.toRealPath().startsWith(root)) {
                        throw outside(root.relativize(p).toString());
                    }
                    out.add(p);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Where a file named {@code fileName} (absolute, or relative to the base) may be written: inside the base once
     * its folder's real path is known. The folder must exist (as in n8n, none is created); an existing target must
     * be a regular file and not a symbolic link. The returned path is the real folder plus the file's name, so a
     * link in the folders cannot lead outside.
     */
    Path writable(String fileName, int itemIndex) {
        try {
            Path root = realBase();
            Path wanted;
            try {
                wanted = root.resolve(fileName).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw NodeException.user("parameter 'fileName': '" + fileName + "' is not a valid path", itemIndex);
            }
            Path parent = wanted.getParent();
            if (parent == null || wanted.getFileName() == null || !wanted.startsWith(root) || wanted.equals(root)) {
                throw outsideWrite(fileName, itemIndex);
            }
            if (!Files.isDirectory(parent)) {
                throw NodeException.user(
                        "the folder of '" + fileName + "' does not exist in the files directory [item " + itemIndex
                                + "]",
                        itemIndex);
            }
            Path realParent = parent.toRealPath();
            if (!realParent.startsWith(root)) {
                throw outsideWrite(fileName, itemIndex);
            }
            Path target = realParent.resolve(wanted.getFileName());
            if (Files.isSymbolicLink(target)) {
                throw NodeException.user(
                        "Symlinks are not allowed: '" + fileName + "' [item " + itemIndex + "]", itemIndex);
            }
            if (Files.exists(target) && !Files.isRegularFile(target)) {
                throw NodeException.user(
                        "The path is not a regular file: '" + fileName + "' [item " + itemIndex + "]", itemIndex);
            }
            return target;
        } catch (IOException e) {
            throw NodeException.operational(
                    "could not resolve '" + fileName + "': " + e.getMessage() + " [item " + itemIndex + "]", e);
        }
    }

    private static NodeException outsideWrite(String fileName, int itemIndex) {
        return NodeException.user(
                "The file \"" + fileName + "\" is not writable: it lies outside the files directory this host allows"
                        + " [item " + itemIndex + "]",
                itemIndex);
    }

    /**
     * The regular file at {@code path} (absolute, or relative to the base) for reading, taken as written (no glob).
     * A path outside the base, a symbolic link anywhere on the way, a directory or a missing file is a user error
     * naming parameter {@code param} and the item.
     */
    Path readable(String path, String param, int itemIndex) throws IOException {
        Path root = realBase();
        Path wanted;
        try {
            wanted = root.resolve(path).normalize();
        } catch (InvalidPathException e) {
            throw NodeException.user(
                    "parameter '" + param + "': '" + path + "' is not a valid path [item " + itemIndex + "]",
                    itemIndex);
        }
        if (!wanted.startsWith(root) || wanted.equals(root)) {
            throw NodeException.user(
                    "parameter '" + param + "': '" + path + "' reaches outside the files directory this host allows"
                            + " [item " + itemIndex + "]",
                    itemIndex);
        }
        if (!Files.exists(wanted, LinkOption.NOFOLLOW_LINKS)) {
            throw NodeException.user(
                    "The file \"" + path + "\" could not be accessed. [item " + itemIndex + "]", itemIndex);
        }
        if (Files.isSymbolicLink(wanted) || !wanted.toRealPath().equals(wanted)) {
            throw NodeException.user("Symlinks are not allowed: '" + path + "' [item " + itemIndex + "]", itemIndex);
        }
        if (!Files.isRegularFile(wanted, LinkOption.NOFOLLOW_LINKS)) {
            throw NodeException.user(
                    "parameter '" + param + "': '" + path + "' is not a file [item " + itemIndex + "]", itemIndex);
        }
        return wanted;
    }

    /**
     * The file or folder at {@code path} (absolute, or relative to the base) to watch, as written but normalized:
     * inside the base, and still inside once the links on its way are resolved (as far as it exists). A path outside
     * is a user error naming parameter {@code param}.
     */
    Path watchable(String path, String param) throws IOException {
        Path root = realBase();
        Path wanted;
        try {
            wanted = root.resolve(path).normalize();
        } catch (InvalidPathException e) {
            throw NodeException.user("parameter '" + param + "': '" + path + "' is not a valid path");
        }
        Path existing = wanted;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (!wanted.startsWith(root)
                || existing == null
                || !existing.toRealPath().startsWith(root)) {
            throw NodeException.user(
                    "parameter '" + param + "': '" + path + "' reaches outside the files directory this host allows");
        }
        return wanted;
    }

    /** The base with its links resolved, where every path a node touches must lie. */
    Path realBase() throws IOException {
        if (!Files.isDirectory(base)) {
            throw NodeException.user("the files directory '" + base + "' configured on this host does not exist");
        }
        return base.toRealPath();
    }

    /** The longest leading part of {@code pattern} without glob characters. */
    private static Path fixedPrefix(Path root, Path pattern) {
        Path prefix = root;
        for (Path part : root.relativize(pattern)) {
            if (part.toString().matches(".*[*?\\[\\]{}].*")) {
                break;
            }
            prefix = prefix.resolve(part);
        }
        return prefix;
    }

    /** fast-glob leaves out dot files and dot directories unless the pattern names them. */
    private static boolean hidden(Path start, Path p) {
        for (Path part : start.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static NodeException outside(String selector) {
        return NodeException.user(
                "parameter 'fileSelector': '" + selector + "' reaches outside the files directory this host allows");
    }
}
