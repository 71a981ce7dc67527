package io.hetumind.sdk.plugin;

import io.hetumind.core.engine.ExecutionListener;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeScopes;
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

    /** How long a plugin's listener may take over the events still queued for it when the host shuts down. */
    static final Duration LISTENER_GRACE = Duration.ofSeconds(2);

    public Plugins {
        loaded = List.copyOf(loaded);
        refused = List.copyOf(refused);
    }

    /** No plugins: the built-in registry as it is. */
    public static Plugins none(NodeRegistry builtIns) {
        return new Plugins(builtIns, List.of(), List.of());
    }

    /** The built-ins plus {@code loaded}'s node types (the built-ins as they are when there are none). */
    static Plugins of(NodeRegistry builtIns, List<LoadedPlugin> loaded, List<RefusedPlugin> refused) {
        List<NodeType> added =
                loaded.stream().flatMap(p -> p.nodeTypes().stream()).toList();
        return new Plugins(added.isEmpty() ? builtIns : builtIns.with(added), loaded, refused);
    }

    /** {@code name@version} of the plugin {@code type} comes from, empty for a built-in node type. */
    public static Optional<String> origin(NodeType type) {
        return type.getClass().getClassLoader() instanceof PluginClassLoader p
                ? Optional.of(p.manifest().label())
                : Optional.empty();
    }

    /**
     * The execution listeners the plugins declare, for the host's engine ({@code Engine.Builder.listener}): each
     * queues events for a thread of its plugin's own, so it can neither slow nor break a run.
     */
    public List<ExecutionListener> listeners() {
        return loaded.stream().flatMap(p -> p.listeners().stream()).toList();
    }

    /**
     * What plugin nodes may reach at run time, for the host's engine
     * ({@code Engine.builder().service(NodeScopes.class, plugins.scopes(policy))}); {@code hostPolicy} is the host's
     * {@link NodePolicy} (null: everything allowed), which plugin file access obeys too.
     */
    public NodeScopes scopes(NodePolicy hostPolicy) {
        return new PluginScopes(hostPolicy);
    }

    /**
     * How the host calls node code outside a run (option loaders, listening triggers, a trigger's target): a plugin's
     * held as in a run by {@link #scopes scopes(hostPolicy)}, and bounded by {@link PluginGuard#CALL_TIMEOUT} so a
     * throwing or hanging plugin fails that call naming the plugin, never the host.
     */
    public PluginGuard guard(NodePolicy hostPolicy) {
        return new PluginGuard(scopes(hostPolicy), PluginGuard.CALL_TIMEOUT);
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
            problems.addAll(shutDown(p, timeout));
        }
        return problems;
    }

    /**
     * One plugin's end: its listeners get {@link #LISTENER_GRACE} for what is queued, then its {@code destroy} runs
     * (bounded by {@code timeout}), threads it left are interrupted, and its class loader is closed. Returns what went
     * wrong, one line each.
     */
    static List<String> shutDown(LoadedPlugin p, Duration timeout) {
        List<String> problems = new ArrayList<>();
        for (ExecutionListener l : p.listeners()) {
            ((PluginListener) l).close(LISTENER_GRACE);
        }
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
        String leaked = stopLeakedThreads(p);
        if (leaked != null) {
            problems.add(p.label() + ": " + leaked);
        }
        try {
            p.loader().close();
        } catch (IOException e) {
            problems.add(p.label() + ": cannot close its jar: " + e.getMessage());
        }
        return problems;
    }

    /**
     * Threads the plugin started from its own threads (they inherit its class loader as context loader) that are
     * still alive after {@code destroy}: each is interrupted and named in the returned line; null when there is none.
     */
    private static String stopLeakedThreads(LoadedPlugin p) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t != Thread.currentThread()
                    && t.isAlive()
                    && t.getContextClassLoader() == p.loader()
                    && !t.getName().startsWith("hetumind-plugin-" + p.manifest().name() + "-")) {
                names.add(t.getName());
                t.interrupt();
            }
        }
        return names.isEmpty()
                ? null
                : "it left " + names.size() + " thread(s) running after destroy, interrupted: "
                        + String.join(", ", names.stream().sorted().toList());
    }

    /** {@link #close(Duration)} with {@link PluginLoader#HOOK_TIMEOUT}. */
    @Override
    public void close() {
        close(PluginLoader.HOOK_TIMEOUT);
    }
}
