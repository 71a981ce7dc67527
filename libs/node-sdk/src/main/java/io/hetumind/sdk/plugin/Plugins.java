package io.hetumind.sdk.plugin;

import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import io.hetumind.sdk.PluginLifecycle;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Each loaded plugin's {@code name@version} → null when healthy, else what is wrong (what its
     * {@link PluginLifecycle#health} says, or that it threw or did not answer within {@code timeout}).
     */
    public Map<String, String> health(Duration timeout) {
        Map<String, String> out = new LinkedHashMap<>();
        for (LoadedPlugin p : loaded) {
            String problem = null;
            if (p.lifecycle() != null) {
                try {
                    problem = PluginLoader.bounded(p, "health", timeout, p.lifecycle()::health);
                } catch (PluginRefusedException e) {
                    problem = e.getMessage();
                }
            }
            out.put(p.label(), problem);
        }
        return out;
    }

    /**
     * Calls each plugin's {@link PluginLifecycle#destroy} (in reverse load order, each bounded by {@code timeout}) and
     * closes its class loader; a plugin that throws or hangs there does not stop the others. Its node types must not
     * run afterwards. Returns what went wrong, one line per plugin.
     */
    public List<String> close(Duration timeout) {
        List<String> problems = new ArrayList<>();
        for (LoadedPlugin p : loaded.reversed()) {
            if (p.lifecycle() != null) {
                try {
                    PluginLoader.bounded(p, "destroy", timeout, () -> {
                        p.lifecycle().destroy();
                        return null;
                    });
                } catch (PluginRefusedException e) {
                    problems.add(p.label() + ": " + e.getMessage());
                }
            }
            try {
                p.loader().close();
            } catch (IOException e) {
                problems.add(p.label() + ": cannot close its jar: " + e.getMessage());
            }
        }
        return problems;
    }

    /** {@link #close(Duration)} with {@link PluginLoader#HOOK_TIMEOUT}. */
    @Override
    public void close() {
        close(PluginLoader.HOOK_TIMEOUT);
    }
}
