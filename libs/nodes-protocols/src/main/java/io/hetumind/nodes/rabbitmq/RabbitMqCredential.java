package io.hetumind.nodes.rabbitmq;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/** A RabbitMQ broker (n8n's {@code rabbitmq} credential): AMQP 0-9-1 over TCP or TLS (amqps). */
public final class RabbitMqCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            "rabbitmq",
            "RabbitMQ",
            "A RabbitMQ broker reached over AMQP 0-9-1 (TCP or TLS), with user and password or a client certificate.",
            CredentialProperty.plain(PropertySpec.string("hostname")
                    .displayName("Hostname")
                    .defaultValue("")
                    .placeholder("localhost")),
            CredentialProperty.plain(
                    PropertySpec.number("port").displayName("Port").defaultValue(5672)),
            CredentialProperty.plain(PropertySpec.string("username")
                    .displayName("User")
                    .defaultValue("")
                    .placeholder("guest")),
            CredentialProperty.secret(PropertySpec.string("password")
                    .displayName("Password")
                    .defaultValue("")
                    .placeholder("guest")
                    .password()),
            CredentialProperty.plain(
                    PropertySpec.string("vhost").displayName("Vhost").defaultValue("/")),
            CredentialProperty.plain(PropertySpec.bool("ssl")
                    .displayName("SSL")
                    .defaultValue(false)
                    .description("Whether to connect with TLS (amqps)")),
            CredentialProperty.plain(PropertySpec.bool("passwordless")
                    .displayName("Passwordless")
                    .defaultValue(true)
                    .description("Whether to use passwordless connection with certificates (SASL mechanism EXTERNAL)")
                    .showWhen("ssl", true)),
            CredentialProperty.secret(PropertySpec.string("ca")
                    .displayName("CA Certificates")
                    .defaultValue("")
                    .password()
                    .showWhen("ssl", true)),
            CredentialProperty.secret(PropertySpec.string("cert")
                    .displayName("Client Certificate")
                    .defaultValue("")
                    .password()
                    .showWhen("ssl", true)
                    .showWhen("passwordless", true)),
            CredentialProperty.secret(PropertySpec.string("key")
                    .displayName("Client Key")
                    .defaultValue("")
                    .password()
                    .showWhen("ssl", true)
                    .showWhen("passwordless", true)),
            CredentialProperty.secret(PropertySpec.string("passphrase")
                    .displayName("Passphrase")
                    .defaultValue("")
                    .password()
                    .showWhen("ssl", true)
                    .showWhen("passwordless", true)));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
