package io.hetumind.nodes.credentials;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/** A bearer token sent as Authorization: Bearer. */
public final class HttpBearerAuthCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            "httpBearerAuth",
            "Bearer Auth",
            "A bearer token sent as Authorization: Bearer.",
            CredentialProperty.secret(
                    PropertySpec.string("token").displayName("Bearer Token").required()));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
