package io.hetumind.nodes.ftp;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/** An SFTP server (n8n's {@code sftp} credential): a password, or a private key in OpenSSH format. */
public final class SftpCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            "sftp",
            "SFTP",
            "An SFTP (SSH) server, with a password or a private key.",
            CredentialProperty.plain(PropertySpec.string("host")
                    .displayName("Host")
                    .defaultValue("")
                    .required()),
            CredentialProperty.plain(PropertySpec.number("port")
                    .displayName("Port")
                    .defaultValue(22)
                    .required()),
            CredentialProperty.plain(PropertySpec.string("username")
                    .displayName("Username")
                    .defaultValue("")
                    .required()),
            CredentialProperty.secret(PropertySpec.string("password")
                    .displayName("Password")
                    .defaultValue("")
                    .password()),
            CredentialProperty.secret(PropertySpec.string("privateKey")
                    .displayName("Private Key")
                    .defaultValue("")
                    .rows(4)
                    .description("A private key for key-based user authentication (OpenSSH format)")),
            CredentialProperty.secret(PropertySpec.string("passphrase")
                    .displayName("Passphrase")
                    .defaultValue("")
                    .password()
                    .description("For an encrypted private key, the passphrase used to decrypt it")));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
