package io.hetumind.sdk.plugin;

import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import io.hetumind.sdk.NodeSdk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads the plugin jars of a directory (host side). Each {@code *.jar} gets its own {@link PluginClassLoader} whose
 * parent is the host's loader, and its node types are the {@link ServiceLoader} providers of {@link NodeType} defined
 * by that jar. A jar is refused — recorded with its reason, its loader closed, the others loaded regardless — when it
 * declares no plugin, was built for an incompatible node SDK, reuses a loaded plugin's name, fails to create a node
 * type (a throwing constructor, a missing class), declares no node type or an invalid descriptor, or names a node
 * type or alias that a built-in node or an earlier plugin already has. Jars load in file-name order.
 */
public final class PluginLoader {

    private PluginLoader() {}

    /**
     * The plugins of {@code dir} added to {@code builtIns}; a directory that does not exist has no plugins.
     *
     * @param parent the host class loader the plugins' loaders delegate to (the one the SPI classes come from)
     */
    public static Plugins load(Path dir, NodeRegistry builtIns, ClassLoader parent) {
        if (dir == null || !Files.isDirectory(dir)) {
            return Plugins.none(builtIns);
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(dir)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the plugins directory " + dir + ": " + e.getMessage(), e);
        }
        if (jars.isEmpty()) {
            return Plugins.none(builtIns);
        }
        List<LoadedPlugin> loaded = new ArrayList<>();
        List<RefusedPlugin> refused = new ArrayList<>();
        Map<String, String> taken = new HashMap<>(); // type id or alias -> who has it
        for (NodeType t : builtIns.all()) {
            taken.put(t.descriptor().type(), "a built-in node");
            t.descriptor().aliases().forEach(a -> taken.put(a, "a built-in node"));
        }
        for (Path jar : jars) {
            try {
                LoadedPlugin p = loadOne(jar, parent, taken, loaded);
                loaded.add(p);
                for (NodeType t : p.nodeTypes()) {
                    taken.put(t.descriptor().type(), "plugin " + p.label());
                    t.descriptor().aliases().forEach(a -> taken.put(a, "plugin " + p.label()));
                }
            } catch (PluginRefusedException e) {
                refused.add(new RefusedPlugin(jar, e.plugin(), e.getMessage()));
            }
        }
        List<NodeType> added =
                loaded.stream().flatMap(p -> p.nodeTypes().stream()).toList();
        NodeRegistry registry = added.isEmpty() ? builtIns : builtIns.with(added);
        return new Plugins(registry, loaded, refused);
    }

    private static LoadedPlugin loadOne(
            Path jar, ClassLoader parent, Map<String, String> taken, List<LoadedPlugin> loaded) {
        PluginManifest manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = PluginManifest.read(file);
        } catch (IOException e) {
            throw new PluginRefusedException(null, "it is not a readable jar: " + e.getMessage());
        }
        String incompatible;
        try {
            incompatible = NodeSdk.incompatibility(manifest.sdkVersion());
        } catch (IllegalArgumentException e) {
            throw new PluginRefusedException(manifest.label(), e.getMessage());
        }
        if (incompatible != null) {
            throw new PluginRefusedException(manifest.label(), incompatible);
        }
        for (LoadedPlugin other : loaded) {
            if (other.manifest().name().equals(manifest.name())) {
                throw new PluginRefusedException(
                        manifest.label(),
                        "plugin " + other.label() + " of the same name is already loaded from "
                                + other.jar().getFileName());
            }
        }
        PluginClassLoader loader;
        try {
            loader = new PluginClassLoader(jar.toUri().toURL(), parent, manifest);
        } catch (IOException e) {
            throw new PluginRefusedException(manifest.label(), "cannot open it: " + e.getMessage());
        }
        try {
            List<NodeType> types = nodeTypes(loader, manifest);
            check(types, manifest, taken);
            return new LoadedPlugin(jar, manifest, types);
        } catch (PluginRefusedException e) {
            closeQuietly(loader);
            throw e;
        }
    }

    /** The plugin's own providers (the parent's, the built-in nodes, are skipped), each created once. */
    private static List<NodeType> nodeTypes(PluginClassLoader loader, PluginManifest manifest) {
        List<NodeType> types = new ArrayList<>();
        try {
            for (ServiceLoader.Provider<NodeType> provider :
                    ServiceLoader.load(NodeType.class, loader).stream().toList()) {
                if (provider.type().getClassLoader() != loader) {
                    continue;
                }
                NodeType t;
                try {
                    t = provider.get();
                    t.descriptor().type(); // a descriptor that throws is as fatal as a constructor that does
                } catch (Throwable e) {
                    rethrowFatal(e);
                    throw new PluginRefusedException(
                            manifest.label(),
                            "node type " + provider.type().getName() + " failed to load: " + cause(e));
                }
                types.add(t);
            }
        } catch (PluginRefusedException e) {
            throw e;
        } catch (Throwable e) {
            rethrowFatal(e);
            throw new PluginRefusedException(manifest.label(), "its node types cannot be listed: " + cause(e));
        }
        if (types.isEmpty()) {
            throw new PluginRefusedException(
                    manifest.label(), "it declares no node type (META-INF/services/" + NodeType.class.getName() + ")");
        }
        return types;
    }

    /** Valid descriptors (checked as the host checks its own), no type id or alias another node already has. */
    private static void check(List<NodeType> types, PluginManifest manifest, Map<String, String> taken) {
        try {
            NodeRegistry.of(types);
        } catch (IllegalStateException e) {
            throw new PluginRefusedException(manifest.label(), e.getMessage());
        } catch (RuntimeException e) {
            throw new PluginRefusedException(manifest.label(), "its node descriptors cannot be checked: " + cause(e));
        }
        List<String> clashes = new ArrayList<>();
        for (NodeType t : types) {
            NodeDescriptor d = t.descriptor();
            if (taken.containsKey(d.type())) {
                clashes.add("node type '" + d.type() + "' is already provided by " + taken.get(d.type()));
            }
            for (String alias : d.aliases()) {
                if (taken.containsKey(alias)) {
                    clashes.add("alias '" + alias + "' of node type '" + d.type() + "' is already taken by "
                            + taken.get(alias));
                }
            }
        }
        if (!clashes.isEmpty()) {
            throw new PluginRefusedException(manifest.label(), String.join("; ", clashes));
        }
    }

    private static String cause(Throwable e) {
        Throwable root = e;
        while ((root instanceof java.util.ServiceConfigurationError
                        || root instanceof ExceptionInInitializerError
                        || root instanceof java.lang.reflect.InvocationTargetException)
                && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static void rethrowFatal(Throwable e) {
        if (e instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    private static void closeQuietly(PluginClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // a refused plugin's jar: nothing more to release
        }
    }
}
