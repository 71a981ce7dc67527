package io.hetumind.nodes.credentials;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/** HTTP Digest authentication (RFC 7616): a user name and a password, answered to the server's challenge. */
public final class HttpDigestAuthCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            "httpDigestAuth",
            "Digest Auth",
            "HTTP Digest authentication: a user name and a password, never sent themselves.",
            CredentialProperty.plain(
                    PropertySpec.string("user").displayName("User").defaultValue("")),
            CredentialProperty.secret(PropertySpec.string("password")
                    .displayName("Password")
                    .defaultValue("")
                    .password()));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
