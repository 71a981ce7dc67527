package io.hetumind.nodes.ai.credentials;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

/** n8n's {@code anthropicApi}: an API key and the base URL of the Messages API. */
public final class AnthropicApiCredential implements CredentialType {

    public static final String TYPE = "anthropicApi";
    public static final String DEFAULT_URL = "https://api.anthropic.com";

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            TYPE,
            "Anthropic",
            "An Anthropic API key.",
            CredentialProperty.secret(
                    PropertySpec.string("apiKey").displayName("API Key").required()),
            CredentialProperty.plain(
                    PropertySpec.string("url").displayName("Base URL").defaultValue(DEFAULT_URL)));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
