package io.hetumind.nodes.mqtt;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/** An MQTT broker (n8n's {@code mqtt} credential): plain TCP for now, user name and password optional. */
public final class MqttCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            "mqtt",
            "MQTT",
            "An MQTT broker reached over TCP (mqtt://), with an optional user name and password.",
            CredentialProperty.plain(PropertySpec.options("protocol")
                    .displayName("Protocol")
                    .option("mqtt", "Mqtt")
                    .defaultValue("mqtt")
                    .description("mqtts and ws are not supported yet")),
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
                    .description("Client ID. If left empty, one is generated.")));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
