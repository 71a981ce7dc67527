package io.hetumind.core.spi;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The node catalog: every {@link NodeType} found by {@link ServiceLoader}, indexed by type id
 * and aliases. Descriptors are checked when the registry is built; a bad one refuses to start.
 * A {@linkplain #lazy lazy} registry (the CLI's) creates and checks each type on first use instead. A
 * {@linkplain #switchable switchable} registry (a host that reloads node plugins) answers from whichever registry was
 * last {@linkplain #replace put in}; what was already looked up (a prepared workflow's node types) stays as it was.
 */
public final class NodeRegistry {

    private final Map<String, NodeType> byType = new LinkedHashMap<>();
    private final Map<String, String> aliasToType = new LinkedHashMap<>();
    /** Lazy registries only: what is not loaded yet, and where to load it from; null once all are loaded. */
    private volatile Pending pending;
    /** Switchable registries only: the registry answering now; null for every other registry. */
    private final AtomicReference<NodeRegistry> current;

    /** A lazy registry's index (type and alias → class) and the class loader its classes come from. */
    private record Pending(Map<String, NodeIndex.Entry> byType, Map<String, String> aliasToType, ClassLoader loader) {}

    private NodeRegistry(Collection<NodeType> types) {
        this.current = null;
        List<String> problems = new ArrayList<>();
        for (NodeType t : types) {
            NodeDescriptor d = t.descriptor();
            problems.addAll(DescriptorCheck.check(d));
            problems.addAll(DescriptorCheck.checkType(t));
            if (byType.putIfAbsent(d.type(), t) != null) {
                problems.add(d.type() + ": registered twice ("
                        + byType.get(d.type()).getClass().getName() + ", "
                        + t.getClass().getName() + ")");
            }
        }
        for (NodeType t : byType.values()) {
            for (String alias : t.descriptor().aliases()) {
                String previous = aliasToType.putIfAbsent(alias, t.descriptor().type());
                if (previous != null || byType.containsKey(alias)) {
                    problems.add(t.descriptor().type() + ": alias '" + alias + "' is already taken"
                            + (previous != null ? " by " + previous : ""));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid node descriptors:\n  - " + String.join("\n  - ", problems));
        }
    }

    private NodeRegistry(NodeRegistry initial) {
        this.current = new AtomicReference<>(initial);
    }

    private NodeRegistry(NodeIndex index, ClassLoader loader) {
        this.current = null;
        Map<String, NodeIndex.Entry> types = new HashMap<>();
        Map<String, String> aliases = new HashMap<>();
        for (NodeIndex.Entry e : index.entries()) {
            types.put(e.type(), e);
            e.aliases().forEach(a -> aliases.put(a, e.type()));
        }
        this.pending = new Pending(types, aliases, loader);
    }

    /**
     * A registry that creates a node type (and checks its descriptor) on first {@link #find}, from the classes
     * {@code index} names among the {@link ServiceLoader} providers of {@code loader}. When the index misses a
     * type, or a class no longer matches it, or on {@link #all}, it loads every type as {@link #load} does, so a
     * stale index costs time, never a wrong answer.
     */
    public static NodeRegistry lazy(ClassLoader loader, NodeIndex index) {
        return new NodeRegistry(index, loader);
    }

    /** Discovers node types on the class path of {@code loader}. */
    public static NodeRegistry load(ClassLoader loader) {
        List<NodeType> found = new ArrayList<>();
        ServiceLoader.load(NodeType.class, loader).forEach(found::add);
        return new NodeRegistry(found);
    }

    public static NodeRegistry load() {
        return load(NodeRegistry.class.getClassLoader());
    }

    /**
     * A registry that answers as {@code initial} until {@link #replace} puts another in, for hosts whose node types
     * change while they run (plugin reload). Each call answers from one registry, never a mix of two.
     */
    public static NodeRegistry switchable(NodeRegistry initial) {
        return new NodeRegistry(initial.current != null ? initial.current.get() : initial);
    }

    /**
     * Makes this switchable registry answer as {@code next} from now on; returns the one it answered as before.
     *
     * @throws IllegalStateException when this registry is not {@linkplain #switchable switchable}
     */
    public NodeRegistry replace(NodeRegistry next) {
        if (current == null) {
            throw new IllegalStateException("only a switchable registry can be replaced");
        }
        return current.getAndSet(next.current != null ? next.current.get() : next);
    }

    /** The registry a switchable one answers as now; this registry itself when it is not switchable. */
    public NodeRegistry snapshot() {
        return current == null ? this : current.get();
    }

    /** A registry of exactly these types (tests, embedding). */
    public static NodeRegistry of(Collection<NodeType> types) {
        return new NodeRegistry(types);
    }

    /** The node type for a type id or alias, regardless of version. */
    public Optional<NodeType> find(String typeOrAlias) {
        if (current != null) {
            return current.get().find(typeOrAlias);
        }
        if (pending == null) {
            return Optional.ofNullable(loaded(typeOrAlias));
        }
        synchronized (this) {
            NodeType t = loaded(typeOrAlias);
            if (t == null && pending != null) {
                t = loadOne(typeOrAlias);
            }
            return Optional.ofNullable(t);
        }
    }

    private NodeType loaded(String typeOrAlias) {
        NodeType t = byType.get(typeOrAlias);
        if (t == null) {
            String canonical = aliasToType.get(typeOrAlias);
            t = canonical == null ? null : byType.get(canonical);
        }
        return t;
    }

    /** Lazy registries: creates the indexed type, or falls back to loading every type when the index is wrong. */
    private NodeType loadOne(String typeOrAlias) {
        String canonical = pending.byType().containsKey(typeOrAlias)
                ? typeOrAlias
                : pending.aliasToType().get(typeOrAlias);
        NodeIndex.Entry entry = canonical == null ? null : pending.byType().get(canonical);
        NodeType t = entry == null ? null : provider(entry.className());
        if (t == null
                || !t.descriptor().type().equals(entry.type())
                || !t.descriptor().aliases().equals(entry.aliases())) {
            loadAll();
            return loaded(typeOrAlias);
        }
        List<String> problems = new ArrayList<>(DescriptorCheck.check(t.descriptor()));
        problems.addAll(DescriptorCheck.checkType(t));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid node descriptors:\n  - " + String.join("\n  - ", problems));
        }
        byType.put(entry.type(), t);
        entry.aliases().forEach(a -> aliasToType.put(a, entry.type()));
        return t;
    }

    /**
     * The node type of the class the index names, made as {@link ServiceLoader} makes a provider (a public static
     * {@code provider()} method, else the public no-argument constructor), or null when the class is gone or is not
     * a node type (the caller then loads every type). The index was written from a full load of the same jars, so
     * the class was a declared provider. Streaming the service's providers instead read the provider files of the
     * jars in class-path order up to the one after the match: a third of the CLI's jars opened for one node.
     */
    private NodeType provider(String className) {
        try {
            Class<?> type = Class.forName(className, false, pending.loader());
            if (!NodeType.class.isAssignableFrom(type) || !Modifier.isPublic(type.getModifiers())) {
                return null;
            }
            try {
                Method factory = type.getMethod("provider");
                if (Modifier.isStatic(factory.getModifiers())
                        && NodeType.class.isAssignableFrom(factory.getReturnType())) {
                    return (NodeType) factory.invoke(null);
                }
            } catch (NoSuchMethodException e) {
                // no factory method: the constructor, as ServiceLoader does
            }
            return (NodeType) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return null;
        }
    }

    /** Lazy registries: replaces what was loaded one by one with every type, checked together as {@link #load} does. */
    private synchronized void loadAll() {
        if (pending == null) {
            return;
        }
        NodeRegistry all = load(pending.loader());
        byType.clear();
        byType.putAll(all.byType);
        aliasToType.clear();
        aliasToType.putAll(all.aliasToType);
        pending = null;
    }

    /** All types, sorted by type id. */
    public List<NodeType> all() {
        if (current != null) {
            return current.get().all();
        }
        if (pending != null) {
            loadAll();
        }
        return byType.values().stream()
                .sorted(Comparator.comparing(t -> t.descriptor().type()))
                .toList();
    }

    /**
     * A registry with {@code extra} types added (test-only node types, plugins); of a switchable registry, its current
     * types plus {@code extra}, not switchable.
     */
    public NodeRegistry with(Collection<NodeType> extra) {
        if (current != null) {
            return current.get().with(extra);
        }
        if (pending != null) {
            loadAll();
        }
        List<NodeType> all = new ArrayList<>(byType.values());
        all.addAll(extra);
        return new NodeRegistry(all);
    }
}
