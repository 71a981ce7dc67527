package io.hetumind.nodes.mysql;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.ssh.SshTunnel;
import java.util.ArrayList;
import java.util.List;

/** A MySQL or MariaDB server (n8n's {@code mySql} credential). TLS with PEM certificates; an SSH tunnel ({@link SshTunnel}). */
public final class MySqlCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = withSshTunnel(CredentialDescriptor.of(
            "mySql",
            "MySQL",
            "A MySQL or MariaDB server: host, port, database, user and password.",
            CredentialProperty.plain(
                    PropertySpec.string("host").displayName("Host").defaultValue("localhost")),
            CredentialProperty.plain(
                    PropertySpec.string("database").displayName("Database").defaultValue("mysql")),
            CredentialProperty.plain(
                    PropertySpec.string("user").displayName("User").defaultValue("mysql")),
            CredentialProperty.secret(PropertySpec.string("password")
                    .displayName("Password")
                    .defaultValue("")
                    .password()),
            CredentialProperty.plain(
                    PropertySpec.number("port").displayName("Port").defaultValue(3306)),
            CredentialProperty.plain(PropertySpec.number("connectTimeout")
                    .displayName("Connect Timeout")
                    .defaultValue(10000)
                    .description("The milliseconds before a timeout occurs during the initial connection to the"
                            + " MySQL server")),
            CredentialProperty.plain(PropertySpec.bool("multipleStatements")
                    .displayName("Multiple Statements")
                    .defaultValue(false)
                    .description("Allow multiple statements per query (version 1 Execute Query; version 2 splits"
                            + " queries into statements itself)")),
            CredentialProperty.plain(PropertySpec.bool("ssl")
                    .displayName("SSL")
                    .defaultValue(false)
                    .description("Whether to connect with TLS; the certificate must be trusted (the CA certificate"
                            + " below, else the JVM's) and name the host")),
            CredentialProperty.secret(PropertySpec.string("caCertificate")
                    .displayName("CA Certificate")
                    .defaultValue("")
                    .password()
                    .showWhen("ssl", true)),
            CredentialProperty.secret(PropertySpec.string("clientPrivateKey")
                    .displayName("Client Private Key")
                    .defaultValue("")
                    .password()
                    .showWhen("ssl", true)),
            CredentialProperty.secret(PropertySpec.string("clientCertificate")
                    .displayName("Client Certificate")
                    .defaultValue("")
                    .password()
                    .showWhen("ssl", true))));

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
