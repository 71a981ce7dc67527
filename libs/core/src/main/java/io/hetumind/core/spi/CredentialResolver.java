package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.CredentialRef;
import java.util.Optional;

/** Resolves a node's credential reference to its decrypted data, for one execution only. */
public interface CredentialResolver {

    Optional<ObjectNode> resolve(CredentialRef ref, String credentialType);

    CredentialResolver NONE = (ref, type) -> Optional.empty();
}
