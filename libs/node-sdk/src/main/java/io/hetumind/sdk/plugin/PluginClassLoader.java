package io.hetumind.sdk.plugin;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * One plugin's class loader: its jar, with the host's loader as parent so the node SPI ({@code io.hetumind.core.*})
 * and its libraries are the host's classes. A node type whose class was defined here came from this plugin.
 */
public final class PluginClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final PluginManifest manifest;

    PluginClassLoader(URL jar, ClassLoader parent, PluginManifest manifest) {
        super("hetumind-plugin-" + manifest.name(), new URL[] {jar}, parent);
        this.manifest = manifest;
    }

    public PluginManifest manifest() {
        return manifest;
    }
}
