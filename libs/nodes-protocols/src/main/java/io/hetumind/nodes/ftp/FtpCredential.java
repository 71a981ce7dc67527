package io.hetumind.nodes.ftp;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/** An FTP server (n8n's {@code ftp} credential): plain FTP, passive mode. */
public final class FtpCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            "ftp",
            "FTP",
            "An FTP server reached in plain FTP (passive mode), with a user name and password.",
            CredentialProperty.plain(PropertySpec.string("host")
                    .displayName("Host")
                    .defaultValue("")
                    .required()),
            CredentialProperty.plain(PropertySpec.number("port")
                    .displayName("Port")
                    .defaultValue(21)
                    .required()),
            CredentialProperty.plain(
                    PropertySpec.string("username").displayName("Username").defaultValue("")),
            CredentialProperty.secret(PropertySpec.string("password")
                    .displayName("Password")
                    .defaultValue("")
                    .password()));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
