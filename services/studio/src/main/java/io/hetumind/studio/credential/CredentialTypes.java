package io.hetumind.studio.credential;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialRegistry;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The credential types this studio knows: every {@code CredentialType} on the class path (ServiceLoader, as the
 * node registry), checked at start, including that every credential a node accepts is one of them.
 */
@ApplicationScoped
public class CredentialTypes {
    private final CredentialRegistry registry;

    public CredentialTypes(NodeRegistry nodes) {
        this.registry = CredentialRegistry.load().requireKnown(nodes);
    }

    public List<CredentialDescriptor> all() {
        return registry.all();
    }

    /** The descriptor of {@code type}, or a 400 naming {@code field} when no such type exists. */
    public CredentialDescriptor require(String type, String field) {
        if (type == null || type.isBlank()) {
            throw ProblemException.invalid(field, "is required");
        }
        return registry.find(type)
                .orElseThrow(() -> ProblemException.invalid(field, "'" + type + "' is not a credential type"));
    }

    /** The descriptor of a stored record's type; a type that vanished from the class path is the instance's fault. */
    public CredentialDescriptor stored(String type) {
        return registry.find(type)
                .orElseThrow(() -> new IllegalStateException(
                        "credential type '" + type + "' is stored but not installed in this studio"));
    }
}
