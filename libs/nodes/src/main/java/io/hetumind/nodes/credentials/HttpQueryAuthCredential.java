package io.hetumind.nodes.credentials;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/** A query parameter added to every request URL, e.g. api_key. */
public final class HttpQueryAuthCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            "httpQueryAuth",
            "Query Auth",
            "A query parameter added to every request URL, e.g. api_key.",
            CredentialProperty.plain(
                    PropertySpec.string("name").displayName("Name").required()),
            CredentialProperty.secret(
                    PropertySpec.string("value").displayName("Value").required()));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
