package io.hetumind.nodes.credentials;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/** A header sent with every request, e.g. X-API-Key. */
public final class HttpHeaderAuthCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            "httpHeaderAuth",
            "Header Auth",
            "A header sent with every request, e.g. X-API-Key.",
            CredentialProperty.plain(
                    PropertySpec.string("name").displayName("Name").required()),
            CredentialProperty.secret(
                    PropertySpec.string("value").displayName("Value").required()));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
