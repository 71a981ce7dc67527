package io.hetumind.nodes.email;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/** An SMTP server (n8n's {@code smtp} credential): implicit TLS by default, else STARTTLS when offered. */
public final class SmtpCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            "smtp",
            "SMTP",
            "An SMTP server, with an optional user name and password.",
            CredentialProperty.plain(
                    PropertySpec.string("user").displayName("User").defaultValue("")),
            CredentialProperty.secret(PropertySpec.string("password")
                    .displayName("Password")
                    .defaultValue("")
                    .password()),
            CredentialProperty.plain(
                    PropertySpec.string("host").displayName("Host").defaultValue("")),
            CredentialProperty.plain(
                    PropertySpec.number("port").displayName("Port").defaultValue(465)),
            CredentialProperty.plain(PropertySpec.bool("secure")
                    .displayName("SSL/TLS")
                    .defaultValue(true)
                    .description("Whether the connection is TLS from the start (usually port 465)")),
            CredentialProperty.plain(PropertySpec.bool("disableStartTls")
                    .displayName("Disable STARTTLS")
                    .defaultValue(false)
                    .description("Whether to stay in plain text even when the server offers STARTTLS")
                    .showWhen("secure", false)),
            CredentialProperty.plain(PropertySpec.string("hostName")
                    .displayName("Client Host Name")
                    .defaultValue("")
                    .description("The host name sent in HELO/EHLO; empty: this machine's name")));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
