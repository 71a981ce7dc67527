package io.hetumind.nodes.mqtt;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/**
 * An MQTT broker (n8n's {@code mqtt} credential): TCP or TLS (mqtts / SSL, with CA and client
 * certificates), or a WebSocket over either (ws / wss), user name and password optional.
 */
public final class MqttCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            "mqtt",
            "MQTT",
            "An MQTT broker reached over TCP, TLS (mqtts) or a WebSocket (ws, wss), with an optional user name and password or client"
                    + " certificate.",
            CredentialProperty.plain(PropertySpec.options("protocol")
                    .displayName("Protocol")
                    .option("mqtt", "Mqtt")
                    .option("mqtts", "Mqtts")
                    .option("ws", "Ws")
                    .option("wss", "Wss")
                    .defaultValue("mqtt")
                    .description("mqtts and wss speak TLS (as SSL does); ws and wss carry MQTT over a WebSocket"
                            + " (ws://host:port/)")),
            CredentialProperty.plain(
                    PropertySpec.string("host").displayName("Host").defaultValue("")),
            CredentialProperty.plain(
                    PropertySpec.number("port").displayName("Port").defaultValue(1883)),
            CredentialProperty.plain(
                    PropertySpec.string("username").displayName("Username").defaultValue("")),
            CredentialProperty.secret(PropertySpec.string("password")
                    .displayName("Password")
                    .defaultValue("")
                    .password()),
            CredentialProperty.plain(
                    PropertySpec.bool("clean")
                            .displayName("Clean Session")
                            .defaultValue(true)
                            .description(
                                    "Whether to use clean session - set to false to receive QoS 1 and 2 messages while offline")),
            CredentialProperty.plain(PropertySpec.string("clientId")
                    .displayName("Client ID")
                    .defaultValue("")
                    .description("Client ID. If left empty, one is generated.")),
            CredentialProperty.plain(PropertySpec.bool("ssl")
                    .displayName("SSL")
                    .defaultValue(false)
                    .description("Whether to connect with TLS")),
            CredentialProperty.plain(PropertySpec.bool("passwordless")
                    .displayName("Passwordless")
                    .defaultValue(true)
                    .description("Whether to use passwordless connection with certificates (SASL mechanism EXTERNAL)")
                    .showWhen("ssl", true)),
            CredentialProperty.secret(PropertySpec.string("ca")
                    .displayName("CA Certificates")
                    .defaultValue("")
                    .password()
                    .description("SSL CA Certificates to use")
                    .showWhen("ssl", true)),
            CredentialProperty.plain(PropertySpec.bool("rejectUnauthorized")
                    .displayName("Reject Unauthorized Certificate")
                    // n8n's default is false (any certificate accepted); a new credential here checks it
                    .defaultValue(true)
                    .description("Whether to validate Certificate")
                    .showWhen("ssl", true)
                    .showWhen("passwordless", true)),
            CredentialProperty.secret(PropertySpec.string("cert")
                    .displayName("Client Certificate")
                    .defaultValue("")
                    .password()
                    .description("SSL Client Certificate to use")
                    .showWhen("ssl", true)
                    .showWhen("passwordless", true)),
            CredentialProperty.secret(PropertySpec.string("key")
                    .displayName("Client Key")
                    .defaultValue("")
                    .password()
                    .description("SSL Client Key to use")
                    .showWhen("ssl", true)
                    .showWhen("passwordless", true)));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
