package io.hetumind.nodes.credentials;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/** OAuth2 client credentials grant: the token is fetched, cached and refreshed by the engine. */
public final class OAuth2ApiCredential implements CredentialType {

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            "oAuth2Api",
            "OAuth2 API",
            "OAuth2 client credentials grant: the token is fetched, cached and refreshed by the engine.",
            CredentialProperty.plain(PropertySpec.options("grantType")
                    .displayName("Grant Type")
                    .option("clientCredentials", "Client Credentials")
                    .defaultValue("clientCredentials")),
            CredentialProperty.plain(PropertySpec.string("accessTokenUrl")
                    .displayName("Access Token URL")
                    .required()),
            CredentialProperty.plain(
                    PropertySpec.string("clientId").displayName("Client ID").required()),
            CredentialProperty.secret(PropertySpec.string("clientSecret")
                    .displayName("Client Secret")
                    .required()),
            CredentialProperty.plain(PropertySpec.string("scope").displayName("Scope")),
            CredentialProperty.plain(PropertySpec.options("authentication")
                    .displayName("Authentication")
                    .option("header", "Send Auth Header (Basic)")
                    .option("body", "Send Credentials in Body")
                    .defaultValue("header")));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
