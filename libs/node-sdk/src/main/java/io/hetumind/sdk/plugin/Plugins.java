package io.hetumind.sdk.plugin;

import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of loading a plugins directory: the registry of built-in plus plugin node types, the plugins loaded and
 * those refused with their reasons.
 */
public record Plugins(NodeRegistry registry, List<LoadedPlugin> loaded, List<RefusedPlugin> refused)
        implements AutoCloseable {

    public Plugins {
        loaded = List.copyOf(loaded);
        refused = List.copyOf(refused);
    }

    /** No plugins: the built-in registry as it is. */
    public static Plugins none(NodeRegistry builtIns) {
        return new Plugins(builtIns, List.of(), List.of());
    }

    /** {@code name@version} of the plugin {@code type} comes from, empty for a built-in node type. */
    public static Optional<String> origin(NodeType type) {
        return type.getClass().getClassLoader() instanceof PluginClassLoader p
                ? Optional.of(p.manifest().label())
                : Optional.empty();
    }

    /** Closes the plugins' class loaders (their node types must not run afterwards). */
    @Override
    public void close() throws IOException {
        for (LoadedPlugin p : loaded) {
            if (!p.nodeTypes().isEmpty()
                    && p.nodeTypes().getFirst().getClass().getClassLoader() instanceof PluginClassLoader l) {
                l.close();
            }
        }
    }
}
