package io.hetumind.nodes.sshnode;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/** n8n's two SSH credentials for the SSH node: {@code sshPassword} and {@code sshPrivateKey}. */
public final class SshCredentials {

    private SshCredentials() {}

    private static CredentialProperty host() {
        return CredentialProperty.plain(PropertySpec.string("host")
                .displayName("Host")
                .defaultValue("")
                .placeholder("localhost")
                .required());
    }

    private static CredentialProperty port() {
        return CredentialProperty.plain(
                PropertySpec.number("port").displayName("Port").defaultValue(22).required());
    }

    private static CredentialProperty username() {
        return CredentialProperty.plain(
                PropertySpec.string("username").displayName("Username").defaultValue(""));
    }

    /** {@code sshPassword}: host, port, user name and password. */
    public static final class Password implements CredentialType {
        public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
                "sshPassword",
                "SSH Password",
                "An SSH server, logged into with a password.",
                host(),
                port(),
                username(),
                CredentialProperty.secret(PropertySpec.string("password")
                        .displayName("Password")
                        .defaultValue("")
                        .password()));

        @Override
        public CredentialDescriptor descriptor() {
            return DESCRIPTOR;
        }
    }

    /** {@code sshPrivateKey}: host, port, user name and a private key (OpenSSH or PEM) with its passphrase. */
    public static final class PrivateKey implements CredentialType {
        public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
                "sshPrivateKey",
                "SSH Private Key",
                "An SSH server, logged into with a private key.",
                host(),
                port(),
                username(),
                CredentialProperty.secret(PropertySpec.string("privateKey")
                        .displayName("Private Key")
                        .defaultValue("")
                        .rows(4)
                        .password()),
                CredentialProperty.secret(PropertySpec.string("passphrase")
                        .displayName("Passphrase")
                        .defaultValue("")
                        .password()
                        .description("Passphrase used to create the key; leave empty for a key without one")));

        @Override
        public CredentialDescriptor descriptor() {
            return DESCRIPTOR;
        }
    }
}
