package io.hetumind.cli;

import io.hetumind.core.spi.NodeIndex;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import io.hetumind.sdk.plugin.PluginLoader;
import io.hetumind.sdk.plugin.Plugins;
import io.hetumind.sdk.plugin.RefusedPlugin;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The CLI's node registry. When the launcher names an index file ({@code -Dhetumind.node-index=…}), node types are
 * created on first use from that index instead of all at start — a hello-world run then sets up two nodes, not
 * fifty (no BouncyCastle, no RSA keys, no descriptor of nodes it does not run). The file starts with a fingerprint
 * of the class path's jars (path, size, modification time; see {@link #fingerprint}); when they change it is
 * rewritten from a full load. Without the property (tests, embedding) every type is loaded as before.
 *
 * <p>Plugin jars in the plugins directory are loaded on top ({@link PluginLoader}); with any present the built-in
 * types are all created (a clash check needs every type id), so the lazy index only speeds up plugin-free runs.
 */
final class NodeCatalog {

    static final String INDEX_PROPERTY = "hetumind.node-index";
    static final String PLUGINS_PROPERTY = "hetumind.plugins.dir";
    private static final String SERVICE = "META-INF/services/" + NodeType.class.getName();

    private static Plugins cached;
    private static String cachedKey;

    private NodeCatalog() {}

    /**
     * The built-in node types plus those of the plugin jars in {@link #pluginsDir()}; a refused plugin is reported on
     * standard error and the run goes on without it.
     */
    static NodeRegistry registry() {
        return reported().registry();
    }

    /** {@link #catalog()}, each refused plugin reported on standard error. */
    static Plugins reported() {
        Plugins plugins = catalog();
        for (RefusedPlugin r : plugins.refused()) {
            System.err.println("hetumind: plugin refused: " + r.message());
        }
        return plugins;
    }

    /**
     * The built-in registry with the plugins of {@link #pluginsDir()} loaded on top, each jar in its own class loader.
     * Plugins are loaded once per directory and content (a CLI process runs one command, tests run many).
     */
    static synchronized Plugins catalog() {
        Path dir = pluginsDir();
        String jars = pluginFingerprint(dir);
        if (jars.isEmpty()) {
            return Plugins.none(builtIns()); // no plugins: the (lazy) built-ins exactly as before
        }
        String key = dir + "|" + jars + "|" + System.getProperty(INDEX_PROPERTY);
        if (!key.equals(cachedKey)) {
            if (cached != null) {
                cached.close(); // other jars now (tests): the previous plugins' destroy hooks run
            } else {
                Runtime.getRuntime().addShutdownHook(new Thread(NodeCatalog::closePlugins, "hetumind-plugins-close"));
            }
            ClassLoader loader = NodeCatalog.class.getClassLoader();
            cached = PluginLoader.load(dir, builtIns(), loader);
            cachedKey = key;
        }
        return cached;
    }

    /** At exit: each loaded plugin's {@code destroy} hook, bounded, then its class loader. */
    private static synchronized void closePlugins() {
        if (cached != null) {
            cached.close(PluginLoader.HOOK_TIMEOUT).forEach(p -> System.err.println("hetumind: plugin shutdown: " + p));
            cached = null;
            cachedKey = null;
        }
    }

    /** {@code -Dhetumind.plugins.dir}, else {@code HETUMIND_PLUGINS_DIR}, else {@code ~/.hetumind/plugins}. */
    static Path pluginsDir() {
        String dir = System.getProperty(PLUGINS_PROPERTY, System.getenv("HETUMIND_PLUGINS_DIR"));
        return dir != null && !dir.isBlank()
                ? Path.of(dir)
                : StudioSession.home().resolve("plugins");
    }

    private static String pluginFingerprint(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .map(p -> {
                        try {
                            return p.getFileName() + ":" + Files.size(p) + ":"
                                    + Files.getLastModifiedTime(p).toMillis();
                        } catch (IOException e) {
                            return p.getFileName() + ":?";
                        }
                    })
                    .collect(java.util.stream.Collectors.joining(";"));
        } catch (IOException e) {
            return "?";
        }
    }

    /** The node types on the CLI's own class path (see the class comment for the index). */
    static NodeRegistry builtIns() {
        String file = System.getProperty(INDEX_PROPERTY);
        ClassLoader loader = NodeCatalog.class.getClassLoader();
        if (file == null || file.isBlank()) {
            return NodeRegistry.load(loader);
        }
        Path index = Path.of(file);
        try {
            String fingerprint = fingerprint(loader);
            if (Files.isRegularFile(index)) {
                String text = Files.readString(index);
                int eol = text.indexOf('\n');
                if (eol > 0 && text.substring(0, eol).equals(fingerprint)) {
                    return NodeRegistry.lazy(loader, NodeIndex.parse(text.substring(eol + 1)));
                }
            }
            NodeRegistry all = NodeRegistry.load(loader);
            Path tmp = index.resolveSibling(index.getFileName() + ".tmp");
            Files.writeString(tmp, fingerprint + "\n" + NodeIndex.of(all).write());
            Files.move(tmp, index, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return all;
        } catch (IOException | IllegalArgumentException e) {
            return NodeRegistry.load(loader); // an unreadable or unwritable index only costs time
        }
    }

    /**
     * What the index must match. Launched from jars (the launcher: {@code -jar} with a manifest Class-Path), it is
     * {@code # jars path size mtime; …} of every jar the application class loader reads, found by reading the
     * launch jars' manifests and without opening the others: a resource scan for the files that declare node types
     * opened all ~130 jars, 100-250 ms of a run's start-up. Otherwise (a directory on the class path: tests, IDEs,
     * embedding) it is {@code # path size mtime; …} of every jar or directory that declares node types, found by
     * that scan.
     */
    static String fingerprint(ClassLoader loader) throws IOException {
        List<Path> jars = loader == ClassLoader.getSystemClassLoader()
                ? launchJars(System.getProperty("java.class.path", ""))
                : null;
        if (jars == null) {
            return declaringFiles(loader);
        }
        StringBuilder f = new StringBuilder("# jars");
        for (Path jar : jars) {
            f.append(' ').append(jar);
            if (Files.isRegularFile(jar)) {
                f.append(' ')
                        .append(Files.size(jar))
                        .append(' ')
                        .append(Files.getLastModifiedTime(jar).toMillis());
            } else {
                f.append(" missing"); // the loader skips it; it counts once it appears
            }
            f.append(';');
        }
        return f.toString();
    }

    /**
     * The jars of {@code classPath} and of their manifests' Class-Path entries (resolved against each jar, as the
     * class loader does), in order; null when an entry is not a jar file (a directory's content has no cheap
     * fingerprint) or not a local file.
     */
    static List<Path> launchJars(String classPath) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path jar = Path.of(entry).toAbsolutePath().normalize();
            if (!entry.endsWith(".jar") || !Files.isRegularFile(jar)) {
                return null;
            }
            out.add(jar);
            String refs;
            try (JarFile file = new JarFile(jar.toFile())) {
                Manifest manifest = file.getManifest();
                refs = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            }
            if (refs == null || refs.isBlank()) {
                continue;
            }
            for (String ref : refs.trim().split("\\s+")) {
                URI uri = jar.toUri().resolve(ref);
                if (!"file".equals(uri.getScheme()) || ref.endsWith("/")) {
                    return null;
                }
                out.add(Path.of(uri).normalize());
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** {@code # path size mtime; …} of every jar or directory that declares node types. */
    private static String declaringFiles(ClassLoader loader) throws IOException {
        StringBuilder f = new StringBuilder("#");
        List<URL> urls = Collections.list(loader.getResources(SERVICE));
        for (URL url : urls) {
            Path source;
            if (url.getProtocol().equals("jar")) {
                JarURLConnection jar = (JarURLConnection) url.openConnection();
                source = Path.of(java.net.URI.create(jar.getJarFileURL().toString()));
            } else if (url.getProtocol().equals("file")) {
                source = Path.of(java.net.URI.create(url.toString()));
            } else {
                throw new IOException("cannot fingerprint " + url);
            }
            f.append(' ')
                    .append(source)
                    .append(' ')
                    .append(Files.size(source))
                    .append(' ')
                    .append(Files.getLastModifiedTime(source).toMillis())
                    .append(';');
        }
        return f.toString();
    }
}
