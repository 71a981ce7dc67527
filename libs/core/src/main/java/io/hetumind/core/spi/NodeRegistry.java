package io.hetumind.core.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The node catalog: every {@link NodeType} found by {@link ServiceLoader}, indexed by type id
 * and aliases. Descriptors are checked when the registry is built; a bad one refuses to start.
 */
public final class NodeRegistry {

    private final Map<String, NodeType> byType = new LinkedHashMap<>();
    private final Map<String, String> aliasToType = new LinkedHashMap<>();

    private NodeRegistry(Collection<NodeType> types) {
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

    /** Discovers node types on the class path of {@code loader}. */
    public static NodeRegistry load(ClassLoader loader) {
        List<NodeType> found = new ArrayList<>();
        ServiceLoader.load(NodeType.class, loader).forEach(found::add);
        return new NodeRegistry(found);
    }

    public static NodeRegistry load() {
        return load(NodeRegistry.class.getClassLoader());
    }

    /** A registry of exactly these types (tests, embedding). */
    public static NodeRegistry of(Collection<NodeType> types) {
        return new NodeRegistry(types);
    }

    /** The node type for a type id or alias, regardless of version. */
    public Optional<NodeType> find(String typeOrAlias) {
        NodeType t = byType.get(typeOrAlias);
        if (t == null) {
            String canonical = aliasToType.get(typeOrAlias);
            t = canonical == null ? null : byType.get(canonical);
        }
        return Optional.ofNullable(t);
    }

    /** All types, sorted by type id. */
    public List<NodeType> all() {
        return byType.values().stream()
                .sorted(Comparator.comparing(t -> t.descriptor().type()))
                .toList();
    }

    /** A registry with {@code extra} types added (test-only node types, plugins). */
    public NodeRegistry with(Collection<NodeType> extra) {
        List<NodeType> all = new ArrayList<>(byType.values());
        all.addAll(extra);
        return new NodeRegistry(all);
    }
}
