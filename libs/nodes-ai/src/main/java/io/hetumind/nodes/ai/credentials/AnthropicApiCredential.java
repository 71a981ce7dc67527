package io.hetumind.nodes.ai.credentials;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;
import java.util.Optional;

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

    /** n8n: the key in x-api-key. */
    @Override
    public Optional<HttpSigning> httpSigning() {
        return Optional.of((data, header, query) ->
                header.accept("x-api-key", data.path("apiKey").asText("")));
    }
}
