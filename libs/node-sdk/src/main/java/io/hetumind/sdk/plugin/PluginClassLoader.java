package io.hetumind.sdk.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * One plugin's class loader: its jar, the JDK, and of the host's classes only the node SPI and what it is written in
 * ({@link #HOST_PACKAGES}), always the host's own so {@code NodeType} is one class on both sides. The host's other
 * classes and resources (its nodes, engine, drivers, configuration files) are not visible to a plugin: a plugin cannot
 * have host libraries do what its declarations do not allow. A node type whose class was defined here came from this
 * plugin.
 */
public final class PluginClassLoader extends URLClassLoader {

    /** The host packages a plugin sees (prefixes). */
    public static final List<String> HOST_PACKAGES = List.of(
            "io.hetumind.core.spi.",
            "io.hetumind.core.model.",
            "io.hetumind.core.expr.",
            "io.hetumind.sdk.",
            "com.fasterxml.jackson.",
            // the listener SPI and what its events carry
            "io.hetumind.core.engine.ExecutionListener",
            "io.hetumind.core.engine.RunEvent",
            "io.hetumind.core.engine.ExecutionError",
            "io.hetumind.core.engine.ExecutionStatus",
            "io.hetumind.core.engine.NodeCost");

    static {
        registerAsParallelCapable();
    }

    private final PluginManifest manifest;
    private final ClassLoader platform = ClassLoader.getPlatformClassLoader();

    PluginClassLoader(URL jar, ClassLoader parent, PluginManifest manifest) {
        super("hetumind-plugin-" + manifest.name(), new URL[] {jar}, parent);
        this.manifest = manifest;
    }

    public PluginManifest manifest() {
        return manifest;
    }

    static boolean hostVisible(String className) {
        if (className.startsWith("io.hetumind.sdk.plugin.")) {
            return false; // the loader itself: a plugin has no business loading other plugins
        }
        for (String p : HOST_PACKAGES) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                if (hostVisible(name)) {
                    c = getParent().loadClass(name);
                } else {
                    try {
                        c = platform.loadClass(name); // the JDK
                    } catch (ClassNotFoundException notJdk) {
                        try {
                            c = findClass(name);
                        } catch (ClassNotFoundException e) {
                            throw new ClassNotFoundException(name + " is neither in plugin " + manifest.label()
                                    + "'s jar nor among the host classes plugins see ("
                                    + String.join(", ", HOST_PACKAGES)
                                    + "*): shade it into the plugin");
                        }
                    }
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        if (own != null) {
            return own;
        }
        return hostVisibleResource(name) ? getParent().getResource(name) : platform.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        Enumeration<URL> own = findResources(name);
        if (own.hasMoreElements() || !hostVisibleResource(name)) {
            return own;
        }
        return getParent() == null
                ? Collections.emptyEnumeration()
                : getParent().getResources(name);
    }

    private static boolean hostVisibleResource(String name) {
        return name.endsWith(".class") && hostVisible(name.replace('/', '.'));
    }
}
