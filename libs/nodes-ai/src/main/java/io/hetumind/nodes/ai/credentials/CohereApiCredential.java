package io.hetumind.nodes.ai.credentials;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.PropertySpec;

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

    @Override
    public boolean signsHttp() {
        return true;
    }

    /** n8n: Authorization Bearer apiKey. */
    @Override
    public void signHttp(ObjectNode data, HttpSigner request) {
        request.header("Authorization", "Bearer " + data.path("apiKey").asText(""));
    }
}
