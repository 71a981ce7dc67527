package io.hetumind.nodes.email;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/** An IMAP server (n8n's {@code imap} credential): TLS from the first byte by default, port 993. */
public final class ImapCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            "imap",
            "IMAP",
            "An IMAP server with a user name and password.",
            CredentialProperty.plain(
                    PropertySpec.string("user").displayName("User").defaultValue("")),
            CredentialProperty.secret(PropertySpec.string("password")
                    .displayName("Password")
                    .defaultValue("")
                    .password()),
            CredentialProperty.plain(
                    PropertySpec.string("host").displayName("Host").defaultValue("")),
            CredentialProperty.plain(
                    PropertySpec.number("port").displayName("Port").defaultValue(993)),
            CredentialProperty.plain(PropertySpec.bool("secure")
                    .displayName("SSL/TLS")
                    .defaultValue(true)
                    .description("Whether the connection is TLS from the start (usually port 993)")),
            CredentialProperty.plain(PropertySpec.bool("allowUnauthorizedCerts")
                    .displayName("Allow Self-Signed Certificates")
                    .defaultValue(false)
                    .description("Whether to connect even if SSL certificate validation is not possible")));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
