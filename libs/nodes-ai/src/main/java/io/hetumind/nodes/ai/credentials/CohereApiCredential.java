package io.hetumind.nodes.ai.credentials;

import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;
import java.util.Optional;

/** n8n's {@code cohereApi}: an API key, sent as a Bearer token, and the API's base URL. */
public final class CohereApiCredential implements CredentialType {

    public static final String TYPE = "cohereApi";
    /** Where Cohere's client sends its calls (n8n's credential shows {@code https://api.cohere.ai}, which it ignores). */
    public static final String DEFAULT_URL = "https://api.cohere.com";

    public static final CredentialDescriptor DESCRIPTOR = CredentialDescriptor.of(
            TYPE,
            "Cohere",
            "A Cohere API key.",
            CredentialProperty.secret(
                    PropertySpec.string("apiKey").displayName("API Key").required()),
            CredentialProperty.plain(
                    PropertySpec.string("url").displayName("Base URL").defaultValue(DEFAULT_URL)));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** n8n: Authorization Bearer apiKey. */
    @Override
    public Optional<HttpSigning> httpSigning() {
        return Optional.of((data, header, query) ->
                header.accept("Authorization", "Bearer " + data.path("apiKey").asText("")));
    }
}
