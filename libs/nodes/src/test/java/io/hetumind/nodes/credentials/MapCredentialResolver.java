package io.hetumind.nodes.credentials;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.CredentialRef;
import io.hetumind.core.spi.CredentialResolver;
import java.util.Map;
import java.util.Optional;

/** Test input: decrypted credential data by credential id, checked against the requested type. */
public record MapCredentialResolver(Map<String, ObjectNode> byId, Map<String, String> typeById)
        implements CredentialResolver {

    @Override
    public Optional<ObjectNode> resolve(CredentialRef ref, String credentialType) {
        if (!credentialType.equals(typeById.get(ref.id()))) {
            return Optional.empty();
        }
        return Optional.ofNullable(byId.get(ref.id())).map(ObjectNode::deepCopy);
    }
}
