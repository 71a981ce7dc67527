package io.hetumind.nodes.redis;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/** A Redis server (n8n's {@code redis} credential): TCP or TLS, ACL user and password optional. */
public final class RedisCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            "redis",
            "Redis",
            "A Redis server reached over TCP or TLS, with an optional ACL user and password.",
            CredentialProperty.secret(PropertySpec.string("password")
                    .displayName("Password")
                    .defaultValue("")
                    .password()),
            CredentialProperty.plain(PropertySpec.string("user")
                    .displayName("User")
                    .defaultValue("")
                    .description("Leave blank for password-only auth")),
            CredentialProperty.plain(
                    PropertySpec.string("host").displayName("Host").defaultValue("localhost")),
            CredentialProperty.plain(
                    PropertySpec.number("port").displayName("Port").defaultValue(6379)),
            CredentialProperty.plain(PropertySpec.number("database")
                    .displayName("Database Number")
                    .defaultValue(0)),
            CredentialProperty.plain(PropertySpec.bool("ssl")
                    .displayName("SSL")
                    .defaultValue(false)
                    .description("Whether to connect with TLS; the certificate must be trusted by the JVM and name"
                            + " the host")),
            CredentialProperty.plain(PropertySpec.bool("disableTlsVerification")
                    .displayName("Disable TLS Verification (insecure)")
                    .defaultValue(false)
                    .showWhen("ssl", true)));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
