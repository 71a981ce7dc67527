package io.hetumind.sdk.plugin;

import io.hetumind.core.engine.ExecutionListener;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import io.hetumind.sdk.NodeSdk;
import io.hetumind.sdk.PluginLifecycle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads the plugin jars of a directory (host side). Each {@code *.jar} gets its own {@link PluginClassLoader} whose
 * parent is the host's loader, and its node types and execution listeners are the {@link ServiceLoader} providers
 * defined by that jar. A jar is refused — recorded with its reason, its loader closed, the others loaded regardless —
 * when it declares no plugin or malformed permissions, was built for an incompatible node SDK, has code that uses an
 * API its {@link PluginPermissions} do not cover ({@link PluginVerifier}, before any of it runs), reuses a loaded
 * plugin's name, fails to create a node type or listener (a throwing constructor, a missing class), declares neither
 * a node type nor a listener, or an invalid descriptor, or names a node type or alias that a built-in node or an
 * earlier plugin already has, or when its {@link PluginLifecycle#init} throws or does not return within the timeout.
 * Jars load in file-name order.
 */
public final class PluginLoader {

    /** How long a plugin's {@link PluginLifecycle} hook may take before the host gives up on it. */
    public static final Duration HOOK_TIMEOUT = Duration.ofSeconds(10);

    private PluginLoader() {}

    /**
     * The plugins of {@code dir} added to {@code builtIns}; a directory that does not exist has no plugins.
     *
     * @param parent the host class loader the plugins' loaders delegate to (the one the SPI classes come from)
     */
    public static Plugins load(Path dir, NodeRegistry builtIns, ClassLoader parent) {
        return load(dir, builtIns, parent, HOOK_TIMEOUT);
    }

    /** {@link #load(Path, NodeRegistry, ClassLoader)}, giving each plugin's {@code init} {@code initTimeout}. */
    public static Plugins load(Path dir, NodeRegistry builtIns, ClassLoader parent, Duration initTimeout) {
        List<Path> jars = jars(dir);
        if (jars.isEmpty()) {
            return Plugins.none(builtIns);
        }
        List<LoadedPlugin> loaded = new ArrayList<>();
        List<RefusedPlugin> refused = new ArrayList<>();
        Map<String, String> taken = claims(builtIns);
        for (Path jar : jars) {
            try {
                LoadedPlugin p = loadOne(jar, parent, taken, loaded, initTimeout);
                loaded.add(p);
                claim(taken, p);
            } catch (PluginRefusedException e) {
                refused.add(new RefusedPlugin(jar, e.plugin(), e.getMessage()));
            }
        }
        return Plugins.of(builtIns, loaded, refused);
    }

    /** The {@code *.jar} files of {@code dir} in file-name order; none when it is not a directory. */
    static List<Path> jars(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the plugins directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Type id or alias → who has it, for the built-ins. */
    static Map<String, String> claims(NodeRegistry builtIns) {
        Map<String, String> taken = new HashMap<>();
        for (NodeType t : builtIns.all()) {
            taken.put(t.descriptor().type(), "a built-in node");
            t.descriptor().aliases().forEach(a -> taken.put(a, "a built-in node"));
        }
        return taken;
    }

    /** Records {@code p}'s type ids and aliases as taken by it. */
    static void claim(Map<String, String> taken, LoadedPlugin p) {
        for (NodeType t : p.nodeTypes()) {
            taken.put(t.descriptor().type(), "plugin " + p.label());
            t.descriptor().aliases().forEach(a -> taken.put(a, "plugin " + p.label()));
        }
    }

    /** Gives {@code p}'s type ids and aliases back. */
    static void unclaim(Map<String, String> taken, LoadedPlugin p) {
        for (NodeType t : p.nodeTypes()) {
            taken.remove(t.descriptor().type());
            t.descriptor().aliases().forEach(taken::remove);
        }
    }

    /**
     * Loads one jar as {@link #load} does: refused (a {@link PluginRefusedException}, its loader closed) when a check
     * fails, when its name is one of {@code others}' or a type id or alias is in {@code taken}.
     */
    static LoadedPlugin loadOne(
            Path jar, ClassLoader parent, Map<String, String> taken, List<LoadedPlugin> loaded, Duration initTimeout) {
        PluginManifest manifest;
        List<String> violations;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = PluginManifest.read(file, jar.toAbsolutePath().getParent());
            try {
                violations = PluginVerifier.violations(file, manifest.permissions());
            } catch (IllegalArgumentException e) {
                throw new PluginRefusedException(manifest.label(), e.getMessage());
            }
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
        if (!violations.isEmpty()) {
            throw new PluginRefusedException(
                    manifest.label(),
                    "its code uses what its permissions do not allow: " + PluginVerifier.describe(violations));
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
            // its constructors and descriptors are its code too: one that hangs must not hold the host's start
            Created created = bounded(manifest, loader, "creating its node types and listeners", initTimeout, () -> {
                List<ExecutionListener> found = providers(ExecutionListener.class, loader, manifest);
                List<NodeType> nodeTypes = nodeTypes(loader, manifest, !found.isEmpty());
                check(nodeTypes, manifest, taken);
                return new Created(found, nodeTypes, lifecycle(loader, manifest));
            });
            List<ExecutionListener> listeners = created.listeners();
            List<NodeType> types = created.types();
            PluginLifecycle lifecycle = created.lifecycle();
            LoadedPlugin plugin = new LoadedPlugin(jar, manifest, types, lifecycle, loader, List.of());
            if (lifecycle != null) {
                Map<String, String> config = config(jar.resolveSibling(manifest.name() + ".properties"), manifest);
                bounded(plugin, "init", initTimeout, () -> {
                    lifecycle.init(config);
                    return null;
                });
            }
            if (listeners.isEmpty()) {
                return plugin;
            }
            List<ExecutionListener> isolated = listeners.stream()
                    .map(l -> (ExecutionListener) new PluginListener(manifest.label(), l, loader))
                    .toList();
            return new LoadedPlugin(jar, manifest, types, lifecycle, loader, isolated);
        } catch (PluginRefusedException e) {
            closeQuietly(loader);
            throw e;
        }
    }

    /** The plugin's {@link PluginLifecycle}, null when it declares none; more than one is refused. */
    private static PluginLifecycle lifecycle(PluginClassLoader loader, PluginManifest manifest) {
        List<PluginLifecycle> found = new ArrayList<>();
        try {
            for (ServiceLoader.Provider<PluginLifecycle> provider :
                    ServiceLoader.load(PluginLifecycle.class, loader).stream().toList()) {
                if (provider.type().getClassLoader() == loader) {
                    found.add(provider.get());
                }
            }
        } catch (Throwable e) {
            rethrowFatal(e);
            throw new PluginRefusedException(manifest.label(), "its PluginLifecycle failed to load: " + cause(e));
        }
        if (found.size() > 1) {
            throw new PluginRefusedException(
                    manifest.label(),
                    "it declares " + found.size() + " PluginLifecycle implementations; at most one is allowed");
        }
        return found.isEmpty() ? null : found.getFirst();
    }

    /** {@code NAME.properties} beside the jar, empty when absent. */
    private static Map<String, String> config(Path file, PluginManifest manifest) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new PluginRefusedException(
                    manifest.label(), "its configuration " + file.getFileName() + " is unreadable: " + e.getMessage());
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Runs a plugin's hook on a daemon thread of its own (context class loader: the plugin's) and waits at most
     * {@code timeout}: a hook that throws or hangs becomes a {@link PluginRefusedException} instead of taking the
     * host down or blocking it (a hung hook's thread is interrupted and left behind).
     */
    static <T> T bounded(LoadedPlugin plugin, String hook, Duration timeout, Callable<T> body) {
        return bounded(plugin.manifest(), plugin.loader(), hook, timeout, body);
    }

    /** What a plugin's jar provides, created on a thread of its own. */
    private record Created(List<ExecutionListener> listeners, List<NodeType> types, PluginLifecycle lifecycle) {}

    private static <T> T bounded(
            PluginManifest manifest, PluginClassLoader loader, String hook, Duration timeout, Callable<T> body) {
        FutureTask<T> task = new FutureTask<>(body);
        String thread = hook.contains(" ") ? "load" : hook;
        Thread t = new Thread(task, "hetumind-plugin-" + manifest.name() + "-" + thread);
        t.setDaemon(true);
        t.setContextClassLoader(loader);
        t.start();
        try {
            return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new PluginRefusedException(
                    manifest.label(),
                    (hook.contains(" ") ? hook + " did not finish" : "its " + hook + " did not finish") + " within "
                            + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PluginRefusedException refused) {
                throw refused;
            }
            rethrowFatal(e.getCause());
            throw new PluginRefusedException(
                    manifest.label(), (hook.contains(" ") ? hook : "its " + hook) + " failed: " + cause(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            throw new PluginRefusedException(manifest.label(), "interrupted while waiting for its " + hook);
        }
    }

    /** The plugin's own providers of {@code service} (its services file), each created once. */
    private static <S> List<S> providers(Class<S> service, PluginClassLoader loader, PluginManifest manifest) {
        List<S> out = new ArrayList<>();
        try {
            for (ServiceLoader.Provider<S> provider :
                    ServiceLoader.load(service, loader).stream().toList()) {
                if (provider.type().getClassLoader() == loader) {
                    out.add(provider.get());
                }
            }
        } catch (Throwable e) {
            rethrowFatal(e);
            throw new PluginRefusedException(
                    manifest.label(), "its " + service.getSimpleName() + " failed to load: " + cause(e));
        }
        return out;
    }

    /** The plugin's own providers (the parent's, the built-in nodes, are skipped), each created once. */
    private static List<NodeType> nodeTypes(PluginClassLoader loader, PluginManifest manifest, boolean optional) {
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
        if (types.isEmpty() && !optional) {
            throw new PluginRefusedException(
                    manifest.label(),
                    "it declares no node type (META-INF/services/" + NodeType.class.getName()
                            + ") and no execution listener (META-INF/services/"
                            + ExecutionListener.class.getName() + ")");
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
