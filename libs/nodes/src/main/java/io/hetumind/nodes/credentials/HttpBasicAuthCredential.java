package io.hetumind.nodes.credentials;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/** HTTP Basic authentication: a user name and a password. */
public final class HttpBasicAuthCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            "httpBasicAuth",
            "Basic Auth",
            "HTTP Basic authentication: a user name and a password.",
            CredentialProperty.plain(
                    PropertySpec.string("user").displayName("User").required()),
            CredentialProperty.secret(PropertySpec.string("password").displayName("Password")));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
