package io.hetumind.nodes.credentials;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.ssh.SshTunnel;
import java.util.ArrayList;
import java.util.List;

/** A PostgreSQL server: host, port, database, user, password, SSL mode and an SSH tunnel ({@link SshTunnel}). */
public final class PostgresCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = withSshTunnel(CredentialDescriptor.of(
            "postgres",
            "Postgres",
            "A PostgreSQL server: host, port, database, user, password and SSL mode.",
            CredentialProperty.plain(
                    PropertySpec.string("host").displayName("Host").defaultValue("localhost")),
            CredentialProperty.plain(
                    PropertySpec.number("port").displayName("Port").defaultValue(5432)),
            CredentialProperty.plain(
                    PropertySpec.string("database").displayName("Database").defaultValue("postgres")),
            CredentialProperty.plain(
                    PropertySpec.string("user").displayName("User").defaultValue("postgres")),
            CredentialProperty.secret(PropertySpec.string("password").displayName("Password")),
            CredentialProperty.plain(PropertySpec.options("ssl")
                    .displayName("SSL")
                    .option("disable", "Disable")
                    .option("allow", "Allow")
                    .option("prefer", "Prefer")
                    .option("require", "Require")
                    .option("verify-ca", "Verify CA")
                    .option("verify-full", "Verify Full")
                    .defaultValue("disable")),
            CredentialProperty.plain(PropertySpec.number("maxConnections")
                    .displayName("Maximum Number of Connections")
                    .defaultValue(10)
                    .description("Size of the connection pool kept for this credential"))));

    private static CredentialDescriptor withSshTunnel(CredentialDescriptor d) {
        List<CredentialProperty> all = new ArrayList<>(d.properties());
        all.addAll(SshTunnel.credentialProperties());
        return new CredentialDescriptor(d.id(), d.displayName(), d.description(), all);
    }

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
