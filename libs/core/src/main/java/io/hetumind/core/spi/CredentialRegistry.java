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
 * The credential catalog: every {@link CredentialType} found by {@link ServiceLoader}, by id.
 * Descriptors are checked when it is built and a bad one refuses to start, like node descriptors;
 * {@link #checkNodes} verifies that every credential a node accepts is a known type.
 */
public final class CredentialRegistry {

    private final Map<String, CredentialType> byId = new LinkedHashMap<>();

    private CredentialRegistry(Collection<CredentialType> types) {
        List<String> problems = new ArrayList<>();
        for (CredentialType t : types) {
            CredentialDescriptor d = t.descriptor();
            problems.addAll(d.check());
            if (byId.putIfAbsent(d.id(), t) != null) {
                problems.add(d.id() + ": credential type registered twice ("
                        + byId.get(d.id()).getClass().getName() + ", "
                        + t.getClass().getName() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid credential types:\n  - " + String.join("\n  - ", problems));
        }
    }

    public static CredentialRegistry load(ClassLoader loader) {
        List<CredentialType> found = new ArrayList<>();
        ServiceLoader.load(CredentialType.class, loader).forEach(found::add);
        return new CredentialRegistry(found);
    }

    public static CredentialRegistry load() {
        return load(CredentialRegistry.class.getClassLoader());
    }

    public static CredentialRegistry of(Collection<CredentialType> types) {
        return new CredentialRegistry(types);
    }

    public Optional<CredentialDescriptor> find(String id) {
        CredentialType t = byId.get(id);
        return t == null ? Optional.empty() : Optional.of(t.descriptor());
    }

    /** All credential descriptors, sorted by id. */
    public List<CredentialDescriptor> all() {
        return byId.values().stream()
                .map(CredentialType::descriptor)
                .sorted(Comparator.comparing(CredentialDescriptor::id))
                .toList();
    }

    /** Problems with node descriptors that accept unknown credential types (empty when all is well). */
    public List<String> checkNodes(NodeRegistry nodes) {
        List<String> problems = new ArrayList<>();
        for (NodeType t : nodes.all()) {
            for (CredentialSlot slot : t.descriptor().credentials()) {
                if (!byId.containsKey(slot.credentialType())) {
                    problems.add(t.descriptor().type() + ": accepts unknown credential type '" + slot.credentialType()
                            + "'");
                }
            }
        }
        return problems;
    }

    /** Like {@link #checkNodes}, but refuses to start on a problem. */
    public CredentialRegistry requireKnown(NodeRegistry nodes) {
        List<String> problems = checkNodes(nodes);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid node credentials:\n  - " + String.join("\n  - ", problems));
        }
        return this;
    }
}
