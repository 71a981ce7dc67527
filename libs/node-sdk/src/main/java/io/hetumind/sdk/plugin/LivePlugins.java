package io.hetumind.sdk.plugin;

import io.hetumind.core.engine.ExecutionListener;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.WorkflowGraph;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeScopes;
import io.hetumind.core.spi.NodeType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The plugins of a directory for a host that reloads them while it runs (the studio): a {@linkplain #registry
 * registry} that answers with the plugins in service now, one {@linkplain #listener listener} that hands each event to
 * the listeners in service now, and {@link #reload} to apply what changed in the directory. A run that started on a
 * plugin holds it ({@link #use}) until it ends: an unloaded plugin is destroyed, and its class loader closed, only when
 * the last run holding it has ended, so in-flight runs finish on the classes they started with.
 */
public final class LivePlugins implements AutoCloseable {

    private final Path dir;
    private final NodeRegistry builtIns;
    private final ClassLoader parent;
    private final Duration hookTimeout;
    private final NodeRegistry registry;
    private final Map<PluginClassLoader, Holder> holders = new ConcurrentHashMap<>();
    private final Object uses = new Object();
    private final ExecutionListener listener = event -> {
        for (ExecutionListener l : current().listeners()) {
            l.onEvent(event); // a plugin's listener only queues: it neither throws nor blocks
        }
    };
    private volatile Plugins current;
    /** What each jar held when it was last read (loaded plugins by identity, refused jars by path); under this. */
    private final Map<LoadedPlugin, String> loadedPrints = new IdentityHashMap<>();

    private final Map<Path, String> refusedPrints = new java.util.HashMap<>();
    private boolean closed;

    /** One plugin in service or unloaded: how many runs hold it and whether it was unloaded. Guarded by {@code uses}. */
    private static final class Holder {
        final LoadedPlugin plugin;
        int runs;
        boolean retired;
        final CompletableFuture<Void> released = new CompletableFuture<>();
        final CompletableFuture<List<String>> destroyed = new CompletableFuture<>();

        Holder(LoadedPlugin plugin) {
            this.plugin = plugin;
        }
    }

    private LivePlugins(Path dir, NodeRegistry builtIns, ClassLoader parent, Duration hookTimeout) {
        this.dir = dir;
        this.builtIns = builtIns;
        this.parent = parent;
        this.hookTimeout = hookTimeout;
        Plugins first = PluginLoader.load(dir, builtIns, parent, hookTimeout);
        this.current = first;
        this.registry = NodeRegistry.switchable(first.registry());
        for (LoadedPlugin p : first.loaded()) {
            holders.put(p.loader(), new Holder(p));
            loadedPrints.put(p, JarPrint.of(p.jar()).print());
        }
        for (RefusedPlugin r : first.refused()) {
            refusedPrints.put(r.jar(), JarPrint.of(r.jar()).print());
        }
    }

    /** The plugins of {@code dir} (as {@link PluginLoader#load} loads them), ready to be reloaded. */
    public static LivePlugins load(Path dir, NodeRegistry builtIns, ClassLoader parent) {
        return load(dir, builtIns, parent, PluginLoader.HOOK_TIMEOUT);
    }

    /** {@link #load(Path, NodeRegistry, ClassLoader)} with {@code hookTimeout} for each {@code init} and {@code destroy}. */
    public static LivePlugins load(Path dir, NodeRegistry builtIns, ClassLoader parent, Duration hookTimeout) {
        return new LivePlugins(dir, builtIns, parent, hookTimeout);
    }

    /** The plugins in service now (and the jars refused), as of the last reload. */
    public Plugins current() {
        return current;
    }

    /** The directory the plugins are read from. */
    public Path dir() {
        return dir;
    }

    /**
     * The built-in plus the plugins' node types in service now: a {@linkplain NodeRegistry#switchable switchable}
     * registry, for the host's engine and catalog.
     */
    public NodeRegistry registry() {
        return registry;
    }

    /** For the host's engine: hands every event to the execution listeners of the plugins in service now. */
    public ExecutionListener listener() {
        return listener;
    }

    /** {@link Plugins#scopes}: what plugin nodes may reach; it depends on each node's own plugin, not on a version. */
    public NodeScopes scopes(NodePolicy hostPolicy) {
        return current.scopes(hostPolicy);
    }

    /** {@link Plugins#guard}. */
    public PluginGuard guard(NodePolicy hostPolicy) {
        return current.guard(hostPolicy);
    }

    /** {@link #use(Collection)} of the node types {@code wf} was prepared with. */
    public Optional<Use> use(PreparedWorkflow wf) {
        WorkflowGraph g = wf.graph();
        List<NodeType> types = new ArrayList<>(g.size());
        for (int i = 0; i < g.size(); i++) {
            types.add(g.type(i));
        }
        return use(types);
    }

    /**
     * Holds the plugins {@code types} come from for a run, until the returned use is closed; empty when one of them was
     * unloaded meanwhile (prepare the workflow again: the registry has the version in service now). Built-in types
     * hold nothing.
     */
    public Optional<Use> use(Collection<NodeType> types) {
        Set<Holder> held = Collections.newSetFromMap(new IdentityHashMap<>());
        for (NodeType t : types) {
            if (t != null && t.getClass().getClassLoader() instanceof PluginClassLoader l) {
                Holder h = holders.get(l);
                if (h == null) {
                    return Optional.empty(); // unloaded and already destroyed: its holder is gone
                }
                held.add(h);
            }
        }
        synchronized (uses) {
            for (Holder h : held) {
                if (h.retired) {
                    return Optional.empty();
                }
            }
            held.forEach(h -> h.runs++);
        }
        return Optional.of(new Use(held));
    }

    /** A run's hold on the plugins it runs; closing it again does nothing. */
    public final class Use implements AutoCloseable {
        private final Set<Holder> held;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Use(Set<Holder> held) {
            this.held = held;
        }

        @Override
        public void close() {
            if (!open.compareAndSet(true, false)) {
                return;
            }
            synchronized (uses) {
                for (Holder h : held) {
                    if (--h.runs == 0 && h.retired) {
                        h.released.complete(null);
                    }
                }
            }
        }
    }

    /**
     * Reads the directory again and applies what changed: a plugin whose jar or {@code NAME.properties} changed, or a
     * new jar, is loaded anew (its own class loader, every check, {@code init}); a plugin whose jar is gone is
     * unloaded; the others stay as they are. A new version that is refused leaves the version in service. Changes are
     * applied one jar at a time in file-name order, each checked against the plugins as they stand after the ones
     * before it. Unloaded plugins are destroyed once no run holds them. Jars that were refused and did not change are
     * not tried again.
     */
    public synchronized PluginReload reload() {
        if (closed) {
            throw new IllegalStateException("the plugins were closed");
        }
        Plugins before = current;
        PluginReloadPlan plan = PluginReloadPlan.make(before, dir, loadedPrints, refusedPrints);
        PluginReloadPlan.Outcome out = plan.apply(builtIns, parent, hookTimeout);
        if (out.report().nothingChanged() && out.refused().equals(before.refused())) {
            return out.report();
        }
        Plugins next;
        try {
            next = Plugins.of(builtIns, out.serving(), out.refused());
        } catch (RuntimeException e) { // the checks above should have prevented it; take back what was loaded
            out.report().loaded().forEach(l -> Plugins.shutDown(l.plugin(), hookTimeout));
            throw new IllegalStateException("the reloaded plugins do not fit together: " + e.getMessage(), e);
        }
        for (PluginReload.Loaded l : out.report().loaded()) {
            holders.put(l.plugin().loader(), new Holder(l.plugin()));
            loadedPrints.put(l.plugin(), out.prints().get(l.plugin().jar()));
        }
        refusedPrints.clear();
        for (RefusedPlugin r : out.refused()) {
            refusedPrints.put(r.jar(), out.prints().get(r.jar()));
        }
        current = next;
        registry.replace(next.registry());
        List<PluginReload.Unloaded> unloaded = new ArrayList<>();
        for (PluginReload.Unloaded u : out.report().unloaded()) {
            loadedPrints.remove(u.plugin());
            unloaded.add(retire(holders.get(u.plugin().loader()), u.replacedBy()));
        }
        return new PluginReload(
                out.report().loaded(),
                unloaded,
                out.report().kept(),
                out.report().refused());
    }

    /**
     * Takes a plugin out of service: its listeners get what is queued for them, then, once no run holds it, it is shut
     * down ({@code destroy}, leaked threads, class loader) on a thread of the host's.
     */
    private PluginReload.Unloaded retire(Holder h, String replacedBy) {
        int runs;
        synchronized (uses) {
            h.retired = true;
            runs = h.runs;
            if (runs == 0) {
                h.released.complete(null);
            }
        }
        Thread t = Thread.ofPlatform()
                .daemon()
                .name("hetumind-plugins-unload-" + h.plugin.manifest().name())
                .unstarted(() -> {
                    for (ExecutionListener l : h.plugin.listeners()) {
                        ((PluginListener) l).close(Plugins.LISTENER_GRACE);
                    }
                    h.released.join();
                    try {
                        h.destroyed.complete(Plugins.shutDown(h.plugin, hookTimeout));
                    } catch (RuntimeException | Error e) {
                        h.destroyed.complete(List.of(h.plugin.label() + ": unloading it failed: " + e));
                    } finally {
                        holders.remove(h.plugin.loader());
                    }
                });
        t.setContextClassLoader(parent);
        t.start();
        return new PluginReload.Unloaded(h.plugin, replacedBy, runs, h.destroyed);
    }

    /**
     * At the host's shutdown: every plugin in service is shut down as {@link Plugins#close(Duration)} does, and unloaded
     * ones still held by runs are shut down too (the runs end with the host). Returns what went wrong, one line each.
     */
    public synchronized List<String> close(Duration timeout) {
        if (closed) {
            return List.of();
        }
        closed = true;
        List<Holder> pending = new ArrayList<>();
        synchronized (uses) {
            for (Holder h : holders.values()) {
                h.retired = true;
                if (!current.loaded().contains(h.plugin)) {
                    pending.add(h);
                    h.released.complete(null);
                }
            }
        }
        List<String> problems = new ArrayList<>(current.close(timeout));
        for (Holder h : pending) {
            try {
                problems.addAll(h.destroyed.get(
                        timeout.toMillis() + Plugins.LISTENER_GRACE.toMillis() + 1000, TimeUnit.MILLISECONDS));
            } catch (Exception e) {
                problems.add(h.plugin.label() + ": still unloading at shutdown");
            }
        }
        return problems;
    }

    @Override
    public void close() {
        close(PluginLoader.HOOK_TIMEOUT);
    }
}
